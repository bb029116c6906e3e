import { AuthorisedContext } from "../../core/context";
import { badInput, forbidden } from "../../core/errors";
import { Role } from "../../core/access/roles";
import { hasRole } from "../../core/auth/principal";
import { compareDates } from "../../core/calendar/calendar";
import { positional } from "../../core/access/sql-predicate";
import { notWithdrawnSql } from "../court-papers/court-papers.module";
import { IRO_CASELOAD_BENCHMARK, managerScope, runsOn } from "../appointments/appointments.module";

// The balcony view: how well the protocol's joins are working, for an IRO service, a Cafcass
// area, or the whole country. Everything is counted in PostgreSQL (working days through the
// calendar_day table, which the calendar module writes), and no child identifier leaves it.

export enum ComplianceScope {
  MY_SERVICE = "MY_SERVICE",
  NATIONAL = "NATIONAL",
}

export interface ComplianceFigures {
  scope: string;
  from: string;
  to: string;
  children: number;
  papersReachedIroInTime: number;
  childrenWithIroAndGuardian: number;
  contactWithinTenWorkingDays: number;
  contactPending: number;
  childrenWithFinalHearing: number;
  viewsBeforeFinalHearing: number;
  outstandingActions: number;
  overdueActions: number;
  iros: number;
  averageCaseload: number | null;
  irosUnder50: number;
  irosWithin50To70: number;
  irosOver70: number;
}

interface Scope {
  /** Which proceedings a report covers, as SQL over `p`. */
  sql: string;
  /** Which IROs it covers, as SQL over the user's organisation `o`. */
  iroSql: string;
  params: unknown[];
  label: string;
}

/** What a report covers, from the caller's role. */
function scopeFilter(ctx: AuthorisedContext, scope: ComplianceScope): Scope {
  const p = ctx.principal;
  if (scope === ComplianceScope.NATIONAL) {
    if (!hasRole(p, Role.HUB_ADMIN)) throw forbidden("The national view is for hub administrators");
    return { sql: "($3::uuid IS NULL)", iroSql: "($3::uuid IS NULL)", params: [], label: "national" };
  }
  // The cases are the manager's scope (the one definition appointments gives case access), as $3.
  if (hasRole(p, Role.IRO_MANAGER) && p.organisationLocalAuthorityId) {
    // The service's own IROs; its cases are its local authority's.
    const cases = positional(managerScope(p, "p", Role.IRO_MANAGER)!, 3);
    return { sql: cases.sql, iroSql: "o.kind = 'IRO_SERVICE' AND o.local_authority_id = $3", params: cases.values, label: "IRO service" };
  }
  if (hasRole(p, Role.CAFCASS_MANAGER)) {
    // The IRO services of the local authorities whose cases go to the area's courts.
    const cases = positional(managerScope(p, "p", Role.CAFCASS_MANAGER)!, 3);
    return {
      sql: cases.sql,
      iroSql: `o.kind = 'IRO_SERVICE' AND o.local_authority_id IN (
                 SELECT DISTINCT pp.local_authority_id FROM proceedings pp JOIN organisation ct ON ct.id = pp.court_id WHERE ct.cafcass_area_id = $3)`,
      params: cases.values,
      label: "Cafcass area",
    };
  }
  throw forbidden("Compliance figures are for IRO managers, Cafcass managers and administrators");
}

