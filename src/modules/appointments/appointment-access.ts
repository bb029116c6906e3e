import { Principal, hasRole } from "../../core/auth/principal";
import { Role } from "../../core/access/roles";
import type { SqlPredicate } from "../../core/access/sql-predicate";
import type { CaseAccess } from "../../core/module";
import { AppointmentRole } from "./appointment.entity";

// Who may see which proceedings, and which children's own records: one definition, from
// appointments, that the rest of the hub uses through core's CaseAccess (so that checking one
// case and listing cases can never disagree):
//   - anyone with a current appointment on the case (as a person, or as the court / the legal
//     department when their organisation is on the case as such); for a child's own records, a
//     person's appointment must be to that child (not only a sibling);
//   - an IRO manager: every case of the local authority their IRO service belongs to (they must
//     see a new case to appoint its IRO);
//   - a Cafcass manager: every case at a court their Cafcass area serves (to allocate a guardian).
// Hub administrators see no case data.

const ORGANISATION_ROLE: Partial<Record<Role, AppointmentRole>> = {
  [Role.COURT]: AppointmentRole.COURT,
  [Role.LA_LEGAL]: AppointmentRole.LA_LEGAL_DEPARTMENT,
};

/**
 * An appointment runs on a day from its first day to its last, both included; an open-ended one
 * runs on. The SQL form of `isCurrent` (appointment.entity.ts): every query that asks who holds a
 * role on a day uses this, and a test checks the two agree.
 */
export function runsOn(alias: string, day: string): string {
  return `(${alias}.starts_on <= CAST(${day} AS date) AND (${alias}.ends_on IS NULL OR ${alias}.ends_on >= CAST(${day} AS date)))`;
}

/**
 * The cases a manager's scope covers, as SQL over the case alias: an IRO manager's local
 * authority, a Cafcass manager's area's courts. Null for anyone else. The balcony view's scopes
 * are these too.
 */
export function managerScope(principal: Principal, caseAlias: string, only?: Role.IRO_MANAGER | Role.CAFCASS_MANAGER): SqlPredicate | null {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (hasRole(principal, Role.IRO_MANAGER) && principal.organisationLocalAuthorityId && only !== Role.CAFCASS_MANAGER) {
    clauses.push(`${caseAlias}.local_authority_id = :scopeLa`);
    params.scopeLa = principal.organisationLocalAuthorityId;
  }
  if (hasRole(principal, Role.CAFCASS_MANAGER) && only !== Role.IRO_MANAGER) {
    clauses.push(`${caseAlias}.court_id IN (SELECT scope_c.id FROM organisation scope_c WHERE scope_c.cafcass_area_id = :scopeArea)`);
    params.scopeArea = principal.organisationId;
  }
  return clauses.length ? { sql: `(${clauses.join(" OR ")})`, params } : null;
}

function accessPredicate(principal: Principal, today: string, alias: string, childAlias: string | null): SqlPredicate {
  const orgRoles = principal.roles.map((r) => ORGANISATION_ROLE[r]).filter((r): r is AppointmentRole => !!r);
  const params: Record<string, unknown> = {
    accUser: principal.userId,
    accOrg: principal.organisationId,
    accToday: today,
  };
  // A person's appointment is to a child: for that child's records, to this one.
  const viaAppointment = [childAlias ? `(acc_a.user_id = :accUser AND acc_a.child_id = ${childAlias}.id)` : `acc_a.user_id = :accUser`];
  if (orgRoles.length) {
    viaAppointment.push(`(acc_a.user_id IS NULL AND acc_a.organisation_id = :accOrg AND acc_a.role IN (:...accOrgRoles))`);
    params.accOrgRoles = orgRoles;
  }
  const clauses = [
    `EXISTS (SELECT 1 FROM appointment acc_a
              WHERE acc_a.proceedings_id = ${alias}.id
                AND ${runsOn("acc_a", ":accToday")}
                AND (${viaAppointment.join(" OR ")}))`,
  ];
  const scope = managerScope(principal, alias);
  if (scope) {
    clauses.push(scope.sql);
    Object.assign(params, scope.params);
  }
  return { sql: `(${clauses.join(" OR ")})`, params };
}

export const appointmentCaseAccess: CaseAccess = {
  cases: (principal, today, caseAlias) => accessPredicate(principal, today, caseAlias, null),
  childRecords: (principal, today, childAlias, caseAlias) => accessPredicate(principal, today, caseAlias, childAlias),
};
