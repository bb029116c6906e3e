import { pipeline } from "node:stream/promises";
import express, { Request, Response } from "express";
import { GraphQLError } from "graphql";
import { HubRuntime, createContext, AuthorisedContext } from "../../core/context";
import { ErrorCode, errorCodeOf, isDatabaseUnavailable, serviceUnavailable, unauthenticated } from "../../core/errors";
import { sendJsonError } from "../../core/http";
import type { Authenticator } from "../../core/auth/authenticator";
import { runAudited } from "../../core/operation";
import { fileUpload, openForDownload, scanBeforeReading, storeUpload, UploadCutOff, UploadError } from "./court-papers.service";

// Bytes do not travel inside GraphQL: these two plain HTTP endpoints stream them, with the same
// bearer tokens, the same case-scoped checks and the same audit trail as the API.

const STATUS: Record<string, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

function sendError(res: Response, ctx: AuthorisedContext | null, err: unknown): void {
  // The client hung up part-way (curl closing after the last byte, a cancelled download): there
  // is nobody to answer and nothing went wrong on our side.
  if ((err as { code?: string }).code === "ERR_STREAM_PREMATURE_CLOSE" || res.destroyed) {
    ctx?.logger.info("client closed the transfer early", { requestId: ctx.requestId });
    return;
  }
  if (isDatabaseUnavailable(err)) err = serviceUnavailable();
  const code = errorCodeOf(err);
  const status = err instanceof UploadError ? err.status : (STATUS[code] ?? 500);
  if (status === 500) ctx?.logger.error("document transfer failed", { error: err instanceof Error ? err.stack : String(err) });
  const message = status === 500 ? "Internal server error" : (err as Error).message;
  sendJsonError(res, status, status === 500 ? ErrorCode.INTERNAL_SERVER_ERROR : code, message);
}

export function courtPapersRouter(runtime: HubRuntime, auth: Authenticator): express.Router {
  const router = express.Router();

  async function contextFor(req: Request, res: Response): Promise<AuthorisedContext> {
    // Both routes change something (an upload files a paper; a download is the recipient's
    // receipt, "read"), so a cookie-authenticated request carries the CSRF token either way.
    const principal = await auth.principal(req, { stateChanging: true });
    if (!principal) throw unauthenticated();
    return createContext(runtime, principal, "http", res.locals.requestId as string);
  }

  router.put("/uploads/:slotId", async (req, res) => {
    let ctx: AuthorisedContext | null = null;
    try {
      ctx = await contextFor(req, res);
      const c = ctx;
      const stored = await storeUpload(c, String(req.params.slotId), req).catch(async (err) => {
        await c.audit.flush(runtime.dataSource.manager, {
          requestId: c.requestId,
          userId: c.principal.userId,
          organisationId: c.principal.organisationId,
          operation: "HTTP.uploadDocument",
          outcome: err instanceof GraphQLError ? errorCodeOf(err) : err instanceof UploadCutOff ? "CUT_OFF" : "ERROR",
        });
        throw err;
      });
      if (!("key" in stored)) {
        res.status(200).json({ documentId: stored.documentId });
        return;
      }
      const outcome = await runAudited(c, "HTTP.uploadDocument", "write", (tx) => fileUpload(tx, stored)).catch(async (err) => {
        await runtime.storage.delete(stored.key).catch(() => undefined);
        throw err;
      });
      if (!outcome.created) await runtime.storage.delete(stored.key);
      res.status(outcome.created ? 201 : 200).json({ documentId: outcome.documentId });
    } catch (err) {
      if (err instanceof UploadCutOff) return; // the client went away; there is no one to answer
      // Unread bytes of a refused upload are not worth reading: answer, then close.
      res.setHeader("connection", "close");
      sendError(res, ctx, err);
    }
  });

  router.get("/documents/:id/content", async (req, res) => {
    let ctx: AuthorisedContext | null = null;
    // A HEAD would count as reading the paper without anyone having it: only GET.
    if (req.method === "HEAD") {
      res.setHeader("allow", "GET");
      return sendJsonError(res, 405, "METHOD_NOT_ALLOWED", "Download with GET");
    }
    try {
      ctx = await contextFor(req, res);
      const c = ctx;
      await scanBeforeReading(c, String(req.params.id));
      const doc = await runAudited(c, "HTTP.downloadDocument", "write", (tx) => openForDownload(tx, String(req.params.id)));
      const body = await runtime.storage.get(doc.storageKey);
      res.setHeader("content-type", doc.contentType);
      res.setHeader("content-length", doc.sizeBytes);
      res.setHeader("etag", `"${doc.sha256}"`);
      res.setHeader("cache-control", "private, no-store");
      res.setHeader("x-content-type-options", "nosniff");
      res.setHeader("content-disposition", `attachment; filename="${doc.fileName.replace(/[^\w.\- ]/g, "_")}"`);
      await pipeline(body, res);
    } catch (err) {
      sendError(res, ctx, err);
    }
  });

  return router;
}
