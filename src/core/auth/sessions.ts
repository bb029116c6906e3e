import crypto from "node:crypto";
import { DataSource, EntityManager } from "typeorm";
import { HubError, ErrorCode } from "../errors";
import { OrganisationKind } from "../access/roles";
import type { Principal } from "./principal";
import { Channel, notify } from "../notify/channels";
import { principalOfRow, TokenRefused, TokenRefusal } from "./token-verifier";

// Console sessions, as the OAuth 2.0 for Browser-Based Applications guidance has them for a
// backend-for-frontend: the hub holds the session; the browser holds an HttpOnly, Secure,
// SameSite=Strict cookie that page scripts cannot read; every state-changing request carries the
// session's CSRF token in a header (which a cross-site form cannot send); the console's WebSocket
// is authorised by the same cookie. API clients and service accounts keep bearer tokens.

/** `__Host-`: the browser takes it only Secure, for the whole origin, never for a parent domain. */
export const SESSION_COOKIE = "__Host-hub-session";
/** Binds a sign-in at an identity provider to the browser that started it (login CSRF). */
export const SIGN_IN_COOKIE = "__Host-hub-sign-in";
export const CSRF_HEADER = "x-csrf-token";

export interface SessionPolicy {
  /** Ends after this long without a request from the person. */
  idleMinutes: number;
  /** Ends this long after sign-in, however active. */
  absoluteHours: number;
}

export interface ActiveSession {
  id: string;
  principal: Principal;
  csrfToken: string;
  method: string;
  /** The absolute end. */
  expiresAt: Date;
  /** When it ends if nothing more is asked (the sooner of idle and absolute). */
  endsAt(): Date;
}

/**
 * What counts as the person's activity. A request they made moves the idle end ("touch", at
 * most once a minute unless `force`); the console asking whether it is still signed in, and its
 * live connection reconnecting or re-checking, do not: an open tab left alone must still end.
 */
export interface Activity {
  touch: boolean;
  force?: boolean;
}

export function newSecret(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): Buffer {
  return crypto.createHash("sha256").update(secret).digest();
}

