import fs from "node:fs";
import path from "node:path";
import { Request, RequestHandler, Response } from "express";

// Serves the console (and, in development, GraphiQL) that `npm run build` puts in dist/web:
// hashed assets cached for a year, pages never cached, compressed copies made at build time,
// and a Content-Security-Policy that lets a page load nothing from another origin and run no
// inline script.

export interface WebOptions {
  /** dist/web */
  root: string;
  /** Serve /graphiql (development only). */
  graphiql: boolean;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

// The console talks to the hub only: sign-in with an identity provider is the hub's own
// redirect and code exchange (src/modules/sign-in), never a request from the page.
function csp(styleInline: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self'${styleInline ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/** The console's pages and assets; null when the console has not been built. */
export function webConsole(options: WebOptions): RequestHandler | null {
  const root = path.resolve(options.root);
  if (!fs.existsSync(path.join(root, "index.html"))) return null;

  const send = (req: Request, res: Response, file: string, headers: Record<string, string>) => {
    const ext = path.extname(file);
    const accepts = String(req.headers["accept-encoding"] ?? "");
    let body = file;
    for (const [encoding, suffix] of [
      ["br", ".br"],
      ["gzip", ".gz"],
    ] as const) {
      if (accepts.includes(encoding) && fs.existsSync(file + suffix)) {
        body = file + suffix;
        res.setHeader("content-encoding", encoding);
        break;
      }
    }
    res.setHeader("vary", "accept-encoding");
    res.setHeader("content-type", TYPES[ext] ?? "application/octet-stream");
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.sendFile(body, { dotfiles: "deny", lastModified: false, etag: true, cacheControl: false });
  };

  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const urlPath = decodeURIComponent(req.path);
    if (urlPath.includes("\0")) return next();
    const page = (name: string, styleInline = false) =>
      send(req, res, path.join(root, name), {
        "cache-control": "no-cache",
        "content-security-policy": csp(styleInline),
      });

    if (urlPath === "/graphiql") {
      // A development tool: its editor (Monaco) sets inline styles, so this page alone allows them.
      return options.graphiql ? page("graphiql.html", true) : next();
    }
    if (urlPath.startsWith("/assets/") || urlPath === "/favicon.svg") {
      const file = path.join(root, urlPath);
      if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return next();
      // Vite names assets by content hash: a changed file is a new URL.
      return send(req, res, file, { "cache-control": urlPath.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "public, max-age=3600" });
    }
    // The console routes in the browser: any other page path gets the app shell.
    if (path.extname(urlPath) === "" && String(req.headers.accept ?? "").includes("text/html")) return page("index.html");
    next();
  };
}
