import type { HubModule } from "../../core/module";
import { endSessionsOf } from "../../core/auth/sessions";
import { SignInResolver } from "./sign-in.resolver";
import { signInRouter } from "./sign-in.routes";
import { forgetOldSessions } from "./sign-in.service";

export const signInModule: HubModule = {
  name: "sign-in",
  resolvers: [SignInResolver],
  routes: signInRouter,
  // Their sockets close on the same NOTIFY as ever; their sessions end for good.
  accessEnded: (ctx, userId) => endSessionsOf(ctx.em, userId, "ACCESS_ENDED"),
  jobs: [{ name: "sign-in: forget old sessions", everyMs: () => 60 * 60_000, run: (ctx) => forgetOldSessions(ctx) }],
};
