import crypto from "node:crypto";
import express, { Request, Response } from "express";
import { HubRuntime, createContext } from "../../core/context";
import { ErrorCode, errorCodeOf, isDatabaseUnavailable } from "../../core/errors";
import { sendJsonError } from "../../core/http";
import { runAudited } from "../../core/operation";
import type { Authenticator } from "../../core/auth/authenticator";
import type { Principal } from "../../core/auth/principal";
import { signToken } from "../../core/auth/dev-issuer";
import { Activity, hashSecret, newSecret, readCookie, sessionCookie, SESSION_COOKIE, SIGN_IN_COOKIE } from "../../core/auth/sessions";

// The console's side of signing in, as a backend-for-frontend: the hub runs the OpenID Connect
// code flow (with PKCE and state) itself, keeps the provider's tokens to itself (it only
// needs them once, to learn who signed in), and gives the browser a session cookie instead.
//
//   GET  /session            the console asks whether it is signed in, and for its CSRF token
//                            (not activity: an open tab asking keeps nothing alive)
//   POST /session/refresh    "Stay signed in": activity, moving the idle end
//   POST /session/demo       development: sign in as a demo user
//   GET  /signin/start       off to the organisation's identity provider
//   GET  /signin/callback    back from it (the redirect URI to register at the provider)
//   POST /session/end        sign out (every tab: the session ends on the server)

/** A sign-in must come back from the provider within this long. */
const SIGN_IN_MINUTES = 10;

