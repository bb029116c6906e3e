import type { EntityManager } from "typeorm";
import { AuthorisedContext } from "../../core/context";
import { badInput, forbidden } from "../../core/errors";
import { Role } from "../../core/access/roles";
import { hasRole } from "../../core/auth/principal";
import { compareDates } from "../../core/calendar/calendar";
import { positional } from "../../core/access/sql-predicate";
import { notWithdrawnSql, reachedInTimeSql } from "../court-papers/court-papers.module";
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
  /** Which IROs it covers, as SQL over the user's organisation `o` ($2: the scope's parameter, $3: the caller's organisation). */
  iroSql: string;
  params: unknown[];
  label: string;
}

/** What a report covers, from the caller's role. */
function scopeFilter(ctx: AuthorisedContext, scope: ComplianceScope): Scope {
  const p = ctx.principal;
  if (scope === ComplianceScope.NATIONAL) {
    if (!hasRole(p, Role.HUB_ADMIN)) throw forbidden("The national view is for hub administrators");
    return { sql: "($3::uuid IS NULL)", iroSql: "($2::uuid IS NULL AND $3::uuid IS NOT NULL)", params: [], label: "national" };
  }
  // The cases are the manager's scope (the one definition appointments gives case access), as $3.
  if (hasRole(p, Role.IRO_MANAGER) && p.organisationLocalAuthorityId) {
    // The service's own IROs (not another IRO service of the same authority); its cases are its local authority's.
    const cases = positional(managerScope(p, "p", Role.IRO_MANAGER)!, 3);
    return { sql: cases.sql, iroSql: "o.id = $3 AND $2::uuid IS NOT NULL", params: cases.values, label: "IRO service" };
  }
  if (hasRole(p, Role.CAFCASS_MANAGER)) {
    // The IRO services of the local authorities whose cases go to the area's courts.
    const cases = positional(managerScope(p, "p", Role.CAFCASS_MANAGER)!, 3);
    return {
      sql: cases.sql,
      iroSql: `o.kind = 'IRO_SERVICE' AND $3::uuid IS NOT NULL AND o.local_authority_id IN (
                 SELECT DISTINCT pp.local_authority_id FROM proceedings pp JOIN organisation ct ON ct.id = pp.court_id WHERE ct.cafcass_area_id = $2)`,
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
  await refreshComplianceRollup(ctx.runtime.dataSource.manager, today, ctx.runtime.config.papersReachWithinWorkingDays);
  const [row, caseloads, name] = await Promise.all([
    countFromRollup(ctx.em, s, from, to, today),
    iroCaseloads(ctx.em, s, ctx.principal.organisationId, today, "rollup"),
    scopeName(ctx, s),
  ]);
  return figures({ ...s, label: name }, from, to, row, caseloads);
}

/**
 * The same figures counted straight from the records, as the rollup's reference: a test checks
 * the two agree (on a generated national data set, after changes through the API, on several
 * days), and `npm run bench:compliance` checks it at national scale.
 */
export async function recomputeProtocolCompliance(ctx: AuthorisedContext, scope: ComplianceScope, from: string, to: string): Promise<ComplianceFigures> {
  const s = scopeFilter(ctx, scope);
  const today = ctx.today();
  const counts = await countFromRecords(ctx.em, s, from, to, today, ctx.runtime.config.papersReachWithinWorkingDays);
  return figures({ ...s, label: await scopeName(ctx, s) }, from, to, counts, await iroCaseloads(ctx.em, s, ctx.principal.organisationId, today, "records"));
}

interface CountsRow {
  children: number;
  papers_reached_iro_in_time: number;
  children_with_iro_and_guardian: number;
  contact_within_ten_working_days: number;
  contact_pending: number;
  children_with_final_hearing: number;
  views_before_final_hearing: number;
  outstanding_actions: number;
  overdue_actions: number;
}

/** Which service or area the figures are for, by its name (the national view says so). */
async function scopeName(ctx: AuthorisedContext, s: Scope): Promise<string> {
  if (s.label === "national") return s.label;
  return (await ctx.loaders.organisationById.load(ctx.principal.organisationId))?.name ?? s.label;
}

function figures(s: Scope, from: string, to: string, row: CountsRow, caseloads: Awaited<ReturnType<typeof iroCaseloads>>): ComplianceFigures {
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

// The definitions (each stated in the schema's descriptions and the README):
//  - appointments count once they have started (starts_on <= today);
//  - "within 10 working days" means on or before the 10th working day after the child first had
//    both an IRO and a guardian (the later of the first IRO's and the first guardian's start; the
//    Good Practice Protocol's "early contact" is the start of the relationship: a later change of
//    IRO or guardian is step 2's introduction again, not a new window), as the checklist reads
//    it: in SQL, the working day whose ordinal is that day's ordinal + 10;
//  - views on the care plan are a record on the CARE_PLAN topic or one recorded for step 5;
//  - papers reached the IRO in time when delivered by the PAPERS_REACH_WITHIN_WORKING_DAYS-th
//    working day after the document's date, by today's calendar (reachedInTimeSql);
//  - a child whose window has not closed (its 10th working day is today or later) and who has
//    had no contact yet is pending, not late, and left out of the share;
//  - the application counts for a child when it went to that child's own IRO;
//  - a liaison record that a later record corrects is replaced by its correction.

/** The reference: every figure counted from the records. $1, $2 the period; $3 the scope's organisation (or null); $4 today; $5 the papers' target in working days. */
async function countFromRecords(em: EntityManager, s: Scope, from: string, to: string, today: string, papersWithinWorkingDays: number): Promise<CountsRow> {
  const params = [from, to, ...(s.params.length ? s.params : [null]), today, papersWithinWorkingDays];
  const [row] = await em.query(fullSql(s.sql), params);
  return row;
}

/** The same counts from the rollup's rows (brought up to date first): one pass over the scope's children. */
async function countFromRollup(em: EntityManager, s: Scope, from: string, to: string, today: string): Promise<CountsRow> {
  const [row] = await em.query(
    `SELECT count(*)::int AS children,
            (count(*) FILTER (WHERE p.papers_iro_from <= $4))::int AS papers_reached_iro_in_time,
            (count(*) FILTER (WHERE p.both_from IS NOT NULL))::int AS children_with_iro_and_guardian,
            (count(*) FILTER (WHERE p.contact_in_time))::int AS contact_within_ten_working_days,
            (count(*) FILTER (WHERE NOT p.contact_in_time AND p.contact_deadline >= $4))::int AS contact_pending,
            (count(*) FILTER (WHERE p.final_date <= $4))::int AS children_with_final_hearing,
            (count(*) FILTER (WHERE p.final_date <= $4 AND p.views_before_final))::int AS views_before_final_hearing,
            coalesce(sum(cardinality(p.open_action_dues)), 0)::int AS outstanding_actions,
            coalesce(sum(CASE WHEN cardinality(p.open_action_dues) = 0 THEN 0
                              ELSE (SELECT count(*) FROM unnest(p.open_action_dues) due WHERE due < $4) END), 0)::int AS overdue_actions
       FROM compliance_child p
      WHERE p.issue_date BETWEEN $1 AND $2 AND ${s.sql}`,
    [from, to, ...(s.params.length ? s.params : [null]), today],
  );
  return row;
}

/**
 * Brings the rollup up to date for `today`: the rows of children whose records changed since
 * (compliance_dirty, which triggers fill in the writing transactions), and rows whose facts were
 * worked out for a day before an appointment that has since started (valid_until) or for a
 * later day than today. One refresh at a time (an advisory lock); it commits before counting,
 * so the counts see every change committed before the refresh began.
 */
export async function refreshComplianceRollup(em: EntityManager, today: string, papersWithinWorkingDays: number): Promise<number> {
  // Usually there is nothing to do: find that out in one read, without a transaction.
  const [{ due }] = await em.query(
    `SELECT EXISTS (SELECT 1 FROM compliance_dirty) OR EXISTS (SELECT 1 FROM compliance_child WHERE valid_until <= $1)
            OR EXISTS (SELECT 1 FROM compliance_child WHERE as_of > $1) AS due`,
    [today],
  );
  if (!due) return 0;
  return em.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('compliance_rollup'))");
    // TypeORM answers a DELETE with [rows, count]. "All" is read from what this refresh took
    // (a marker committed since is left for the next refresh, never half-seen).
    const [drained]: [{ child_id: string | null }[], number] = await tx.query("DELETE FROM compliance_dirty RETURNING child_id");
    let ids: string[];
    if (drained.some((r) => r.child_id === null)) {
      // Every child, and every row of a child that is no more.
      ids = (await tx.query("SELECT id FROM child UNION SELECT child_id FROM compliance_child")).map((r: { id: string }) => r.id);
    } else {
      const stale: { child_id: string }[] = await tx.query(
        "SELECT child_id FROM compliance_child WHERE valid_until <= $1 UNION SELECT child_id FROM compliance_child WHERE as_of > $1",
        [today],
      );
      ids = [...new Set([...drained.map((r) => r.child_id!), ...stale.map((r) => r.child_id)])];
    }
    if (!ids.length) return 0;
    await tx.query("DELETE FROM compliance_child WHERE child_id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM child c WHERE c.id = child_id)", [ids]);
    for (let i = 0; i < ids.length; i += 10_000) {
      const chunk = ids.slice(i, i + 10_000);
      await tx.query(REFRESH_SQL, [chunk, today, papersWithinWorkingDays]);
      // The caseload rows follow the rows just written.
      await tx.query("DELETE FROM compliance_iro_child WHERE child_id = ANY($1::uuid[])", [chunk]);
      await tx.query(
        `INSERT INTO compliance_iro_child (child_id, iro_id, local_authority_id, court_id, as_of)
         SELECT DISTINCT r.child_id, a.user_id, r.local_authority_id, r.court_id, r.as_of
           FROM compliance_child r JOIN appointment a ON a.child_id = r.child_id AND a.role = 'IRO' AND ${runsOn("a", "$2")}
          WHERE r.child_id = ANY($1::uuid[])`,
        [chunk, today],
      );
    }
    return ids.length;
  });
}

