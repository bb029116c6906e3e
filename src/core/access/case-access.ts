import { SelectQueryBuilder, ObjectLiteral } from "typeorm";
import { Principal, hasRole } from "../auth/principal";
import { Role } from "./roles";
import { AppointmentRole } from "../../modules/appointments/appointment.entity";

// Who may see which proceedings, as one SQL predicate: used both to check a single case and to
// list someone's cases, so the two can never disagree.
//   - anyone with a current appointment on the case (as a person, or as the court / the legal
//     department when their organisation is on the case as such);
//   - an IRO manager: every case of the local authority their IRO service belongs to (they must
//     see a new case to appoint its IRO);
//   - a Cafcass manager: every case at a court their Cafcass area serves (to allocate a guardian).
// Hub administrators see no case data.

const ORGANISATION_ROLE: Partial<Record<Role, AppointmentRole>> = {
  [Role.COURT]: AppointmentRole.COURT,
  [Role.LA_LEGAL]: AppointmentRole.LA_LEGAL_DEPARTMENT,
};

export interface SqlPredicate {
  sql: string;
  params: Record<string, unknown>;
}

export function caseAccessPredicate(principal: Principal, today: string, alias = "p"): SqlPredicate {
  return accessPredicate(principal, today, alias, null);
}

/**
 * Who may see one child's own records (care plan, reviews, liaison, events about them...): the
 * people appointed to *that* child, the organisations on the case (the legal department, the
 * court) and the managers whose scope includes the case. Someone appointed only to a sibling
 * sees the case, not this child's records. `childAlias` names the child row, `alias` its case.
 */
export function childAccessPredicate(principal: Principal, today: string, childAlias = "c", alias = "p"): SqlPredicate {
  return accessPredicate(principal, today, alias, childAlias);
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
                AND acc_a.starts_on <= :accToday
                AND (acc_a.ends_on IS NULL OR acc_a.ends_on >= :accToday)
                AND (${viaAppointment.join(" OR ")}))`,
  ];
  if (hasRole(principal, Role.IRO_MANAGER) && principal.organisationLocalAuthorityId) {
    clauses.push(`${alias}.local_authority_id = :accIroLa`);
    params.accIroLa = principal.organisationLocalAuthorityId;
  }
  if (hasRole(principal, Role.CAFCASS_MANAGER)) {
    clauses.push(`${alias}.court_id IN (SELECT acc_c.id FROM organisation acc_c WHERE acc_c.cafcass_area_id = :accOrg)`);
  }
  return { sql: `(${clauses.join(" OR ")})`, params };
}

export function whereCaseAccessible<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  principal: Principal,
  today: string,
  alias = "p",
): SelectQueryBuilder<T> {
  const { sql, params } = caseAccessPredicate(principal, today, alias);
  return qb.andWhere(sql, params);
}
