import { registerEnumType } from "type-graphql";

/** What a person does in the family justice system; a user may hold more than one. */
export enum Role {
  HUB_ADMIN = "HUB_ADMIN",
  LA_LEGAL = "LA_LEGAL",
  SOCIAL_WORKER = "SOCIAL_WORKER",
  IRO = "IRO",
  IRO_MANAGER = "IRO_MANAGER",
  GUARDIAN = "GUARDIAN",
  CAFCASS_MANAGER = "CAFCASS_MANAGER",
  COURT = "COURT",
  ORGANISATION_ADMIN = "ORGANISATION_ADMIN",
  RECORDS_MANAGER = "RECORDS_MANAGER",
}

registerEnumType(Role, {
  name: "Role",
  description: "A person's role in the family justice system",
  valuesConfig: {
    HUB_ADMIN: { description: "Administers the hub's directory of organisations, issuers and users" },
    LA_LEGAL: { description: "Local authority legal department (solicitor, paralegal)" },
    SOCIAL_WORKER: { description: "Local authority social worker holding the child's case" },
    IRO: { description: "Independent Reviewing Officer" },
    IRO_MANAGER: { description: "Manager of the local authority's IRO service" },
    GUARDIAN: { description: "Cafcass children's guardian" },
    CAFCASS_MANAGER: { description: "Cafcass service manager" },
    COURT: { description: "Family court judge, legal adviser or court staff" },
    ORGANISATION_ADMIN: { description: "Connects their organisation's own systems (webhook endpoints, service accounts); sees no case data" },
    RECORDS_MANAGER: {
      description:
        "A local authority's records manager: retention, legal holds and disposal of its children's records; sees when records fall due, not their content",
    },
  },
});

export enum OrganisationKind {
  HUB = "HUB",
  LOCAL_AUTHORITY = "LOCAL_AUTHORITY",
  IRO_SERVICE = "IRO_SERVICE",
  CAFCASS_AREA = "CAFCASS_AREA",
  COURT = "COURT",
}

registerEnumType(OrganisationKind, {
  name: "OrganisationKind",
  description: "The kind of organisation a user belongs to",
});

/** Which roles an organisation of each kind may give its users. */
export const ROLES_BY_ORGANISATION_KIND: Record<OrganisationKind, readonly Role[]> = {
  [OrganisationKind.HUB]: [Role.HUB_ADMIN],
  [OrganisationKind.LOCAL_AUTHORITY]: [Role.LA_LEGAL, Role.SOCIAL_WORKER, Role.ORGANISATION_ADMIN, Role.RECORDS_MANAGER],
  [OrganisationKind.IRO_SERVICE]: [Role.IRO, Role.IRO_MANAGER, Role.ORGANISATION_ADMIN],
  [OrganisationKind.CAFCASS_AREA]: [Role.GUARDIAN, Role.CAFCASS_MANAGER, Role.ORGANISATION_ADMIN],
  [OrganisationKind.COURT]: [Role.COURT, Role.ORGANISATION_ADMIN],
};
