import { In, IsNull } from "typeorm";
import { HubContext } from "../../core/context";
import { answersFor } from "../../core/validation";
import { forbidden, notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { compareDates } from "../../core/calendar/calendar";
import { acknowledgementDue, guardianWindowEnds } from "../../core/calendar/deadlines";
import { Role } from "../../core/access/roles";
import { hasRole } from "../../core/auth/principal";
import { caseAccessPredicate } from "../../core/access/case-access";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { Appointment, AppointmentRole, isCurrent } from "../appointments/appointment.entity";
import { Proceedings } from "../proceedings/proceedings.entity";
import { FinalOutcome, ORDERS_WITH_A_PLAN_TO_MONITOR } from "../final-outcomes/final-outcome.entity";
import { requireChildRecords, requireProceedings } from "../proceedings/proceedings.access";
import { PostOrderChange, PostOrderChangeRecipient } from "./post-order-change.entity";

/** The final order whose plan is being monitored, if the child has one. */
export async function monitoredOrder(ctx: HubContext, childId: string): Promise<FinalOutcome | null> {
  const outcome = await ctx.em.findOneBy(FinalOutcome, { childId });
  return outcome && ORDERS_WITH_A_PLAN_TO_MONITOR.includes(outcome.orderType) ? outcome : null;
}

async function current(ctx: HubContext, childId: string, role: AppointmentRole): Promise<Appointment | null> {
  const today = ctx.today();
  const all = await ctx.em.find(Appointment, { where: { childId, role }, order: { startsOn: "DESC" } });
  return all.find((a) => isCurrent(a, today)) ?? null;
}

/**
 * Raises a post-order change for a child whose final order has a plan to monitor. It reaches
 * the child's IRO always, the court that made the order, and the guardian while the
 * post-order window runs. Returns null when the child has no such order yet.
 */
export async function raisePostOrderChange(
  ctx: HubContext,
  source: { proceedingsId: string; childId: string; carePlanVersionId?: string; significantEventId?: string },
): Promise<PostOrderChange | null> {
  const outcome = await monitoredOrder(ctx, source.childId);
  if (!outcome) return null;
  const { calendar, config } = ctx.runtime;
  const today = ctx.today();
  const proceedings = await ctx.em.findOneByOrFail(Proceedings, { id: source.proceedingsId });

  const change = await ctx.em.save(
    ctx.em.create(PostOrderChange, {
      proceedingsId: source.proceedingsId,
      childId: source.childId,
      carePlanVersionId: source.carePlanVersionId ?? null,
      significantEventId: source.significantEventId ?? null,
      raisedOn: today,
      acknowledgeBy: acknowledgementDue(calendar, today, config.acknowledgeWithinWorkingDays),
    }),
  );

  const recipients: Partial<PostOrderChangeRecipient>[] = [
    { changeId: change.id, role: AppointmentRole.COURT, userId: null, organisationId: proceedings.courtId },
  ];
  const audience: Role[] = [Role.IRO, Role.IRO_MANAGER, Role.COURT, Role.SOCIAL_WORKER, Role.LA_LEGAL];
  const iro = await current(ctx, source.childId, AppointmentRole.IRO);
  if (iro) recipients.push({ changeId: change.id, role: AppointmentRole.IRO, userId: iro.userId, organisationId: iro.organisationId });
  const guardian = await current(ctx, source.childId, AppointmentRole.GUARDIAN);
  if (guardian && compareDates(today, guardianWindowEnds(outcome.orderDate, config.guardianPostOrderWindowWeeks)) <= 0) {
    recipients.push({ changeId: change.id, role: AppointmentRole.GUARDIAN, userId: guardian.userId, organisationId: guardian.organisationId });
    audience.push(Role.GUARDIAN);
  }
  await ctx.em.insert(PostOrderChangeRecipient, recipients);
  await recordCaseEvent(ctx.em, {
    kind: CaseEventKind.POST_ORDER_CHANGE_RAISED,
    proceedingsId: change.proceedingsId,
    childId: change.childId,
    subjectId: change.id,
    audience,
  });
  return change;
}

export async function acknowledgePostOrderChange(ctx: HubContext, changeId: string): Promise<PostOrderChange> {
  if (!isUuid(changeId)) throw notFound("Post-order change");
  const change = await ctx.em.findOneBy(PostOrderChange, { id: changeId });
  if (!change) throw notFound("Post-order change");
  await requireProceedings(ctx, change.proceedingsId, "Post-order change");
  ctx.audit.touch(change.proceedingsId, change.childId);
  const recipients = await ctx.em.findBy(PostOrderChangeRecipient, { changeId });
  const mine = recipients.find((r) => answersFor(ctx.principal!, r));
  if (!mine) throw forbidden("You are not a recipient of this change");
  if (!mine.acknowledgedAt) {
    // Conditional update: two people at the court acknowledging at once record one answer.
    const result = await ctx.em.update(
      PostOrderChangeRecipient,
      { id: mine.id, acknowledgedAt: IsNull() },
      { acknowledgedAt: ctx.runtime.clock.now(), acknowledgedById: ctx.principal!.userId },
    );
    if (result.affected) {
      await recordCaseEvent(ctx.em, {
        kind: CaseEventKind.POST_ORDER_CHANGE_ACKNOWLEDGED,
        proceedingsId: change.proceedingsId,
        childId: change.childId,
        subjectId: change.id,
        audience: [Role.IRO, Role.IRO_MANAGER, Role.COURT, Role.GUARDIAN, Role.SOCIAL_WORKER, Role.LA_LEGAL],
      });
    }
  }
  return change;
}

export async function postOrderChangesForChild(ctx: HubContext, childId: string): Promise<PostOrderChange[]> {
  const { child } = await requireChildRecords(ctx, childId);
  return ctx.em.find(PostOrderChange, { where: { childId: child.id }, order: { raisedAt: "DESC", id: "DESC" }, take: 200 });
}

export enum ChangeFilter {
  ALL = "ALL",
  UNACKNOWLEDGED = "UNACKNOWLEDGED",
  OVERDUE = "OVERDUE",
}

/** The changes the caller must answer for (as IRO, guardian, or for their court), newest first. */
export async function myPostOrderChanges(ctx: HubContext, filter: ChangeFilter, limit: number): Promise<PostOrderChange[]> {
  const p = ctx.principal!;
  const access = caseAccessPredicate(p, ctx.today(), "p");
  const qb = ctx.em
    .createQueryBuilder(PostOrderChange, "c")
    .innerJoin(PostOrderChangeRecipient, "r", "r.change_id = c.id")
    .where(
      hasRole(p, Role.COURT)
        ? "(r.user_id = :me OR (r.role = 'COURT' AND r.organisation_id = :org))"
        : "r.user_id = :me",
      { me: p.userId, org: p.organisationId },
    )
    // A recipient who has since left the case (a guardian after the window) no longer sees it.
    .andWhere(`EXISTS (SELECT 1 FROM proceedings p WHERE p.id = c.proceedings_id AND ${access.sql})`, access.params)
    .orderBy("c.raised_at", "DESC")
    .addOrderBy("c.id", "DESC")
    .limit(limit);
  if (filter !== ChangeFilter.ALL) qb.andWhere("r.acknowledged_at IS NULL");
  if (filter === ChangeFilter.OVERDUE) qb.andWhere("c.acknowledge_by < :today", { today: ctx.today() });
  const changes = await qb.getMany();
  ctx.audit.touchMany(new Set(changes.map((c) => c.proceedingsId)));
  return changes;
}

export async function recipientsOf(ctx: HubContext, changeIds: string[]): Promise<PostOrderChangeRecipient[]> {
  return ctx.em.find(PostOrderChangeRecipient, { where: { changeId: In(changeIds) } });
}

export function isOverdue(ctx: HubContext, change: PostOrderChange, r: PostOrderChangeRecipient): boolean {
  return !r.acknowledgedAt && compareDates(ctx.today(), change.acknowledgeBy) > 0;
}
