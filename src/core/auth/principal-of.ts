import { Principal } from "./principal";
import { HubUser } from "../../modules/directory/hub-user.entity";
import { Organisation } from "../../modules/directory/organisation.entity";
import { TrustedIssuer } from "../../modules/directory/trusted-issuer.entity";

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
