import crypto, { KeyObject } from "node:crypto";
import jwt, { Algorithm, JwtPayload } from "jsonwebtoken";
import { DataSource } from "typeorm";
import { HubError, ErrorCode } from "../errors";
import { Logger } from "../logger";
import { OrganisationKind, Role } from "../access/roles";
import { Principal } from "./principal";

// Only asymmetric algorithms: with a shared-secret algorithm (HS256) anyone holding the
// issuer's *public* key could mint tokens, and "none" needs no key at all.
export const ALLOWED_ALGORITHMS: readonly Algorithm[] = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

/**
 * Why a token was refused. Clients see one message for everything decided before the
 * signature is proven (so nobody can list the registered issuers or their algorithms); the
 * precise reason goes to the log. After a valid signature the reason is the caller's own
 * business (expired, not yet valid, not an active user) and they are told.
 */
export enum TokenRefusal {
  MISSING = "MISSING",
  MALFORMED = "MALFORMED",
  UNVERIFIED = "UNVERIFIED",
  EXPIRED = "EXPIRED",
  NOT_YET_VALID = "NOT_YET_VALID",
  INACTIVE_USER = "INACTIVE_USER",
  /** A console session cookie that names no live session (signed out, idle, expired, access ended). */
  SESSION_ENDED = "SESSION_ENDED",
}

const CLIENT_MESSAGES: Record<TokenRefusal, string> = {
  [TokenRefusal.MISSING]: "A valid bearer token is required",
  [TokenRefusal.MALFORMED]: "The token is not a well-formed JWT",
  [TokenRefusal.UNVERIFIED]: "The token could not be verified",
  [TokenRefusal.EXPIRED]: "The token has expired",
  [TokenRefusal.NOT_YET_VALID]: "The token is not valid yet",
  [TokenRefusal.INACTIVE_USER]: "The token's subject is not an active hub user",
  [TokenRefusal.SESSION_ENDED]: "Your session has ended: sign in again",
};

export class TokenRefused extends HubError {
  constructor(
    readonly refusal: TokenRefusal,
    /** For the log only. */
    readonly detail: string = refusal,
  ) {
    super(ErrorCode.UNAUTHENTICATED, CLIENT_MESSAGES[refusal], { reason: refusal, http: { status: 401 } });
  }
}

export interface VerifiedToken {
  principal: Principal;
  /** Seconds since the epoch. */
  expiresAt: number;
}

interface IdentityRow {
  issuer_id: string;
  issuer: string;
  audience: string;
  algorithms: string[];
  public_keys: string[];
  development: boolean;
  user_id: string | null;
  display_name: string | null;
  roles: Role[] | null;
  active: boolean | null;
  organisation_id: string | null;
  organisation_kind: OrganisationKind | null;
  organisation_local_authority_id: string | null;
}

export function parsePgArray(v: unknown): string[] {
  if (Array.isArray(v)) return v as string[];
  if (typeof v === "string")
    return v
      .replace(/^\{|\}$/g, "")
      .split(",")
      .filter(Boolean);
  return [];
}

/** A registered public key, parsed once, with what is needed to pick it for a token. */
export interface ParsedKey {
  key: KeyObject;
  /** The JWK's own `kid`, or its RFC 7638 thumbprint (what most providers use as `kid`). */
  kid: string;
  /** "rsa" or "ec:<curve>" */
  family: string;
}

/** Parses a PEM (SPKI) public key or a public JWK given as JSON text. */
export function parsePublicKey(text: string): ParsedKey {
  const trimmed = text.trim();
  let key: KeyObject;
  let declaredKid: string | undefined;
  if (trimmed.startsWith("{")) {
    const jwk = JSON.parse(trimmed) as crypto.JsonWebKey & { kid?: string; d?: string };
    if (jwk.d) throw new Error("a private key was given");
    key = crypto.createPublicKey({ key: jwk, format: "jwk" });
    declaredKid = typeof jwk.kid === "string" ? jwk.kid : undefined;
  } else {
    key = crypto.createPublicKey(trimmed);
  }
  if (key.type !== "public") throw new Error("not a public key");
  const type = key.asymmetricKeyType;
  let family: string;
  if (type === "rsa" || type === "rsa-pss") family = "rsa";
  else if (type === "ec") family = `ec:${key.asymmetricKeyDetails?.namedCurve}`;
  else throw new Error(`unsupported key type ${type}`);
  return { key, kid: declaredKid ?? thumbprint(key), family };
}