// One child's facts as of $2, for the children in $1: the definitions above, child by child,
// with what depends on the day kept as dates to compare at counting time.
const NOT_CORRECTED = "NOT EXISTS (SELECT 1 FROM liaison_record fix WHERE fix.corrects_id = l.id)";
// A record of care plan views (the checklist's step 5 reads it the same way: careplanViews in checklist.ts).
const CARE_PLAN_VIEWS = "('CARE_PLAN' = ANY(l.topics) OR l.protocol_step = 'CARE_PLAN_VIEWS_BEFORE_HEARINGS')";
const REFRESH_SQL = `
  INSERT INTO compliance_child AS r (child_id, proceedings_id, issue_date, local_authority_id, court_id, papers_iro_from, both_from,
                                     contact_deadline, contact_in_time, final_date, views_before_final, open_action_dues, as_of, valid_until)
  SELECT c.id, p.id, p.issue_date, p.local_authority_id, p.court_id,
         (SELECT min(a.starts_on)
            FROM paper_delivery d JOIN court_document doc ON doc.id = d.document_id
            JOIN appointment a ON a.child_id = c.id AND a.role = 'IRO' AND a.user_id = d.user_id
           WHERE d.proceedings_id = p.id AND d.role = 'IRO' AND ${reachedInTimeSql("d", "doc", "$3")}
             AND doc.type = 'C110A_APPLICATION' AND ${notWithdrawnSql("doc")}
             AND (cardinality(doc.child_ids) = 0 OR c.id = ANY(doc.child_ids))),
         pair.both_from,
         win.deadline,
         CASE WHEN win.deadline IS NULL THEN NULL ELSE EXISTS (
           SELECT 1 FROM liaison_record l WHERE l.child_id = c.id AND ${NOT_CORRECTED} AND l.occurred_on BETWEEN pair.both_from AND win.deadline) END,
         fin.final_date,
         CASE WHEN fin.final_date IS NULL THEN NULL ELSE EXISTS (
           SELECT 1 FROM liaison_record l WHERE l.child_id = c.id AND ${NOT_CORRECTED} AND ${CARE_PLAN_VIEWS} AND l.occurred_on < fin.final_date) END,
         ARRAY(SELECT la.due_on FROM liaison_action la JOIN liaison_record l ON l.id = la.liaison_id
                WHERE la.child_id = c.id AND la.completed_at IS NULL AND ${NOT_CORRECTED}),
         $2,
         -- The first day these facts no longer hold: an IRO or guardian starting, an IRO's last day passed.
         (SELECT min(change) FROM appointment a,
                 LATERAL (VALUES (a.starts_on), (CASE WHEN a.role = 'IRO' THEN a.ends_on + 1 END)) AS v(change)
           WHERE a.child_id = c.id AND a.role IN ('IRO', 'GUARDIAN') AND v.change > $2)
    FROM child c JOIN proceedings p ON p.id = c.proceedings_id
    LEFT JOIN LATERAL (
      SELECT GREATEST(min(a.starts_on) FILTER (WHERE a.role = 'IRO'), min(a.starts_on) FILTER (WHERE a.role = 'GUARDIAN')) AS both_from
        FROM appointment a WHERE a.child_id = c.id AND a.role IN ('IRO', 'GUARDIAN') AND a.starts_on <= $2
      HAVING bool_or(a.role = 'IRO') AND bool_or(a.role = 'GUARDIAN')) pair ON true
    LEFT JOIN LATERAL (
      SELECT deadline.day AS deadline FROM calendar_day cb
        JOIN calendar_day deadline ON deadline.working_ordinal = cb.working_ordinal + 10 AND deadline.is_working_day
       WHERE cb.day = pair.both_from) win ON true
    LEFT JOIN LATERAL (SELECT min(h.date) AS final_date FROM hearing h WHERE h.proceedings_id = p.id AND h.type = 'FINAL') fin ON true
   WHERE c.id = ANY($1::uuid[])
  ON CONFLICT (child_id) DO UPDATE SET
    proceedings_id = EXCLUDED.proceedings_id, issue_date = EXCLUDED.issue_date, local_authority_id = EXCLUDED.local_authority_id,
    court_id = EXCLUDED.court_id, papers_iro_from = EXCLUDED.papers_iro_from, both_from = EXCLUDED.both_from,
    contact_deadline = EXCLUDED.contact_deadline, contact_in_time = EXCLUDED.contact_in_time, final_date = EXCLUDED.final_date,
    views_before_final = EXCLUDED.views_before_final, open_action_dues = EXCLUDED.open_action_dues,
    as_of = EXCLUDED.as_of,
    valid_until = EXCLUDED.valid_until`;

