import { OrganisationKind, Role } from "../access/roles";

/** The verified caller: a registered, active hub user signed in by a trusted issuer. */
export interface Principal {
  userId: string;
  displayName: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  /** For an IRO service: the local authority it serves (its managers see that LA's cases). */
  organisationLocalAuthorityId: string | null;
  roles: Role[];
  issuer: string;
  subject: string;
}

export function hasRole(p: Principal, ...roles: Role[]): boolean {
  return p.roles.some((r) => roles.includes(r));
}
