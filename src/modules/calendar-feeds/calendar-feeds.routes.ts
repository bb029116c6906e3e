import express from "express";
import { HubRuntime, createContext } from "../../core/context";
import { dueItems, principalForToken, toICalendar } from "./calendar-feeds.service";

// GET /calendar/<secret>.ics: calendar programs fetch it without a token (they cannot sign in),
// so the secret in the path is the credential. Unknown and revoked secrets get a plain 404.
export function calendarFeedRouter(runtime: HubRuntime): express.Router {
  const router = express.Router();
  router.get("/calendar/:token.ics", async (req, res) => {
    const ctx = createContext(runtime, null, "http", res.locals.requestId as string);
    try {
      const principal = await principalForToken(ctx, String(req.params.token));
      if (!principal) {
        res.status(404).type("text/plain").send("Not found");
        return;
      }
      const items = await dueItems(ctx, principal);
      for (const id of new Set(items.map((i) => i.proceedingsId))) ctx.audit.touch(id, null);
      await ctx.audit.flush(runtime.dataSource.manager, {
        requestId: ctx.requestId,
        userId: principal.userId,
        organisationId: principal.organisationId,
        operation: "HTTP.calendarFeed",
        outcome: "OK",
      });
      res.status(200).type("text/calendar; charset=utf-8").setHeader("cache-control", "private, no-store").send(toICalendar(runtime.config.publicUrl, items));
    } catch (err) {
      runtime.logger.error("calendar feed failed", { error: err instanceof Error ? err.stack : String(err) });
      res.status(500).type("text/plain").send("Internal server error");
    }
  });
  return router;
}