/** A cookie's value from a Cookie header (null when absent or empty). */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      // A value the hub never set (malformed escapes) names no session: not an error of ours.
      try {
        return decodeURIComponent(part.slice(eq + 1).trim()) || null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function sessionCookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`;
}

export function csrfRefused(): HubError {
  return new HubError(ErrorCode.FORBIDDEN, "This request did not come from the console: its CSRF token is missing or wrong", {
    reason: "CSRF",
    http: { status: 403 },
  });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

interface SessionRow {
  id: string;
  csrf_token: string;
  method: string;
  expires_at: Date;
  last_seen_at: Date;
  user_id: string;
  display_name: string | null;
  subject: string;
  roles: unknown;
  active: boolean;
  organisation_id: string;
  organisation_kind: OrganisationKind;
  organisation_local_authority_id: string | null;
  issuer: string;
  development: boolean;
}

/** A request's activity moves the idle end at most this often (one UPDATE a minute, not one per request). */
const TOUCH_EVERY_MS = 60_000;

export class ConsoleSessions {
  /** Sessions read in the last few seconds (forgotten at once when one ends, in any process: NOTIFY). */
  private readonly remembered = new Map<string, { row: SessionRow; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    readonly policy: SessionPolicy,
    private readonly options: { developmentIssuerTrusted: boolean; rememberSeconds: number },
  ) {}

  private idleMs(): number {
    return this.policy.idleMinutes * 60_000;
  }

  /** A new session for a signed-in person; the secret goes into the cookie and nowhere else. */
  async create(em: EntityManager, userId: string, method: string): Promise<{ id: string; secret: string; csrfToken: string; expiresAt: Date }> {
    const secret = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(Date.now() + this.policy.absoluteHours * 3_600_000);
    const [row] = (await em.query(
      `INSERT INTO console_session (secret_hash, user_id, csrf_token, method, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, now(), $5) RETURNING id`,
      [hashSecret(secret), userId, csrfToken, method, expiresAt],
    )) as { id: string }[];
    return { id: row.id, secret, csrfToken, expiresAt };
  }

  /** The live session a cookie names, or TokenRefused(SESSION_ENDED). */
  async authenticate(secret: string, activity: Activity = { touch: true }): Promise<ActiveSession> {
    const key = hashSecret(secret).toString("base64");
    const now = Date.now();
    let entry = this.remembered.get(key);
    if (!entry || entry.until <= now) {
      const [row] = (await this.dataSource.query(
        `SELECT s.id, s.csrf_token, s.method, s.expires_at, s.last_seen_at,
                u.id AS user_id, u.display_name, u.subject, u.roles, u.active,
                o.id AS organisation_id, o.kind AS organisation_kind, o.local_authority_id AS organisation_local_authority_id,
                i.issuer, i.development
           FROM console_session s
           JOIN hub_user u ON u.id = s.user_id
           JOIN organisation o ON o.id = u.organisation_id
           JOIN trusted_issuer i ON i.id = u.issuer_id
          WHERE s.secret_hash = $1 AND s.ended_at IS NULL`,
        [hashSecret(secret)],
      )) as SessionRow[];
      if (!row) {
        this.remembered.delete(key);
        throw new TokenRefused(TokenRefusal.SESSION_ENDED, "no live session for the cookie");
      }
      entry = { row, until: now + this.options.rememberSeconds * 1000 };
      if (this.options.rememberSeconds > 0) {
        if (this.remembered.size >= 10_000) this.remembered.delete(this.remembered.keys().next().value!);
        this.remembered.set(key, entry);
      }
    }
    const row = entry.row;
    const ended = !row.active
      ? "ACCESS_ENDED"
      : row.expires_at.getTime() <= now
        ? "EXPIRED"
        : row.last_seen_at.getTime() + this.idleMs() <= now
          ? "IDLE"
          : row.development && !this.options.developmentIssuerTrusted
            ? "ACCESS_ENDED"
            : null;
    if (ended) {
      this.remembered.delete(key);
      await this.dataSource.query(`UPDATE console_session SET ended_at = now(), end_reason = $2 WHERE id = $1 AND ended_at IS NULL`, [row.id, ended]);
      throw new TokenRefused(TokenRefusal.SESSION_ENDED, `session ${row.id} ended: ${ended}`);
    }
    if (activity.touch && (activity.force || now - row.last_seen_at.getTime() >= TOUCH_EVERY_MS)) {
      row.last_seen_at = new Date(now);
      await this.dataSource.query(`UPDATE console_session SET last_seen_at = now() WHERE id = $1 AND ended_at IS NULL`, [row.id]);
    }
    const idleMs = this.idleMs();
    return {
      id: row.id,
      csrfToken: row.csrf_token,
      method: row.method,
      expiresAt: row.expires_at,
      endsAt: () => new Date(Math.min(row.expires_at.getTime(), row.last_seen_at.getTime() + idleMs)),
      principal: principalOfRow(row, row.subject),
    };
  }

  /** Whether a request's CSRF header is this session's token. */
  csrfHolds(session: ActiveSession, header: string | string[] | undefined): boolean {
    return typeof header === "string" && sameSecret(header, session.csrfToken);
  }

  /** Ends the session a cookie's secret names (a new sign-in in the same browser replaces it). */
  async endBySecret(em: EntityManager, secret: string, reason: string): Promise<void> {
    const ended = (await em.query(
      `UPDATE console_session SET ended_at = now(), end_reason = $2 WHERE secret_hash = $1 AND ended_at IS NULL AND user_id IS NOT NULL RETURNING id`,
      [hashSecret(secret), reason],
    )) as [{ id: string }[], number];
    for (const row of ended[0] ?? []) {
      this.forgetSession(row.id);
      await notify(em, Channel.SESSION_ENDED, row.id);
    }
  }

  /** Ends a session (signed out) and tells every process, which close its sockets. */
  async end(em: EntityManager, sessionId: string, reason: string): Promise<void> {
    await em.query(`UPDATE console_session SET ended_at = now(), end_reason = $2 WHERE id = $1 AND ended_at IS NULL`, [sessionId, reason]);
    await notify(em, Channel.SESSION_ENDED, sessionId);
  }

  forgetSession(sessionId: string): void {
    for (const [key, entry] of this.remembered) if (entry.row.id === sessionId) this.remembered.delete(key);
  }

  forgetUser(userId: string): void {
    for (const [key, entry] of this.remembered) if (entry.row.user_id === userId) this.remembered.delete(key);
  }

  forgetAll(): void {
    this.remembered.clear();
  }
}

/** Ends every session of a person (their access ended), in the caller's transaction: reactivation revives none. */
export async function endSessionsOf(em: EntityManager, userId: string, reason: string): Promise<void> {
  await em.query(`UPDATE console_session SET ended_at = now(), end_reason = $2 WHERE user_id = $1 AND ended_at IS NULL`, [userId, reason]);
}
