import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";
import { Logger } from "./logger";
import { ErrorCode } from "./errors";

// HTTP plumbing shared by every route: request ids and log lines, security headers, and
// errors as JSON with a stable code (never Express's HTML page with a stack trace).

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Gives a request its id (the client's, if well formed) and logs it when the response is done. */
export function beginRequest(logger: Logger, req: IncomingMessage, res: ServerResponse, path: string): string {
  const given = req.headers["x-request-id"];
  const requestId = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader("x-request-id", requestId);
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    logger.info("request", {
      requestId,
      method: req.method,
      path,
      status: res.statusCode,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
    });
  });
  return requestId;
}

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    // Mounted routers rewrite req.path: keep what the client asked for, less any secret in it
    // (a calendar feed's path is its credential).
    res.locals.requestId = beginRequest(logger, req, res, req.path.replace(/^\/calendar\/[^/]+\.ics$/, "/calendar/[secret].ics"));
    next();
  };
}

export const SECURITY_HEADERS: readonly [string, string][] = [
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "no-referrer"],
  ["x-frame-options", "DENY"],
  ["cross-origin-opener-policy", "same-origin"],
  ["cross-origin-resource-policy", "same-origin"],
];

export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
    next();
  };
}

export function sendJsonError(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}

export function notFoundRoute(): RequestHandler {
  return (req, res) => sendJsonError(res, 404, ErrorCode.NOT_FOUND, `No route for ${req.method} ${req.path}`);
}

interface HttpErrorLike {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

/** The last handler: body-parser's 400/413/415 and anything unexpected, as JSON. */
export function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (err: HttpErrorLike, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status ?? err.statusCode ?? 500;
    if (status === 413) return sendJsonError(res, 413, "PAYLOAD_TOO_LARGE", "The request body is too large");
    if (status === 415) return sendJsonError(res, 415, "UNSUPPORTED_MEDIA_TYPE", err.message ?? "Unsupported content type or charset");
    if (err.type === "entity.parse.failed") return sendJsonError(res, 400, "BAD_REQUEST", "The request body is not valid JSON");
    if (status >= 400 && status < 500 && err.expose) return sendJsonError(res, status, "BAD_REQUEST", err.message ?? "Bad request");
    logger.error("unexpected HTTP error", { error: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) });
    sendJsonError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error");
  };
}