const fullSql = (scopeSql: string) => `WITH scoped_children AS (
       SELECT c.id, c.proceedings_id, p.issue_date
         FROM child c JOIN proceedings p ON p.id = c.proceedings_id
        WHERE p.issue_date BETWEEN $1 AND $2 AND ${scopeSql}
     ),
     -- NOT MATERIALIZED: used several times, but each use must reach liaison_record's indexes
     -- (a materialised copy has none, and the contact check scanned it once per child).
     liaison AS NOT MATERIALIZED (
       SELECT l.* FROM liaison_record l
        WHERE NOT EXISTS (SELECT 1 FROM liaison_record c WHERE c.corrects_id = l.id)
     ),
     pairs AS (
       SELECT sc.id,
              GREATEST(min(a.starts_on) FILTER (WHERE a.role = 'IRO'), min(a.starts_on) FILTER (WHERE a.role = 'GUARDIAN')) AS both_from
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
           WHERE d.proceedings_id = sc.proceedings_id AND d.role = 'IRO' AND ${reachedInTimeSql("d", "doc", "$5")}
             AND doc.type = 'C110A_APPLICATION' AND ${notWithdrawnSql("doc")}
             AND (cardinality(doc.child_ids) = 0 OR sc.id = ANY(doc.child_ids))
             AND EXISTS (SELECT 1 FROM appointment a WHERE a.child_id = sc.id AND a.role = 'IRO' AND a.user_id = d.user_id AND a.starts_on <= $4)))::int AS papers_reached_iro_in_time,
       (SELECT count(*) FROM pairs)::int AS children_with_iro_and_guardian,
       (SELECT count(*) FROM contact WHERE in_time)::int AS contact_within_ten_working_days,
       (SELECT count(*) FROM contact WHERE NOT in_time AND deadline >= $4)::int AS contact_pending,
       (SELECT count(*) FROM finals)::int AS children_with_final_hearing,
       (SELECT count(*) FROM finals f WHERE EXISTS (
          SELECT 1 FROM liaison l
           WHERE l.child_id = f.id AND ${CARE_PLAN_VIEWS} AND l.occurred_on < f.final_date))::int AS views_before_final_hearing,
       (SELECT count(*) FROM liaison_action la JOIN liaison l ON l.id = la.liaison_id JOIN scoped_children sc ON sc.id = la.child_id
         WHERE la.completed_at IS NULL)::int AS outstanding_actions,
       (SELECT count(*) FROM liaison_action la JOIN liaison l ON l.id = la.liaison_id JOIN scoped_children sc ON sc.id = la.child_id
         WHERE la.completed_at IS NULL AND la.due_on < $4)::int AS overdue_actions`;

