import { Principal, hasRole } from "../../core/auth/principal";
import { Role } from "../../core/access/roles";
import type { SqlPredicate } from "../../core/access/sql-predicate";
import type { EntityManager } from "typeorm";
import type { CaseAccess, CaseAudience } from "../../core/module";
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

/**
 * `accessPredicate` turned round, for many users at once: each route to a case above, as rows
 * of (user, case, the child a personal appointment is to, whether the route covers every child
 * of the case). A test checks the two agree for every user, case and child of a data set.
 */
async function audience(em: EntityManager, today: string, caseIds: readonly string[]): Promise<CaseAudience> {
  const byOrganisationRole = Object.entries(ORGANISATION_ROLE).map(([role, as]) => `(a.role = '${as}' AND '${role}' = ANY(u.roles))`);
  const rows: { user_id: string; case_id: string; child_id: string | null; whole_case: boolean }[] = caseIds.length
    ? await em.query(
        `SELECT x.user_id, x.case_id, x.child_id, x.whole_case
           FROM (SELECT a.user_id, a.proceedings_id AS case_id, a.child_id, false AS whole_case
                   FROM appointment a
                  WHERE a.proceedings_id = ANY($1::uuid[]) AND a.user_id IS NOT NULL AND ${runsOn("a", "$2")}
                 UNION ALL
                 SELECT u.id, a.proceedings_id, NULL, true
                   FROM appointment a JOIN hub_user u ON u.organisation_id = a.organisation_id
                  WHERE a.proceedings_id = ANY($1::uuid[]) AND a.user_id IS NULL AND ${runsOn("a", "$2")}
                    AND (${byOrganisationRole.join(" OR ")})
                 UNION ALL
                 SELECT u.id, p.id, NULL, true
                   FROM proceedings p
                   JOIN organisation o ON o.local_authority_id = p.local_authority_id
                   JOIN hub_user u ON u.organisation_id = o.id
                  WHERE p.id = ANY($1::uuid[]) AND '${Role.IRO_MANAGER}' = ANY(u.roles)
                 UNION ALL
                 SELECT u.id, p.id, NULL, true
                   FROM proceedings p
                   JOIN organisation court ON court.id = p.court_id
                   JOIN hub_user u ON u.organisation_id = court.cafcass_area_id
                  WHERE p.id = ANY($1::uuid[]) AND '${Role.CAFCASS_MANAGER}' = ANY(u.roles)) x
           JOIN hub_user active ON active.id = x.user_id AND active.active`,
        [caseIds, today],
      )
    : [];
  const cases = new Set<string>();
  const children = new Set<string>();
  const wholeCases = new Set<string>();
  const users = new Set<string>();
  for (const r of rows) {
    users.add(r.user_id);
    cases.add(`${r.user_id}|${r.case_id}`);
    if (r.whole_case) wholeCases.add(`${r.user_id}|${r.case_id}`);
    else if (r.child_id) children.add(`${r.user_id}|${r.child_id}`);
  }
  return {
    users,
    allows: (userId, caseId, childId) =>
      cases.has(`${userId}|${caseId}`) && (!childId || wholeCases.has(`${userId}|${caseId}`) || children.has(`${userId}|${childId}`)),
  };
}

export const appointmentCaseAccess: CaseAccess = {
  cases: (principal, today, caseAlias) => accessPredicate(principal, today, caseAlias, null),
  childRecords: (principal, today, childAlias, caseAlias) => accessPredicate(principal, today, caseAlias, childAlias),
  audience,
  appointed: (userId, role, today, caseAlias) => ({
    sql: `EXISTS (SELECT 1 FROM appointment ap_a WHERE ap_a.proceedings_id = ${caseAlias}.id AND ap_a.user_id = :apUser AND ap_a.role = :apRole AND ${runsOn("ap_a", ":apToday")})`,
    params: { apUser: userId, apRole: role, apToday: today },
  }),
};
