import { HubContext } from "../../core/context";
import { notFound } from "../../core/errors";
import { signToken } from "../../core/auth/dev-issuer";
import { Role } from "../../core/access/roles";

// What the console's sign-in page needs, asked before anyone has a token: the identity
// providers registered for console sign-in, and, only while the hub trusts its development
// issuer, the demo users and a way to sign in as one of them.

export async function signInOptions(ctx: HubContext) {
  const providers: {
    id: string;
    display_name: string | null;
    issuer: string;
    discovery_url: string;
    client_id: string;
    scope: string | null;
    organisations: string | null;
  }[] = await ctx.em.query(
    `SELECT i.id, i.display_name, i.issuer, i.discovery_url, i.client_id, i.scope,
              (SELECT string_agg(o.name, ', ' ORDER BY o.name) FROM organisation o WHERE o.issuer_id = i.id) AS organisations
         FROM trusted_issuer i
        WHERE i.discovery_url IS NOT NULL AND i.client_id IS NOT NULL AND NOT i.development
        ORDER BY coalesce(i.display_name, i.issuer)`,
  );
  const dev = ctx.runtime.devIssuer;
  const demoUsers: { subject: string; display_name: string; roles: string; organisation_name: string }[] = dev
    ? await ctx.em.query(
        `SELECT u.subject, u.display_name, u.roles::text AS roles, o.name AS organisation_name
           FROM hub_user u JOIN trusted_issuer i ON i.id = u.issuer_id JOIN organisation o ON o.id = u.organisation_id
          WHERE i.issuer = $1 AND u.active ORDER BY o.name, u.display_name`,
        [dev.issuer],
      )
    : [];
  return {
    providers: providers.map((p) => ({
      id: p.id,
      displayName: p.display_name ?? p.organisations ?? p.issuer,
      issuer: p.issuer,
      discoveryUrl: p.discovery_url,
      clientId: p.client_id,
      scope: p.scope ?? "openid profile email",
    })),
    demoUsers: demoUsers.map((u) => ({
      subject: u.subject,
      displayName: u.display_name,
      roles: u.roles
        .replace(/^\{|\}$/g, "")
        .split(",")
        .filter(Boolean) as Role[],
      organisationName: u.organisation_name,
    })),
  };
}

/** A development token for an active demo user; NOT_FOUND when the development issuer is off. */
export async function signInAsDemoUser(ctx: HubContext, subject: string) {
  const dev = ctx.runtime.devIssuer;
  if (!dev) throw notFound("Demo sign-in");
  const [user] = await ctx.em.query(
    `SELECT u.id FROM hub_user u JOIN trusted_issuer i ON i.id = u.issuer_id WHERE i.issuer = $1 AND u.subject = $2 AND u.active`,
    [dev.issuer, subject],
  );
  if (!user) throw notFound("Demo user");
  const lifetime = ctx.runtime.config.devTokenMinutes * 60;
  const token = signToken(dev, { issuer: dev.issuer, audience: dev.audience, subject, expiresInSeconds: lifetime });
  return { token, expiresAt: new Date(Date.now() + lifetime * 1000) };
}

/**
 * Sign-ins never finished, and sessions ended or expired more than 30 days ago (the audit trail
 * keeps who signed in and out; the rows are only needed while a session could still be used).
 */
export async function forgetOldSessions(ctx: HubContext): Promise<number> {
  const [, removed] = (await ctx.em.query(
    `DELETE FROM console_session
      WHERE (user_id IS NULL AND expires_at < now())
         OR ended_at < now() - interval '30 days'
         OR expires_at < now() - interval '30 days'`,
  )) as [unknown, number];
  return removed;
}