/**
 * IRO caseloads against the 50-70 benchmark: the scope's own IROs (active people holding the
 * IRO role in the scope's IRO service, or services), those with no current child included
 * (with 0), each counted with the scope's children they are the IRO of today (an appointment
 * that has started and not ended). Someone deactivated, without the role, or of another service
 * is not one of the scope's IROs, whatever appointments they still hold.
 */
async function iroCaseloads(em: EntityManager, s: Scope, organisationId: string, today: string, from: "records" | "rollup") {
  const { low, high } = IRO_CASELOAD_BENCHMARK;
  const scopeSql = s.sql.replace(/\$3/g, () => "$2");
  // Each IRO's children today: from the appointments, or from the rollup's current IROs (the
  // same appointments, worked out for a day they still hold on; once refreshed, every row's
  // day is today or earlier).
  const loadsFromRecords = `SELECT a.user_id, count(DISTINCT a.child_id) AS n
                              FROM appointment a JOIN proceedings p ON p.id = a.proceedings_id
                             WHERE a.role = 'IRO' AND ${runsOn("a", "$1")} AND ${scopeSql}
                             GROUP BY a.user_id`;
  const loadsFromRollup = `SELECT p.iro_id AS user_id, count(*) AS n
                             FROM compliance_iro_child p
                            WHERE p.as_of <= $1 AND ${scopeSql}
                            GROUP BY p.iro_id`;
  const [row] = await em.query(
    `WITH scope_iros AS (
       SELECT u.id FROM hub_user u JOIN organisation o ON o.id = u.organisation_id
        WHERE u.active AND 'IRO' = ANY(u.roles) AND ${s.iroSql}
     ),
     loads AS (${from === "records" ? loadsFromRecords : loadsFromRollup}),
     all_loads AS (SELECT coalesce(l.n, 0) AS n FROM scope_iros i LEFT JOIN loads l ON l.user_id = i.id)
     SELECT count(*)::int AS iros, round(avg(n), 1)::float AS average,
            (count(*) FILTER (WHERE n < ${low}))::int AS under, (count(*) FILTER (WHERE n BETWEEN ${low} AND ${high}))::int AS within,
            (count(*) FILTER (WHERE n > ${high}))::int AS over
       FROM all_loads`,
    [today, ...(s.params.length ? s.params : [null]), organisationId],
  );
  return { iros: row.iros, averageCaseload: row.average, irosUnder50: row.under, irosWithin50To70: row.within, irosOver70: row.over };
}