export async function protocolCompliance(ctx: AuthorisedContext, scope: ComplianceScope, from: string, to: string): Promise<ComplianceFigures> {
  if (compareDates(from, to) > 0) throw badInput("to", "The period ends before it starts");
  const s = scopeFilter(ctx, scope);
  const today = ctx.today();
  // $1, $2: the period (proceedings issued in it); $3: the scope's organisation, when any; $4 today.
  // The definitions (each stated in the schema's descriptions and the README):
  //  - appointments count once they have started (starts_on <= today);
  //  - "within 10 working days" means on or before the 10th working day after the later of the
  //    two appointments (the calendar's addWorkingDays, as the checklist reads it): in SQL, the
  //    working day whose ordinal is the start's ordinal + 10;
  //  - a child whose window has not closed (its 10th working day is today or later) and who has
  //    had no contact yet is pending, not late, and left out of the share;
  //  - the application counts for a child when it went to that child's own IRO;
  //  - a liaison record that a later record corrects is replaced by its correction.
  const params = [from, to, ...(s.params.length ? s.params : [null]), today];
  const [row] = await ctx.em.query(
    `WITH scoped_children AS (
       SELECT c.id, c.proceedings_id, p.issue_date
         FROM child c JOIN proceedings p ON p.id = c.proceedings_id
        WHERE p.issue_date BETWEEN $1 AND $2 AND ${s.sql}
     ),
     -- NOT MATERIALIZED: used several times, but each use must reach liaison_record's indexes
     -- (a materialised copy has none, and the contact check scanned it once per child).
     liaison AS NOT MATERIALIZED (
       SELECT l.* FROM liaison_record l
        WHERE NOT EXISTS (SELECT 1 FROM liaison_record c WHERE c.corrects_id = l.id)
     ),
     pairs AS (
       SELECT sc.id,
              GREATEST(max(a.starts_on) FILTER (WHERE a.role = 'IRO'), max(a.starts_on) FILTER (WHERE a.role = 'GUARDIAN')) AS both_from
         FROM scoped_children sc JOIN appointment a ON a.child_id = sc.id AND a.role IN ('IRO', 'GUARDIAN') AND a.starts_on <= $4
        GROUP BY sc.id
       HAVING bool_or(a.role = 'IRO') AND bool_or(a.role = 'GUARDIAN')
     ),
     windows AS (
       SELECT pr.id, pr.both_from, deadline.day AS deadline
         FROM pairs pr
         JOIN calendar_day cb ON cb.day = pr.both_from
         JOIN calendar_day deadline ON deadline.working_ordinal = cb.working_ordinal + 10 AND deadline.is_working_day
     ),
     contact AS (
       SELECT w.id, w.deadline,
              EXISTS (SELECT 1 FROM liaison l WHERE l.child_id = w.id AND l.occurred_on BETWEEN w.both_from AND w.deadline) AS in_time
         FROM windows w
     ),
     finals AS (
       SELECT sc.id, min(h.date) AS final_date
         FROM scoped_children sc JOIN hearing h ON h.proceedings_id = sc.proceedings_id AND h.type = 'FINAL' AND h.date <= $4
        GROUP BY sc.id
     )
     SELECT
       (SELECT count(*) FROM scoped_children)::int AS children,
       (SELECT count(*) FROM scoped_children sc WHERE EXISTS (
          SELECT 1 FROM paper_delivery d JOIN court_document doc ON doc.id = d.document_id
           WHERE d.proceedings_id = sc.proceedings_id AND d.role = 'IRO' AND d.reached_in_time
             AND doc.type = 'C110A_APPLICATION' AND ${notWithdrawnSql("doc")}
             AND (cardinality(doc.child_ids) = 0 OR sc.id = ANY(doc.child_ids))
             AND EXISTS (SELECT 1 FROM appointment a WHERE a.child_id = sc.id AND a.role = 'IRO' AND a.user_id = d.user_id AND a.starts_on <= $4)))::int AS papers_reached_iro_in_time,
       (SELECT count(*) FROM pairs)::int AS children_with_iro_and_guardian,
       (SELECT count(*) FROM contact WHERE in_time)::int AS contact_within_ten_working_days,
       (SELECT count(*) FROM contact WHERE NOT in_time AND deadline >= $4)::int AS contact_pending,
       (SELECT count(*) FROM finals)::int AS children_with_final_hearing,
       (SELECT count(*) FROM finals f WHERE EXISTS (
          SELECT 1 FROM liaison l
           WHERE l.child_id = f.id AND 'CARE_PLAN' = ANY(l.topics) AND l.occurred_on < f.final_date))::int AS views_before_final_hearing,
       (SELECT count(*) FROM liaison_action la JOIN liaison l ON l.id = la.liaison_id JOIN scoped_children sc ON sc.id = la.child_id
         WHERE la.completed_at IS NULL)::int AS outstanding_actions,
       (SELECT count(*) FROM liaison_action la JOIN liaison l ON l.id = la.liaison_id JOIN scoped_children sc ON sc.id = la.child_id
         WHERE la.completed_at IS NULL AND la.due_on < $4)::int AS overdue_actions`,
    params,
  );
  const caseloads = await iroCaseloads(ctx, s, today);
  return {
    scope: s.label,
    from,
    to,
    children: row.children,
    papersReachedIroInTime: row.papers_reached_iro_in_time,
    childrenWithIroAndGuardian: row.children_with_iro_and_guardian,
    contactWithinTenWorkingDays: row.contact_within_ten_working_days,
    contactPending: row.contact_pending,
    childrenWithFinalHearing: row.children_with_final_hearing,
    viewsBeforeFinalHearing: row.views_before_final_hearing,
    outstandingActions: row.outstanding_actions,
    overdueActions: row.overdue_actions,
    ...caseloads,
  };
}

/**
 * IRO caseloads against the 50-70 benchmark: every active IRO of the scope, those with no
 * current child included (with 0), each counted with the scope's children they are the IRO of
 * today (an appointment that has started and not ended).
 */
async function iroCaseloads(ctx: AuthorisedContext, s: Scope, today: string) {
  const { low, high } = IRO_CASELOAD_BENCHMARK;
  const [row] = await ctx.em.query(
    `WITH scope_iros AS (
       SELECT u.id FROM hub_user u JOIN organisation o ON o.id = u.organisation_id
        WHERE u.active AND 'IRO' = ANY(u.roles) AND ${s.iroSql.replace(/\$3/g, () => "$2")}
     ),
     loads AS (
       SELECT a.user_id, count(DISTINCT a.child_id) AS n
         FROM appointment a JOIN proceedings p ON p.id = a.proceedings_id
        WHERE a.role = 'IRO' AND ${runsOn("a", "$1")}
          AND ${s.sql.replace(/\$3/g, () => "$2")}
        GROUP BY a.user_id),
     all_loads AS (
       SELECT coalesce(l.n, 0) AS n FROM scope_iros i LEFT JOIN loads l ON l.user_id = i.id
       UNION ALL
       SELECT l.n FROM loads l WHERE l.user_id NOT IN (SELECT id FROM scope_iros))
     SELECT count(*)::int AS iros, round(avg(n), 1)::float AS average,
            (count(*) FILTER (WHERE n < ${low}))::int AS under, (count(*) FILTER (WHERE n BETWEEN ${low} AND ${high}))::int AS within,
            (count(*) FILTER (WHERE n > ${high}))::int AS over
       FROM all_loads`,
    [today, ...(s.params.length ? s.params : [null])],
  );
  return { iros: row.iros, averageCaseload: row.average, irosUnder50: row.under, irosWithin50To70: row.within, irosOver70: row.over };
}
