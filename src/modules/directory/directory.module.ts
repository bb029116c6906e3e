import { EntityManager } from "typeorm";
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

export const directoryModule: HubModule = {
  name: "directory",
  entities: [TrustedIssuer, Organisation, HubUser],
  resolvers: [DirectoryResolver, ServiceAccountsResolver, UserFieldsResolver],
  loaders,
};
