import { EntityManager } from "typeorm";
import { AttentionItem, AttentionKind, attentionIf } from "../../core/attention";
import type { AuthorisedContext } from "../../core/context";
import { Role } from "../../core/access/roles";
import type { HubModule } from "../../core/module";
import { loaderById } from "../../core/loader-factories";
import { TrustedIssuer } from "./trusted-issuer.entity";
import { Organisation } from "./organisation.entity";
import { HubUser } from "./hub-user.entity";
import { DirectoryResolver, ServiceAccountsResolver, UserFieldsResolver } from "./directory.resolver";

// What this module offers the others (they import it only from here).
export { OrganisationType, PersonType } from "./directory.types";
export { HubUser } from "./hub-user.entity";
export { Organisation } from "./organisation.entity";
export { TrustedIssuer } from "./trusted-issuer.entity";
export { principalOf, principalOfUser } from "./principal-of";
export { registerOrganisation, registerUser } from "./directory.service";
export { organisationManagedBy } from "./service-accounts";

const loaders = (em: () => EntityManager) => ({
  organisationById: loaderById(em, Organisation),
  userById: loaderById(em, HubUser),
});

declare module "../../core/loaders" {
  interface Loaders extends ReturnType<typeof loaders> {}
}

/** Service accounts registered by an organisation and never yet switched on, for the hub's administrators. */
async function serviceAccountAttention(ctx: AuthorisedContext): Promise<AttentionItem[]> {
  if (!ctx.principal.roles.includes(Role.HUB_ADMIN)) return [];
  const [row]: { count: number }[] = await ctx.em.query(
    `SELECT count(*)::int AS count FROM hub_user WHERE service_account AND NOT active AND deactivated_at IS NULL`,
  );
  return attentionIf(AttentionKind.SERVICE_ACCOUNTS_WAITING, row);
}

export const directoryModule: HubModule = {
  name: "directory",
  attentionItems: serviceAccountAttention,
  entities: [TrustedIssuer, Organisation, HubUser],
  resolvers: [DirectoryResolver, ServiceAccountsResolver, UserFieldsResolver],
  loaders,
};
