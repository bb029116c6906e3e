import { randomUUID } from "node:crypto";
import { AuthorisedContext } from "../../core/context";
import { badInput, forbidden, notFound } from "../../core/errors";
import { ALLOWED_ALGORITHMS } from "../../core/auth/token-verifier";
import { isUuid } from "../../core/ids";
import { Role, ROLES_BY_ORGANISATION_KIND } from "../../core/access/roles";
import { Channel, notify } from "../../core/notify/channels";
import { TrustedIssuer } from "./trusted-issuer.entity";
import { Organisation } from "./organisation.entity";
import { HubUser } from "./hub-user.entity";
import { checkIssuerKeys, registerTrustedIssuer, setUserActive } from "./directory.service";
import { RegisterServiceAccountInput } from "./directory.inputs";

// An organisation's own systems (its case management system, say) call the hub as service
// accounts: a user of the organisation with one case role, whose tokens the system signs with
// its own key pair. Each account gets an issuer of its own, and users are looked up per issuer,
// so an account's key can sign in that account and nobody else. Every call it makes is audited
// under its name, like a person's.
//
// An organisation's administrator sees no case data, so an account they register (or give new
// keys) waits for a hub administrator to switch it on: otherwise they could grant themselves the
// organisation's cases through a key they hold.

export const SERVICE_ACCOUNT_ISSUER_PREFIX = "urn:proceedings-hub:service-account:";

/** The roles a machine may hold: an organisation's case roles, never an administrator's. */
const MACHINE_ROLES_EXCLUDED: readonly Role[] = [Role.HUB_ADMIN, Role.ORGANISATION_ADMIN, Role.RECORDS_MANAGER];

/** Hub administrators act for any organisation; an organisation's administrator for their own only. */
export async function organisationManagedBy(ctx: AuthorisedContext, organisationId: string | null | undefined): Promise<Organisation> {
  const id = organisationId ?? ctx.principal.organisationId;
  const mine = id === ctx.principal.organisationId;
  if (!isUuid(id) || (!mine && !ctx.principal.roles.includes(Role.HUB_ADMIN))) throw notFound("Organisation");
  const org = await ctx.em.findOneBy(Organisation, { id });
  if (!org) throw notFound("Organisation");
  return org;
}

export interface ServiceAccountView {
  user: HubUser;
  issuer: TrustedIssuer;
}

export async function registerServiceAccount(ctx: AuthorisedContext, input: RegisterServiceAccountInput): Promise<ServiceAccountView> {
  const org = await organisationManagedBy(ctx, input.organisationId);
  if (MACHINE_ROLES_EXCLUDED.includes(input.role) || !ROLES_BY_ORGANISATION_KIND[org.kind].includes(input.role)) {
    throw badInput("role", `A service account of a ${org.kind} holds one of its case roles`);
  }
  const clientId = randomUUID();
  const issuer = await registerTrustedIssuer(ctx, {
    issuer: `${SERVICE_ACCOUNT_ISSUER_PREFIX}${clientId}`,
    audience: ctx.runtime.config.serviceAccountAudience,
    algorithms: input.algorithms,
    publicKeys: input.publicKeys,
  });
  const user = await ctx.em.save(
    ctx.em.create(HubUser, {
      organisationId: org.id,
      issuerId: issuer.id,
      subject: clientId,
      displayName: input.name,
      email: "",
      phone: null,
      roles: [input.role],
      active: isHubAdmin(ctx),
      serviceAccount: true,
    }),
  );
  return { user, issuer };
}

export async function listServiceAccounts(ctx: AuthorisedContext, organisationId: string | null | undefined): Promise<ServiceAccountView[]> {
  const org = await organisationManagedBy(ctx, organisationId);
  const users = await ctx.em.find(HubUser, {
    where: { organisationId: org.id, serviceAccount: true },
    order: { createdAt: "ASC" },
    relations: { issuer: true },
  });
  return users.map((user) => ({ user, issuer: user.issuer! }));
}

async function requireServiceAccount(ctx: AuthorisedContext, userId: string): Promise<HubUser> {
  const user = isUuid(userId) ? await ctx.em.findOneBy(HubUser, { id: userId, serviceAccount: true }) : null;
  if (!user) throw notFound("Service account");
  await organisationManagedBy(ctx, user.organisationId).catch(() => {
    throw notFound("Service account");
  });
  return user;
}

const isHubAdmin = (ctx: AuthorisedContext) => ctx.principal.roles.includes(Role.HUB_ADMIN);

/** Ends the account's access at once, as for a person; switching it on is a hub administrator's. */
export async function setServiceAccountActive(ctx: AuthorisedContext, userId: string, active: boolean): Promise<ServiceAccountView> {
  const account = await requireServiceAccount(ctx, userId);
  if (active && !isHubAdmin(ctx)) throw forbidden("A hub administrator switches a service account on");
  const user = await setUserActive(ctx, account.id, active);
  return { user, issuer: await ctx.em.findOneByOrFail(TrustedIssuer, { id: user.issuerId }) };
}

/** Replaces the account's public keys (rotation): tokens signed with a key no longer listed are refused. */
export async function rotateServiceAccountKeys(
  ctx: AuthorisedContext,
  userId: string,
  publicKeys: string[],
  algorithms: string[],
): Promise<ServiceAccountView> {
  const account = await requireServiceAccount(ctx, userId);
  const issuer = await ctx.em.findOneByOrFail(TrustedIssuer, { id: account.issuerId });
  if (!publicKeys.length) throw badInput("publicKeys", "Give at least one public key");
  const unknown = algorithms.filter((a) => !(ALLOWED_ALGORITHMS as string[]).includes(a));
  if (!algorithms.length || unknown.length) throw badInput("algorithms", `Accepted: ${ALLOWED_ALGORITHMS.join(", ")}`);
  checkIssuerKeys(publicKeys, algorithms);
  issuer.publicKeys = publicKeys;
  issuer.algorithms = algorithms;
  await ctx.em.save(issuer);
  await notify(ctx.em, Channel.ISSUERS_CHANGED, "");
  ctx.afterCommit.push(async () => ctx.runtime.tokens?.forgetAll());
  // New keys from the organisation's side wait for a hub administrator, as a new account does.
  const user = isHubAdmin(ctx) ? account : await setUserActive(ctx, account.id, false);
  return { user, issuer };
}
