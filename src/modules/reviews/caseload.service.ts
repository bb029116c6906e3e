import { AuthorisedContext } from "../../core/context";
import { AttentionItem, AttentionKind, attentionIf } from "../../core/attention";
import { Role } from "../../core/access/roles";
import { hasRole } from "../../core/auth/principal";
import { runsOn, withinCaseloadBenchmark } from "../appointments/appointments.module";
import { openDisputeSql } from "../challenges/challenges.module";
import { notWithdrawnSql } from "../court-papers/court-papers.module";
import { scheduleFor } from "./reviews.service";

/**
 * An IRO's children (current IRO appointments) with what needs attention; an IRO manager gets
 * each IRO of the service with their caseload size against the 50-70 benchmark instead.
 */
export async function myCaseload(ctx: AuthorisedContext) {
  const p = ctx.principal;
  const today = ctx.today();
  const rows: {
    child_id: string;
    proceedings_id: string;
    court_case_number: string;
    overdue_decisions: number;
    open_disputes: number;
    unacknowledged_papers: number;
    unacknowledged_changes: number;
  }[] = await ctx.em.query(
    `SELECT a.child_id, a.proceedings_id, p.court_case_number,
            (SELECT count(*) FROM review_decision d WHERE d.child_id = a.child_id AND d.completed_at IS NULL AND d.due_on < $2)::int AS overdue_decisions,
            (SELECT count(*) FROM dispute x WHERE x.child_id = a.child_id AND ${openDisputeSql("x")})::int AS open_disputes,
            (SELECT count(*) FROM paper_delivery pd JOIN court_document doc ON doc.id = pd.document_id
              WHERE pd.user_id = $1 AND pd.proceedings_id = a.proceedings_id AND pd.acknowledged_at IS NULL AND ${notWithdrawnSql("doc")})::int AS unacknowledged_papers,
            (SELECT count(*) FROM post_order_change_recipient r JOIN post_order_change c ON c.id = r.change_id
              WHERE r.user_id = $1 AND c.child_id = a.child_id AND r.acknowledged_at IS NULL)::int AS unacknowledged_changes
       FROM appointment a JOIN proceedings p ON p.id = a.proceedings_id
      WHERE a.user_id = $1 AND a.role = 'IRO' AND ${runsOn("a", "$2")}
      ORDER BY p.court_case_number`,
    [p.userId, today],
  );
  if (!hasRole(p, Role.IRO)) return [];
  ctx.audit.touchMany(new Set(rows.map((r) => r.proceedings_id)));
  return Promise.all(
    rows.map(async (r) => {
      // The rows are the caller's own appointments: no second access check per child.
      const s = await scheduleFor(ctx, r.child_id);
      return {
        childId: r.child_id,
        courtCaseNumber: r.court_case_number,
        nextReviewDueOn: s.nextDueOn,
        reviewOverdue: s.nextOverdue,
        overdueDecisions: r.overdue_decisions,
        openDisputes: r.open_disputes,
        unacknowledgedPapers: r.unacknowledged_papers,
        unacknowledgedChanges: r.unacknowledged_changes,
      };
    }),
  );
}

export async function serviceCaseloads(ctx: AuthorisedContext) {
  const rows: { id: string; display_name: string; children: number }[] = await ctx.em.query(
    `SELECT u.id, u.display_name,
            (SELECT count(DISTINCT a.child_id) FROM appointment a
              WHERE a.user_id = u.id AND a.role = 'IRO' AND ${runsOn("a", "$2")})::int AS children
       FROM hub_user u WHERE u.organisation_id = $1 AND 'IRO' = ANY(u.roles) AND u.active
      ORDER BY u.display_name`,
    [ctx.principal.organisationId, ctx.today()],
  );
  return rows.map((r) => ({ iroId: r.id, displayName: r.display_name, children: r.children, withinBenchmark: withinCaseloadBenchmark(r.children) }));
}

/** Review decisions past their date on children the service's IROs review today (SQL over a decision alias). */
export function teamDecisionOverdueSql(decision: string, org: string, today: string): string {
  return `(${decision}.completed_at IS NULL AND ${decision}.due_on < CAST(${today} AS date)
           AND EXISTS (SELECT 1 FROM appointment tda JOIN hub_user tdu ON tdu.id = tda.user_id
                        WHERE tda.child_id = ${decision}.child_id AND tda.role = 'IRO' AND ${runsOn("tda", today)} AND tdu.organisation_id = ${org}))`;
}

/** An IRO manager's team's overdue work: review decisions past their date across the service's IROs. */
export async function teamReviewAttention(ctx: AuthorisedContext): Promise<AttentionItem[]> {
  const p = ctx.principal;
  if (!hasRole(p, Role.IRO_MANAGER)) return [];
  const [row]: { count: number }[] = await ctx.em.query(
    `SELECT count(*)::int AS count FROM review_decision d WHERE ${teamDecisionOverdueSql("d", "$1", "$2")}`,
    [p.organisationId, ctx.today()],
  );
  return attentionIf(AttentionKind.TEAM_DECISIONS_OVERDUE, { count: row.count, overdue: row.count });
}
