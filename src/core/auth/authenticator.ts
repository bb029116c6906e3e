import type http from "node:http";
import { Principal } from "./principal";
import { bearerToken, TokenVerifier } from "./token-verifier";
import { Activity, ActiveSession, ConsoleSessions, CSRF_HEADER, csrfRefused, readCookie, SESSION_COOKIE } from "./sessions";

// Who is asking, for every door into the hub (GraphQL over HTTP and WebSocket, uploads,
// downloads): a bearer token when the request carries one (API clients, service accounts),
// otherwise the console's session cookie. A cookie is sent by the browser whoever made the page,
// so a cookie-authenticated request that changes anything must also carry the session's CSRF
// token, and a cookie-authenticated WebSocket must come from the hub's own origin.

export interface Caller {
  principal: Principal;
  /** Present when the caller came by the console's session cookie. */
  session?: ActiveSession;
  /** Seconds since the epoch when a bearer token stops being valid. */
  tokenExpiresAt?: number;
}

export class Authenticator {
  constructor(
    readonly tokens: TokenVerifier,
    readonly sessions: ConsoleSessions,
    /** The origins the console is served from (for a cookie-authenticated WebSocket's Origin). */
    private readonly consoleOrigin: (req: http.IncomingMessage) => string,
  ) {}

  /** Whether the request presents any credentials (more of its body is read only then). */
  presents(req: http.IncomingMessage): boolean {
    return !!req.headers.authorization || !!readCookie(req.headers.cookie, SESSION_COOKIE);
  }

  /**
   * The caller, or null when the request presents nothing. Throws TokenRefused for credentials
   * that do not hold, and FORBIDDEN (CSRF) for a state-changing cookie request without the token.
   */
  async caller(req: http.IncomingMessage, options: { stateChanging: boolean; activity?: Activity }): Promise<Caller | null> {
    const token = bearerToken(req.headers.authorization);
    if (token) {
      const verified = await this.tokens.verifyToken(token);
      return { principal: verified.principal, tokenExpiresAt: verified.expiresAt };
    }
    const secret = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!secret) return null;
    // A request the console makes by itself (x-hub-background) is not the person's activity.
    const session = await this.sessions.authenticate(secret, options.activity ?? { touch: req.headers["x-hub-background"] !== "1" });
    if (options.stateChanging && !this.sessions.csrfHolds(session, req.headers[CSRF_HEADER])) throw csrfRefused();
    return { principal: session.principal, session };
  }

  async principal(req: http.IncomingMessage, options: { stateChanging: boolean }): Promise<Principal | null> {
    return (await this.caller(req, options))?.principal ?? null;
  }

  /**
   * A WebSocket's upgrade request authorised by the session cookie: only from the console's own
   * origin. Not activity: a live connection reconnecting or re-checking is not the person.
   */
  async socketSession(req: http.IncomingMessage): Promise<ActiveSession | null> {
    const secret = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!secret) return null;
    if (req.headers.origin !== this.consoleOrigin(req)) throw csrfRefused();
    return this.sessions.authenticate(secret, { touch: false });
  }
}

/** The origin a request was addressed to (development: any host the hub is reached at). */
export function requestOrigin(req: http.IncomingMessage): string {
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? "https" : "http"}://${req.headers.host ?? ""}`;
}
