import jwt, { Algorithm, JwtPayload } from "jsonwebtoken";
import { DataSource } from "typeorm";
import { unauthenticated } from "../errors";
import { OrganisationKind, Role } from "../access/roles";
import { Principal } from "./principal";

// Only asymmetric algorithms: with a shared-secret algorithm (HS256) anyone holding the
// issuer's *public* key could mint tokens, and "none" needs no key at all.
export const ALLOWED_ALGORITHMS: readonly Algorithm[] = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

interface IdentityRow {
  issuer_id: string;
  issuer: string;
  audience: string;
  algorithms: string[];
  public_keys: string[];
  user_id: string | null;
  display_name: string | null;
  roles: Role[] | null;
  active: boolean | null;
  organisation_id: string | null;
  organisation_kind: OrganisationKind | null;
  organisation_local_authority_id: string | null;
}

function parsePgArray(v: unknown): string[] {
  if (Array.isArray(v)) return v as string[];
  if (typeof v === "string") return v.replace(/^\{|\}$/g, "").split(",").filter(Boolean);
  return [];
}

export class TokenVerifier {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clockToleranceSeconds: number,
  ) {}

  /** Verifies a bearer token and maps it to an active hub user, or throws UNAUTHENTICATED. */
  async verify(token: string): Promise<Principal> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload !== "object" || decoded.payload === null) {
      throw unauthenticated("The token is not a well-formed JWT");
    }
    const header = decoded.header;
    const claims = decoded.payload as JwtPayload;
    if (!ALLOWED_ALGORITHMS.includes(header.alg as Algorithm)) {
      throw unauthenticated("The token's signing algorithm is not accepted");
    }
    if (typeof claims.iss !== "string" || typeof claims.sub !== "string" || claims.sub === "") {
      throw unauthenticated("The token must name its issuer and subject");
    }

    // One round trip: the issuer's keys and the user the subject maps to (if any).
    const [row] = (await this.dataSource.query(
      `SELECT i.id AS issuer_id, i.issuer, i.audience, i.algorithms, i.public_keys,
              u.id AS user_id, u.display_name, u.roles, u.active,
              o.id AS organisation_id, o.kind AS organisation_kind,
              o.local_authority_id AS organisation_local_authority_id
         FROM trusted_issuer i
         LEFT JOIN hub_user u ON u.issuer_id = i.id AND u.subject = $2
         LEFT JOIN organisation o ON o.id = u.organisation_id
        WHERE i.issuer = $1`,
      [claims.iss, claims.sub],
    )) as IdentityRow[];
    if (!row) throw unauthenticated("The token's issuer is not trusted");

    const algorithms = parsePgArray(row.algorithms).filter((a): a is Algorithm =>
      ALLOWED_ALGORITHMS.includes(a as Algorithm),
    );
    if (!algorithms.includes(header.alg as Algorithm)) {
      throw unauthenticated("The token's signing algorithm is not accepted for its issuer");
    }

    let verified: JwtPayload | undefined;
    let lastError: unknown;
    for (const key of parsePgArray(row.public_keys)) {
      try {
        verified = jwt.verify(token, key, {
          algorithms,
          issuer: row.issuer,
          audience: row.audience,
          clockTolerance: this.clockToleranceSeconds,
        }) as JwtPayload;
        break;
      } catch (err) {
        lastError = err;
        // A bad signature may just mean another key of a rotating pair; claim errors are final.
        if (!(err instanceof jwt.JsonWebTokenError) || err.message !== "invalid signature") break;
      }
    }
    if (!verified) throw unauthenticated(describe(lastError));
    if (typeof verified.exp !== "number") throw unauthenticated("The token must carry an expiry (exp)");

    if (!row.user_id || !row.active || !row.organisation_id || !row.organisation_kind) {
      throw unauthenticated("The token's subject is not an active hub user");
    }
    return {
      userId: row.user_id,
      displayName: row.display_name ?? "",
      organisationId: row.organisation_id,
      organisationKind: row.organisation_kind,
      organisationLocalAuthorityId: row.organisation_local_authority_id,
      roles: parsePgArray(row.roles) as Role[],
      issuer: row.issuer,
      subject: claims.sub,
    };
  }
}

function describe(err: unknown): string {
  if (err instanceof jwt.TokenExpiredError) return "The token has expired";
  if (err instanceof jwt.NotBeforeError) return "The token is not valid yet";
  if (err instanceof jwt.JsonWebTokenError) {
    if (err.message.startsWith("jwt audience invalid")) return "The token is not meant for this hub (audience)";
    if (err.message.startsWith("jwt issuer invalid")) return "The token's issuer is not trusted";
    return "The token's signature or claims are invalid";
  }
  return "The token could not be verified";
}

export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw unauthenticated("The Authorization header must be 'Bearer <token>'");
  return m[1];
}
