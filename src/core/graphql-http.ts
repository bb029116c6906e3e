import http from "node:http";
import { ApolloServer, BaseContext, HeaderMap } from "@apollo/server";
import { ErrorCode } from "./errors";
import { Logger } from "./logger";
import { beginRequest, SECURITY_HEADERS } from "./http";

// The common GraphQL request, `POST /graphql` with a JSON body, handed to Apollo straight from
// node:http rather than through Express's router, body-parser and `res.send` (which hashes every
// response for an ETag). What Express did for it is done here the same way: request id and log
// line, security headers, the body limits (small without a token), the same refusals with the
// same codes. Anything else (GET, another content type, a compressed body) goes to Express.

export interface GraphqlHttpOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  logger: Logger;
  /** How much body is read without a token, and with one. */
  anonymousMaxBodyBytes: number;
  maxBodyBytes: number;
  /** Refusals for bodies over the limits and documents over theirs (the same as Express's path gives). */
  anonymousTooLarge: () => { status: number; code: string; message: string };
  checkQuery: (query: string, anonymous: boolean) => { status: number; code: string; message: string } | null;
  /** Whether the request presents credentials (a bearer token or a session cookie). */
  presents: (req: http.IncomingMessage) => boolean;
  context: (req: http.IncomingMessage, requestId: string) => Promise<C>;
}

/** Whether the fast path takes this request. */
export function isPlainGraphqlPost(req: http.IncomingMessage): boolean {
  if (req.method !== "POST") return false;
  const url = req.url ?? "";
  if (url !== "/graphql" && !url.startsWith("/graphql?")) return false;
  const [type, ...params] = (req.headers["content-type"] ?? "").split(";").map((p) => p.trim().toLowerCase());
  const encoding = req.headers["content-encoding"];
  // A body in another charset goes to Express: body-parser decodes the UTF-16 and -32 family and
  // refuses others (415).
  const charset = params
    .find((p) => p.startsWith("charset="))
    ?.slice("charset=".length)
    .replace(/"/g, "");
  return type === "application/json" && (!encoding || encoding === "identity") && (!charset || charset === "utf-8" || charset === "utf8");
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Reads the body up to `limit` bytes: null when it is longer, "gone" when the client left first. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null | "gone"> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(null);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks, size)));
    // A client that hangs up mid-body is not an error of ours (nor worth an answer).
    req.on("error", () => resolve("gone"));
    req.on("close", () => {
      if (!req.complete) resolve("gone");
    });
  });
}

export function graphqlHttpHandler<C extends BaseContext>(o: GraphqlHttpOptions<C>) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const requestId = beginRequest(o.logger, req, res, "/graphql");
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
    try {
      const anonymous = !o.presents(req);
      const raw = await readBody(req, anonymous ? o.anonymousMaxBodyBytes : o.maxBodyBytes);
      if (raw === "gone") return;
      if (!raw) {
        // Stop reading a body we will not use; answer, then close.
        res.setHeader("connection", "close");
        if (anonymous) {
          const refused = o.anonymousTooLarge();
          return sendError(res, refused.status, refused.code, refused.message);
        }
        return sendError(res, 413, "PAYLOAD_TOO_LARGE", "The request body is too large");
      }
      let body: unknown = {};
      const text = raw.toString("utf8");
      if (text.trim()) {
        // As body-parser's strict JSON: an object or an array, nothing else.
        const first = text.trimStart()[0];
        try {
          if (first !== "{" && first !== "[") throw new SyntaxError("not an object or array");
          body = JSON.parse(text);
        } catch {
          return sendError(res, 400, "BAD_REQUEST", "The request body is not valid JSON");
        }
      }
      const query = (body as { query?: unknown }).query;
      if (typeof query === "string") {
        const refused = o.checkQuery(query, anonymous);
        if (refused) return sendError(res, refused.status, refused.code, refused.message);
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
      const url = req.url ?? "/graphql";
      const response = await o.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: "POST", headers, search: url.includes("?") ? url.slice(url.indexOf("?")) : "", body },
        context: () => o.context(req, requestId),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === "complete") {
        res.setHeader("content-length", Buffer.byteLength(response.body.string));
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (err) {
      o.logger.error("unexpected HTTP error", { error: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) });
      sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error");
    }
  };
}
