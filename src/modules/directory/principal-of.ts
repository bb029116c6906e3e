import type { EntityManager } from "typeorm";
import { Principal } from "../../core/auth/principal";
import { HubUser } from "./hub-user.entity";
import { Organisation } from "./organisation.entity";
import { TrustedIssuer } from "./trusted-issuer.entity";

/** The principal a verified token for this user would produce (for the seed and scripts). */
export function principalOf(user: HubUser, organisation: Organisation, issuer: TrustedIssuer): Principal {
  return {
    userId: user.id,
    displayName: user.displayName,
    organisationId: organisation.id,
    organisationKind: organisation.kind,
    organisationLocalAuthorityId: organisation.localAuthorityId,
    roles: user.roles,
    issuer: issuer.issuer,
    subject: user.subject,
  };
}

/** The same, loading the user's organisation and issuer (for work done on a person's behalf: their calendar, their reminders). */
export async function principalOfUser(em: EntityManager, user: HubUser): Promise<Principal | null> {
  const [organisation, issuer] = await Promise.all([
    em.findOneBy(Organisation, { id: user.organisationId }),
    em.findOneBy(TrustedIssuer, { id: user.issuerId }),
  ]);
  return organisation && issuer ? principalOf(user, organisation, issuer) : null;
}