/** Where a sign-in may send the person back to: a path of the console's own. */
function safeReturn(to: unknown): string {
  return typeof to === "string" && to.startsWith("/") && !to.startsWith("//") && !to.startsWith("/\\") && !to.startsWith("/signin") ? to : "/";
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

interface ProviderRow {
  id: string;
  issuer: string;
  discovery_url: string;
  client_id: string;
  scope: string | null;
}

export function signInRouter(runtime: HubRuntime, auth: Authenticator): express.Router {
  const router = express.Router();
  const { config, dataSource, logger } = runtime;
  const sessions = auth.sessions;
  const json = express.json({ limit: 4096 });
  // Production: PUBLIC_URL is where the console is; development: wherever it was reached.
  const consoleOrigin = (req: Request) => (config.mode === "production" ? new URL(config.publicUrl).origin : `${req.protocol}://${req.get("host")}`);
  // A request that can start or end a session must come from the console's own pages.
  const fromConsole = (req: Request) => req.headers.origin === undefined || req.headers.origin === consoleOrigin(req);

  const noStore = (res: Response) => res.setHeader("cache-control", "no-store");

  const fail = (res: Response, err: unknown) => {
    if (isDatabaseUnavailable(err)) return sendJsonError(res, 503, ErrorCode.SERVICE_UNAVAILABLE, "The database is unavailable; try again shortly");
    const code = errorCodeOf(err);
    if (code === ErrorCode.INTERNAL_SERVER_ERROR) {
      logger.error("session route failed", { error: err instanceof Error ? err.stack : String(err) });
      return sendJsonError(res, 500, code, "Internal server error");
    }
    const status = code === ErrorCode.UNAUTHENTICATED ? 401 : code === ErrorCode.FORBIDDEN ? 403 : code === ErrorCode.NOT_FOUND ? 404 : 400;
    sendJsonError(res, status, code, (err as Error).message);
  };

  /**
   * Starts a session for someone the hub has just recognised, and audits it. A session this
   * browser held before ends: signing in again (perhaps as someone else) leaves nothing behind.
   */
  async function startSession(req: Request, res: Response, principal: Principal, method: string): Promise<{ csrfToken: string; expiresAt: Date }> {
    const ctx = createContext(runtime, principal, "http", res.locals.requestId as string);
    const previous = readCookie(req.headers.cookie, SESSION_COOKIE);
    const created = await runAudited(ctx, `HTTP.signIn.${method}`, "write", async (tx) => {
      if (previous) await sessions.endBySecret(tx.em, previous, "REPLACED");
      return sessions.create(tx.em, principal.userId, method);
    });
    res.append("set-cookie", sessionCookie(SESSION_COOKIE, created.secret, (created.expiresAt.getTime() - Date.now()) / 1000));
    return { csrfToken: created.csrfToken, expiresAt: created.expiresAt };
  }

  /** The console's view of its session: signed in or not, its CSRF token, and when it ends if left alone. */
  async function sessionState(req: Request, res: Response, activity: Activity, stateChanging: boolean): Promise<void> {
    noStore(res);
    try {
      const caller = await auth.caller(req, { stateChanging, activity }).catch((err: unknown) => {
        if (errorCodeOf(err) === ErrorCode.UNAUTHENTICATED) return null;
        throw err;
      });
      if (!caller?.session) {
        if (readCookie(req.headers.cookie, SESSION_COOKIE)) res.append("set-cookie", sessionCookie(SESSION_COOKIE, "", 0));
        res.json({ signedIn: false });
        return;
      }
      const s = caller.session;
      res.json({
        signedIn: true,
        csrfToken: s.csrfToken,
        method: s.method,
        expiresAt: s.expiresAt,
        endsAt: s.endsAt(),
        idleMinutes: sessions.policy.idleMinutes,
      });
    } catch (err) {
      fail(res, err);
    }
  }

  // Answers 200 either way: a console page asking whether it is signed in is not an error.
  // A page (re)opened by the person says so (x-hub-activity, a header no other site can send);
  // the page checking by itself does not.
  router.get("/session", (req, res) => sessionState(req, res, { touch: req.headers["x-hub-activity"] === "1" }, false));
  router.post("/session/refresh", (req, res) => sessionState(req, res, { touch: true, force: true }, true));

  router.post("/session/demo", json, async (req, res) => {
    noStore(res);
    try {
      const dev = runtime.devIssuer;
      if (!dev) return sendJsonError(res, 404, ErrorCode.NOT_FOUND, "Demo sign-in not found");
      if (!fromConsole(req)) return sendJsonError(res, 403, ErrorCode.FORBIDDEN, "Sign-in must start from the console");
      const subject = (req.body as { subject?: unknown } | undefined)?.subject;
      if (typeof subject !== "string") return sendJsonError(res, 400, ErrorCode.BAD_USER_INPUT, "subject is required");
      const [user] = (await dataSource.query(
        `SELECT u.id FROM hub_user u JOIN trusted_issuer i ON i.id = u.issuer_id WHERE i.issuer = $1 AND u.subject = $2 AND u.active`,
        [dev.issuer, subject],
      )) as { id: string }[];
      if (!user) return sendJsonError(res, 404, ErrorCode.NOT_FOUND, "Demo user not found");
      const principal = await auth.tokens.verify(signToken(dev, { issuer: dev.issuer, audience: dev.audience, subject, expiresInSeconds: 60 }));
      res.json(await startSession(req, res, principal, "demo"));
    } catch (err) {
      fail(res, err);
    }
  });

  router.get("/signin/start", async (req, res) => {
    noStore(res);
    try {
      const [provider] = (await dataSource.query(
        `SELECT id, issuer, discovery_url, client_id, scope FROM trusted_issuer
          WHERE id::text = $1 AND discovery_url IS NOT NULL AND client_id IS NOT NULL AND NOT development`,
        [String(req.query.provider ?? "")],
      )) as ProviderRow[];
      if (!provider) return res.redirect(303, "/signin?failed=provider");
      const discovery = await discover(provider.discovery_url);
      const state = newSecret();
      const verifier = newSecret();
      const secret = newSecret();
      await dataSource.query(
        `INSERT INTO console_session (secret_hash, user_id, csrf_token, method, sign_in, last_seen_at, expires_at)
         VALUES ($1, NULL, $2, 'oidc', $3, now(), now() + make_interval(mins => $4))`,
        [hashSecret(secret), newSecret(), { provider: provider.id, state, verifier, returnTo: safeReturn(req.query.return) }, SIGN_IN_MINUTES],
      );
      // Lax, not Strict: the provider sends the browser back with a cross-site navigation.
      res.append("set-cookie", sessionCookie(SIGN_IN_COOKIE, secret, SIGN_IN_MINUTES * 60).replace("SameSite=Strict", "SameSite=Lax"));
      const to = new URL(discovery.authorization_endpoint);
      to.search = new URLSearchParams({
        response_type: "code",
        client_id: provider.client_id,
        redirect_uri: `${consoleOrigin(req)}/signin/callback`,
        scope: provider.scope ?? "openid profile email",
        state,
        code_challenge: crypto.createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
      }).toString();
      res.redirect(303, to.toString());
    } catch (err) {
      logger.warn("sign-in could not start", { error: String(err) });
      res.redirect(303, "/signin?failed=provider");
    }
  });

  router.get("/signin/callback", async (req, res) => {
    noStore(res);
    res.append("set-cookie", sessionCookie(SIGN_IN_COOKIE, "", 0).replace("SameSite=Strict", "SameSite=Lax"));
    const secret = readCookie(req.headers.cookie, SIGN_IN_COOKIE);
    try {
      // The pending sign-in is used once, whatever happens next.
      const deleted: unknown = secret
        ? await dataSource.query(`DELETE FROM console_session WHERE secret_hash = $1 AND user_id IS NULL AND expires_at > now() RETURNING sign_in`, [
            hashSecret(secret),
          ])
        : [];
      // TypeORM answers a DELETE ... RETURNING with [rows, count].
      const rows = (Array.isArray(deleted) && Array.isArray(deleted[0]) ? deleted[0] : deleted) as { sign_in: Record<string, string> }[];
      const flow = rows[0]?.sign_in;
      if (!flow || typeof req.query.state !== "string" || req.query.state !== flow.state) return res.redirect(303, "/signin?failed=expired");
      if (typeof req.query.code !== "string") return res.redirect(303, "/signin?failed=refused");
      const [provider] = (await dataSource.query(`SELECT id, issuer, discovery_url, client_id, scope FROM trusted_issuer WHERE id = $1 AND NOT development`, [
        flow.provider,
      ])) as ProviderRow[];
      if (!provider) return res.redirect(303, "/signin?failed=provider");
      // RFC 9207: a provider that says who it is must be the one this sign-in went to (mix-up).
      if (req.query.iss !== undefined && req.query.iss !== provider.issuer) return res.redirect(303, "/signin?failed=refused");
      const discovery = await discover(provider.discovery_url);
      const tokenResponse = await fetch(discovery.token_endpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code: req.query.code,
          redirect_uri: `${consoleOrigin(req)}/signin/callback`,
          client_id: provider.client_id,
          code_verifier: flow.verifier,
        }),
        signal: AbortSignal.timeout(10_000),
      });
      const tokens = (await tokenResponse.json().catch(() => ({}))) as { access_token?: unknown };
      if (!tokenResponse.ok || typeof tokens.access_token !== "string") {
        logger.warn("identity provider refused the code", { status: tokenResponse.status });
        return res.redirect(303, "/signin?failed=refused");
      }
      // The same checks as any bearer token (signature, issuer, audience, expiry, an active user).
      const verified = await auth.tokens.verifyToken(tokens.access_token).catch(() => null);
      if (!verified || verified.principal.issuer !== provider.issuer) return res.redirect(303, "/signin?failed=unknown");
      await startSession(req, res, verified.principal, "oidc");
      res.redirect(303, safeReturn(flow.returnTo));
    } catch (err) {
      logger.warn("sign-in could not finish", { error: String(err) });
      res.redirect(303, "/signin?failed=provider");
    }
  });

  router.post("/session/end", async (req, res) => {
    noStore(res);
    // Cleared only once the request is known to be the console's: a cross-site form cannot sign anyone out.
    const clear = () => res.append("set-cookie", sessionCookie(SESSION_COOKIE, "", 0));
    try {
      const secret = readCookie(req.headers.cookie, SESSION_COOKIE);
      if (!secret) return res.status(204).end();
      const caller = await auth.caller(req, { stateChanging: true }).catch((err: unknown) => {
        if (errorCodeOf(err) === ErrorCode.UNAUTHENTICATED) return null; // already ended
        throw err;
      });
      clear();
      if (caller?.session) {
        const ctx = createContext(runtime, caller.principal, "http", res.locals.requestId as string);
        const sessionId = caller.session.id;
        await runAudited(ctx, "HTTP.signOut", "write", (tx) => sessions.end(tx.em, sessionId, "SIGNED_OUT"));
        sessions.forgetSession(sessionId);
      }
      res.status(204).end();
    } catch (err) {
      fail(res, err);
    }
  });

  return router;
}

const discovered = new Map<string, { doc: Discovery; until: number }>();

/** The provider's endpoints from its discovery document (remembered for ten minutes). */
async function discover(url: string): Promise<Discovery> {
  const known = discovered.get(url);
  if (known && known.until > Date.now()) return known.doc;
  const res = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`discovery document: HTTP ${res.status}`);
  const doc = (await res.json()) as Partial<Discovery>;
  if (typeof doc.authorization_endpoint !== "string" || typeof doc.token_endpoint !== "string") throw new Error("discovery document lacks endpoints");
  discovered.set(url, { doc: doc as Discovery, until: Date.now() + 10 * 60_000 });
  return doc as Discovery;
}
