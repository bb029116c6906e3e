import { In } from "typeorm";
import { AuthorisedContext, HubContext, caseAccess } from "../../core/context";
import { conflict, forbidden, notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { Role } from "../../core/access/roles";
import { Capability, can } from "../../core/access/permissions";
import { hasRole } from "../../core/auth/principal";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import type { RecordedCaseEvent } from "../../core/events/events";
import { addMonths, compareDates } from "../../core/calendar/calendar";
import { requireChildRecords } from "../proceedings/proceedings.module";
import { AppointmentRole, requireAppointee } from "../appointments/appointments.module";
import { FinalOutcome, ORDERS_WITH_A_PLAN_TO_MONITOR, monitoredOrder } from "../final-outcomes/final-outcomes.module";
import { CafcassReferral, Dispute, OPEN_DISPUTE_STATUSES, OPEN_REFERRAL_STATUSES } from "../challenges/challenges.module";
import { Review, scheduleFor } from "../reviews/reviews.module";
import { AssuranceStatement, StatementStatus } from "./assurance-statement.entity";

const requireIroOf = (ctx: AuthorisedContext, childId: string, what: string) => requireAppointee(ctx, childId, AppointmentRole.IRO, what);

/**
 * A review held after a monitored final order, within the assurance period, starts the court's
 * assurance statement: the review's timeliness and the plan, and the challenges open that day.
 * (Reacts to REVIEW_RECORDED, also raised when a decision is completed: one statement a review.)
 */
export async function draftStatementForReview(ctx: HubContext, event: RecordedCaseEvent): Promise<void> {
  const review = event.subjectId ? await ctx.em.findOneBy(Review, { id: event.subjectId }) : null;
  if (!review || (await ctx.em.existsBy(AssuranceStatement, { reviewId: review.id }))) return;
  const order = await monitoredOrder(ctx, review.childId);
  const assuranceEnds = order && addMonths(order.orderDate, ctx.runtime.config.assuranceMonths);
  if (!order || compareDates(review.heldOn, order.orderDate) < 0 || compareDates(review.heldOn, assuranceEnds!) > 0) return;
  const row = (await scheduleFor(ctx, review.childId)).reviews.find((r) => r.reviewId === review.id)!;
  const [disputes, referrals] = await Promise.all([
    ctx.em.countBy(Dispute, { childId: review.childId, status: In([...OPEN_DISPUTE_STATUSES]) }),
    ctx.em.countBy(CafcassReferral, { childId: review.childId, status: In([...OPEN_REFERRAL_STATUSES]) }),
  ]);
  await ctx.em.insert(AssuranceStatement, {
    proceedingsId: review.proceedingsId,
    childId: review.childId,
    reviewId: review.id,
    heldOn: review.heldOn,
    dueOn: row.dueOn,
    heldOnTime: compareDates(review.heldOn, row.dueOn) <= 0,
    planOnTrack: review.planOnTrack,
    openDisputes: disputes,
    openReferrals: referrals,
    summaryForCourt: review.summaryForCourt ?? "",
  });
}

/** The statement, if the caller may see it (and, `asIro`, is the child's IRO): one access check. */
async function requireStatement(ctx: AuthorisedContext, id: string, asIro = false): Promise<AssuranceStatement> {
  const s = isUuid(id) ? await ctx.em.findOneBy(AssuranceStatement, { id }) : null;
  if (!s) throw notFound("Assurance statement");
  if (asIro) await requireIroOf(ctx, s.childId, "Assurance statement");
  else await requireChildRecords(ctx, s.childId, "Assurance statement");
  return s;
}

/** Drafts change until the IRO releases them; a released statement never changes. */
export async function updateStatement(ctx: AuthorisedContext, id: string, summaryForCourt: string): Promise<AssuranceStatement> {
  const s = await requireStatement(ctx, id, true);
  if (s.status === StatementStatus.RELEASED) throw conflict("A released statement cannot be edited");
  s.summaryForCourt = summaryForCourt;
  return ctx.em.save(s);
}

export async function releaseStatement(ctx: AuthorisedContext, id: string): Promise<AssuranceStatement> {
  const s = await requireStatement(ctx, id, true);
  if (s.status === StatementStatus.RELEASED) throw conflict("Already released");
  const res = await ctx.em.update(
    AssuranceStatement,
    { id: s.id, status: StatementStatus.DRAFT },
    { status: StatementStatus.RELEASED, releasedAt: ctx.runtime.clock.now(), releasedById: ctx.principal.userId },
  );
  if (!res.affected) throw conflict("Already released");
  await recordCaseEvent(ctx, {
    kind: CaseEventKind.ASSURANCE_STATEMENT_RELEASED,
    proceedingsId: s.proceedingsId,
    childId: s.childId,
    subjectId: s.id,
    audience: [Role.COURT, Role.IRO, Role.IRO_MANAGER],
  });
  return ctx.em.findOneByOrFail(AssuranceStatement, { id: s.id });
}

/** A child's statements: the court sees released ones only. */
export async function statementsFor(ctx: AuthorisedContext, childId: string): Promise<AssuranceStatement[]> {
  if (!can(ctx.principal.roles, Capability.READ_REVIEWS) && !hasRole(ctx.principal, Role.COURT)) throw forbidden();
  const { child } = await requireChildRecords(ctx, childId);
  const all = await ctx.em.find(AssuranceStatement, { where: { childId: child.id }, order: { heldOn: "DESC" } });
  // Drafts are the IRO's work in progress: only those who read reviews see them.
  return can(ctx.principal.roles, Capability.READ_REVIEWS) ? all : all.filter((s) => s.status === StatementStatus.RELEASED);
}

/**
 * The court's post-order view of its cases: for each child with a monitored order, the latest
 * released statement, the review schedule, and whether disputes or a Cafcass referral are open.
 * Never the IRO's own review notes.
 */
export async function courtAssurance(ctx: AuthorisedContext) {
  const p = ctx.principal;
  if (!hasRole(p, Role.COURT)) throw forbidden();
  const access = caseAccess(ctx.runtime).cases(p, ctx.today(), "p");
  const outcomes = await ctx.em
    .createQueryBuilder(FinalOutcome, "o")
    .innerJoin("proceedings", "p", "p.id = o.proceedings_id")
    .where("o.order_type IN (:...types)", { types: ORDERS_WITH_A_PLAN_TO_MONITOR })
    .andWhere(access.sql, access.params)
    .orderBy("o.order_date", "DESC")
    .limit(500)
    .getMany();
  const childIds = outcomes.map((o) => o.childId);
  ctx.audit.touchMany(new Set(outcomes.map((o) => o.proceedingsId)));
  if (!childIds.length) return [];
  const [statements, disputes, referrals] = await Promise.all([
    ctx.em.find(AssuranceStatement, { where: { childId: In(childIds), status: StatementStatus.RELEASED }, order: { heldOn: "DESC" } }),
    ctx.em.find(Dispute, { where: { childId: In(childIds), status: In([...OPEN_DISPUTE_STATUSES]) } }),
    ctx.em.find(CafcassReferral, { where: { childId: In(childIds) }, order: { raisedAt: "DESC" } }),
  ]);
  return Promise.all(
    outcomes.map(async (o) => {
      // The outcomes were selected through the court's case access: no second check per child.
      const schedule = await scheduleFor(ctx, o.childId);
      return {
        childId: o.childId,
        outcome: o,
        firstPostOrderReviewOn: schedule.firstPostOrderReviewOn,
        nextReviewDueOn: schedule.nextDueOn,
        reviewOverdue: schedule.nextOverdue,
        latestStatement: statements.find((s) => s.childId === o.childId) ?? null,
        openDisputes: disputes.filter((d) => d.childId === o.childId).length,
        referralStatus: referrals.find((r) => r.childId === o.childId)?.status ?? null,
      };
    }),
  );
}
