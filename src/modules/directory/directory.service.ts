import { Like, Not } from "typeorm";
import { AuthorisedContext, HubContext } from "../../core/context";
import { badInput, conflict, notFound } from "../../core/errors";
import { requireUuid } from "../../core/ids";
import { OrganisationKind, ROLES_BY_ORGANISATION_KIND } from "../../core/access/roles";
import { Channel, notify } from "../../core/notify/channels";
import { Principal } from "../../core/auth/principal";
import { familyFor, parsePublicKey } from "../../core/auth/token-verifier";
import { TrustedIssuer } from "./trusted-issuer.entity";
import { Organisation } from "./organisation.entity";
import { HubUser } from "./hub-user.entity";
import { RegisterOrganisationInput, RegisterTrustedIssuerInput, RegisterUserInput } from "./directory.inputs";

// The directory: organisations, their identity providers and their users. Only hub
// administrators change it; it holds no case data.

/** Each key parses, and one of the algorithms can use it. */
export function checkIssuerKeys(publicKeys: readonly string[], algorithms: readonly string[]): void {
  publicKeys.forEach((text, i) => {
    let family: string;
    try {
      family = parsePublicKey(text).family;
    } catch {
      throw badInput(`publicKeys.${i}`, "Not a public key in PEM (SPKI) or JWK form");
    }
    if (!algorithms.some((a) => familyFor(a) === family)) {
      throw badInput(`publicKeys.${i}`, `This ${family} key cannot verify ${algorithms.join(", ")}`);
    }
  });
}

export async function registerTrustedIssuer(ctx: HubContext, input: RegisterTrustedIssuerInput): Promise<TrustedIssuer> {
  checkIssuerKeys(input.publicKeys, input.algorithms);
  if (!!input.discoveryUrl !== !!input.clientId) {
    throw badInput(input.discoveryUrl ? "clientId" : "discoveryUrl", "Console sign-in needs both the discovery URL and the client id");
  }
  if (await ctx.em.existsBy(TrustedIssuer, { issuer: input.issuer })) throw conflict("This issuer is already registered");
  await notify(ctx.em, Channel.ISSUERS_CHANGED, "");
  ctx.afterCommit.push(async () => ctx.runtime.tokens?.forgetAll());
  return ctx.em.save(
    ctx.em.create(TrustedIssuer, {
      ...input,
      discoveryUrl: input.discoveryUrl ?? null,
      clientId: input.clientId ?? null,
      displayName: input.displayName ?? null,
      scope: input.scope ?? null,
      development: false,
    }),
  );
}

export async function registerOrganisation(ctx: HubContext, input: RegisterOrganisationInput): Promise<Organisation> {
  if (!(await ctx.em.existsBy(TrustedIssuer, { id: input.issuerId }))) throw badInput("issuerId", "No such trusted issuer");
  const parentOfKind = async (id: string | null | undefined, kind: OrganisationKind, field: string) => {
    if (!id) return null;
    const org = await ctx.em.findOneBy(Organisation, { id });
    if (!org || org.kind !== kind) throw badInput(field, `Must be a ${kind} organisation`);
    return id;
  };
  if (input.kind === OrganisationKind.IRO_SERVICE && !input.localAuthorityId) {
    throw badInput("localAuthorityId", "An IRO service belongs to a local authority");
  }
  if (input.kind === OrganisationKind.COURT && !input.cafcassAreaId) {
    throw badInput("cafcassAreaId", "A court is served by a Cafcass area");
  }
  if (input.localAuthorityId && input.kind !== OrganisationKind.IRO_SERVICE) {
    throw badInput("localAuthorityId", "Only an IRO service names a local authority");
  }
  if (input.cafcassAreaId && input.kind !== OrganisationKind.COURT) {
    throw badInput("cafcassAreaId", "Only a court names a Cafcass area");
  }
  return ctx.em.save(
    ctx.em.create(Organisation, {
      name: input.name,
      kind: input.kind,
      issuerId: input.issuerId,
      localAuthorityId: await parentOfKind(input.localAuthorityId, OrganisationKind.LOCAL_AUTHORITY, "localAuthorityId"),
      cafcassAreaId: await parentOfKind(input.cafcassAreaId, OrganisationKind.CAFCASS_AREA, "cafcassAreaId"),
    }),
  );
}

export async function registerUser(ctx: HubContext, input: RegisterUserInput): Promise<HubUser> {
  const organisation = await ctx.em.findOneBy(Organisation, { id: input.organisationId });
  if (!organisation) throw badInput("organisationId", "No such organisation");
  const allowed = ROLES_BY_ORGANISATION_KIND[organisation.kind];
  const wrong = input.roles.filter((r) => !allowed.includes(r));
  if (wrong.length) throw badInput("roles", `A ${organisation.kind} user cannot hold ${wrong.join(", ")}`);
  if (await ctx.em.existsBy(HubUser, { issuerId: organisation.issuerId, subject: input.subject })) {
    throw conflict("A user with this subject is already registered for the organisation's issuer");
  }
  return ctx.em.save(
    ctx.em.create(HubUser, {
      organisationId: organisation.id,
      issuerId: organisation.issuerId,
      subject: input.subject,
      displayName: input.displayName,
      email: input.email,
      phone: input.phone ?? null,
      roles: input.roles,
      active: true,
    }),
  );
}

/** Ends a user's access at once: the next HTTP request is refused and open sockets close. */
export async function setUserActive(ctx: AuthorisedContext, userId: string, active: boolean): Promise<HubUser> {
  const user = await ctx.em.findOneBy(HubUser, { id: requireUuid(userId, "User") });
  if (!user) throw notFound("User");
  user.active = active;
  user.deactivatedAt = active ? null : ctx.runtime.clock.now();
  await ctx.em.save(user);
  if (!active) {
    for (const m of ctx.runtime.modules) await m.accessEnded?.(ctx, user.id);
    // Every process hears on commit (NOTIFY); this one forgets the user's tokens before it answers.
    await notify(ctx.em, Channel.ACCESS_REVOKED, user.id);
    ctx.afterCommit.push(async () => ctx.runtime.tokens?.forgetUser(user.id));
  }
  return user;
}

export async function me(ctx: AuthorisedContext, principal: Principal): Promise<{ user: HubUser; organisation: Organisation }> {
  const [user, organisation] = await Promise.all([ctx.loaders.userById.load(principal.userId), ctx.loaders.organisationById.load(principal.organisationId)]);
  if (!user || !organisation) throw notFound("User");
  return { user, organisation };
}

export async function listColleagues(ctx: AuthorisedContext, principal: Principal): Promise<HubUser[]> {
  return ctx.em.find(HubUser, {
    where: { organisationId: principal.organisationId, active: true },
    order: { displayName: "ASC" },
    take: 500,
  });
}

/** Organisations' identity providers (service accounts' own issuers are listed with the accounts). */
export async function listTrustedIssuers(ctx: AuthorisedContext): Promise<TrustedIssuer[]> {
  return ctx.em.find(TrustedIssuer, { where: { issuer: Not(Like("urn:proceedings-hub:service-account:%")) }, order: { issuer: "ASC" }, take: 1000 });
}

export async function listOrganisations(ctx: AuthorisedContext): Promise<Organisation[]> {
  return ctx.em.find(Organisation, { order: { name: "ASC" }, take: 1000 });
}

export async function listUsers(ctx: AuthorisedContext, organisationId: string): Promise<HubUser[]> {
  return ctx.em.find(HubUser, { where: { organisationId: requireUuid(organisationId, "Organisation") }, order: { displayName: "ASC" } });
}