function thumbprint(key: KeyObject): string {
  const jwk = key.export({ format: "jwk" }) as Record<string, string>;
  // RFC 7638: the required members only, in lexicographic order.
  const members = jwk.kty === "EC" ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return crypto.createHash("sha256").update(JSON.stringify(members)).digest("base64url");
}

/** The key family an algorithm needs (RS and PS: RSA; ES256/384/512: the matching curve). */
export function familyFor(alg: string): string {
  if (alg.startsWith("RS") || alg.startsWith("PS")) return "rsa";
  return { ES256: "ec:prime256v1", ES384: "ec:secp384r1", ES512: "ec:secp521r1" }[alg] ?? "none";
}

/** How many verified tokens a process remembers (the oldest go first). */
const REMEMBERED_TOKENS = 10_000;

export class TokenVerifier {
  /** Parsed keys by their registered text; keys do not change meaning, so this never goes stale. */
  private readonly keys = new Map<string, ParsedKey | null>();
  /**
   * Tokens verified in the last few seconds, with what they proved. A client sends the same
   * token with every request; checking it once spares a database round trip and a signature
   * check per request. Forgotten at once when the user's access ends or issuers change (NOTIFY,
   * and in this process when the change commits), and never kept past the token's expiry.
   */
  private readonly remembered = new Map<string, { verified: VerifiedToken; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: { clockToleranceSeconds: number; developmentIssuerTrusted: boolean; logger: Logger; rememberSeconds?: number },
  ) {}

  /** Forget every token of this user (deactivated, or their roles changed). */
  forgetUser(userId: string): void {
    for (const [token, entry] of this.remembered) if (entry.verified.principal.userId === userId) this.remembered.delete(token);
  }

  /** Forget every token (an issuer or its keys changed). */
  forgetAll(): void {
    this.remembered.clear();
  }

  /** Verifies a bearer token and maps it to an active hub user, or throws TokenRefused. */
  async verify(token: string): Promise<Principal> {
    return (await this.verifyToken(token)).principal;
  }

  async verifyToken(token: string): Promise<VerifiedToken> {
    const seconds = this.options.rememberSeconds ?? 0;
    const known = seconds > 0 ? this.remembered.get(token) : undefined;
    if (known) {
      if (Date.now() < known.until) return known.verified;
      this.remembered.delete(token);
    }
    try {
      const verified = await this.check(token);
      if (seconds > 0) {
        if (this.remembered.size >= REMEMBERED_TOKENS) this.remembered.delete(this.remembered.keys().next().value!);
        this.remembered.set(token, { verified, until: Math.min(Date.now() + seconds * 1000, verified.expiresAt * 1000) });
      }
      return verified;
    } catch (err) {
      if (err instanceof TokenRefused) {
        this.options.logger.info("token refused", { reason: err.refusal, detail: err.detail });
      }
      throw err;
    }
  }

  private async check(token: string): Promise<VerifiedToken> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload !== "object" || decoded.payload === null) {
      throw new TokenRefused(TokenRefusal.MALFORMED);
    }
    const header = decoded.header as jwt.JwtHeader & { crit?: unknown };
    const claims = decoded.payload as JwtPayload;
    // RFC 7515 4.1.11: a recipient that does not understand every listed extension MUST reject
    // the token, and the hub understands none.
    if (header.crit !== undefined) throw new TokenRefused(TokenRefusal.UNVERIFIED, "crit header present");
    const alg = header.alg as Algorithm;
    if (!ALLOWED_ALGORITHMS.includes(alg)) throw new TokenRefused(TokenRefusal.UNVERIFIED, `algorithm ${String(alg)} not accepted`);
    if (typeof claims.iss !== "string" || typeof claims.sub !== "string" || claims.sub === "") {
      throw new TokenRefused(TokenRefusal.UNVERIFIED, "no issuer or subject");
    }

    // One round trip: the issuer's keys and the user the subject maps to (if any).
    const [row] = (await this.dataSource.query(
      `SELECT i.id AS issuer_id, i.issuer, i.audience, i.algorithms, i.public_keys, i.development,
              u.id AS user_id, u.display_name, u.roles, u.active,
              o.id AS organisation_id, o.kind AS organisation_kind,
              o.local_authority_id AS organisation_local_authority_id
         FROM trusted_issuer i
         LEFT JOIN hub_user u ON u.issuer_id = i.id AND u.subject = $2
         LEFT JOIN organisation o ON o.id = u.organisation_id
        WHERE i.issuer = $1`,
      [claims.iss, claims.sub],
    )) as IdentityRow[];
    if (!row) throw new TokenRefused(TokenRefusal.UNVERIFIED, `issuer ${claims.iss} not registered`);
    // The development issuer's registration stays in a demo database; it counts only while the
    // hub is started with it on.
    if (row.development && !this.options.developmentIssuerTrusted) {
      throw new TokenRefused(TokenRefusal.UNVERIFIED, "development issuer is not trusted (DEV_ISSUER is off)");
    }
    if (!parsePgArray(row.algorithms).includes(alg)) {
      throw new TokenRefused(TokenRefusal.UNVERIFIED, `algorithm ${alg} not registered for ${row.issuer}`);
    }

    if (!this.signatureHolds(token, alg, header.kid, parsePgArray(row.public_keys))) {
      throw new TokenRefused(TokenRefusal.UNVERIFIED, "no registered key verifies the signature");
    }

    // The signature holds: the claims are the issuer's own words.
    const now = Math.floor(Date.now() / 1000);
    const tolerance = this.options.clockToleranceSeconds;
    if (claims.iss !== row.issuer) throw new TokenRefused(TokenRefusal.UNVERIFIED, "issuer mismatch");
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(row.audience)) throw new TokenRefused(TokenRefusal.UNVERIFIED, `audience ${String(claims.aud)} is not ${row.audience}`);
    if (typeof claims.exp !== "number") throw new TokenRefused(TokenRefusal.UNVERIFIED, "no expiry (exp)");
    if (claims.exp + tolerance <= now) throw new TokenRefused(TokenRefusal.EXPIRED);
    if (claims.nbf !== undefined && (typeof claims.nbf !== "number" || claims.nbf - tolerance > now)) {
      throw new TokenRefused(TokenRefusal.NOT_YET_VALID);
    }
    if (!row.user_id || !row.active || !row.organisation_id || !row.organisation_kind) {
      throw new TokenRefused(TokenRefusal.INACTIVE_USER, `subject ${claims.sub}`);
    }
    return {
      expiresAt: claims.exp + tolerance,
      principal: principalOfRow({ ...row, user_id: row.user_id, organisation_id: row.organisation_id, organisation_kind: row.organisation_kind }, claims.sub),
    };
  }

  /**
   * The key named by `kid` when the token names one we hold; otherwise every key of the family
   * the algorithm needs (an issuer rotating from RSA to EC holds both kinds at once).
   */
  private signatureHolds(token: string, alg: Algorithm, kid: string | undefined, registered: string[]): boolean {
    const keys = registered.map((text) => this.parsed(text)).filter((k): k is ParsedKey => !!k);
    const family = familyFor(alg);
    const byKid = kid ? keys.filter((k) => k.kid === kid) : [];
    const candidates = (byKid.length ? byKid : keys).filter((k) => k.family === family);
    return candidates.some((k) => {
      try {
        // Signature only: the claims are checked above with the hub's own rules.
        jwt.verify(token, k.key, { algorithms: [alg], ignoreExpiration: true, ignoreNotBefore: true });
        return true;
      } catch {
        return false;
      }
    });
  }

  private parsed(text: string): ParsedKey | null {
    let entry = this.keys.get(text);
    if (entry === undefined) {
      try {
        entry = parsePublicKey(text);
      } catch {
        entry = null;
      }
      if (this.keys.size > 10_000) this.keys.clear();
      this.keys.set(text, entry);
    }
    return entry;
  }
}

/** The principal from a user's row (as the token verifier and the console's sessions read it). */
export function principalOfRow(
  row: {
    user_id: string;
    display_name: string | null;
    organisation_id: string;
    organisation_kind: OrganisationKind;
    organisation_local_authority_id: string | null;
    roles: unknown;
    issuer: string;
  },
  subject: string,
): Principal {
  return {
    userId: row.user_id,
    displayName: row.display_name ?? "",
    organisationId: row.organisation_id,
    organisationKind: row.organisation_kind,
    organisationLocalAuthorityId: row.organisation_local_authority_id,
    roles: parsePgArray(row.roles) as Role[],
    issuer: row.issuer,
    subject,
  };
}

export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new TokenRefused(TokenRefusal.MALFORMED, "Authorization header is not 'Bearer <token>'");
  return m[1];
}
