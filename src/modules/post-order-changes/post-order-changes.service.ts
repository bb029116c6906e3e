import { In, IsNull } from "typeorm";
import { AttentionItem, AttentionKind, attentionIf } from "../../core/attention";
import { positional } from "../../core/access/sql-predicate";
import { groupBy } from "../../core/loader-factories";
import { AuthorisedContext, HubContext, caseAccess } from "../../core/context";
import { answersFor } from "../../core/validation";
import { forbidden, notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { compareDates } from "../../core/calendar/calendar";
import { acknowledgementDue, guardianWindowEnds } from "../../core/calendar/deadlines";
import { Role } from "../../core/access/roles";
import { hasRole } from "../../core/auth/principal";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { AppointmentRole, currentAppointee } from "../appointments/appointments.module";
import { monitoredOrder } from "../final-outcomes/final-outcomes.module";
import { SignificantEvent } from "../significant-events/significant-events.module";
import type { RecordedCaseEvent } from "../../core/events/events";
import { Proceedings, requireChildRecords } from "../proceedings/proceedings.module";
import { PostOrderChange, PostOrderChangeRecipient } from "./post-order-change.entity";

/** A care plan version recorded after the final order is a post-order change. */
export async function raiseForCarePlanVersion(ctx: HubContext, event: RecordedCaseEvent): Promise<void> {
  await raisePostOrderChange(ctx, { proceedingsId: event.proceedingsId, childId: event.childId!, carePlanVersionId: event.subjectId! });
}

/** So is a significant event that changes the plan. */
export async function raiseForSignificantEvent(ctx: HubContext, event: RecordedCaseEvent): Promise<void> {
  const recorded = await ctx.em.findOneByOrFail(SignificantEvent, { id: event.subjectId! });
  if (recorded.changesPlan) await raisePostOrderChange(ctx, { proceedingsId: event.proceedingsId, childId: event.childId!, significantEventId: recorded.id });
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
  const iro = await currentAppointee(ctx, source.childId, AppointmentRole.IRO);
  if (iro) recipients.push({ changeId: change.id, role: AppointmentRole.IRO, userId: iro.userId, organisationId: iro.organisationId });
  const guardian = await currentAppointee(ctx, source.childId, AppointmentRole.GUARDIAN);
  if (guardian && compareDates(today, guardianWindowEnds(outcome.orderDate, config.guardianPostOrderWindowWeeks)) <= 0) {
    recipients.push({ changeId: change.id, role: AppointmentRole.GUARDIAN, userId: guardian.userId, organisationId: guardian.organisationId });
    audience.push(Role.GUARDIAN);
  }
  await ctx.em.insert(PostOrderChangeRecipient, recipients);
  await recordCaseEvent(ctx, {
    kind: CaseEventKind.POST_ORDER_CHANGE_RAISED,
    proceedingsId: change.proceedingsId,
    childId: change.childId,
    subjectId: change.id,
    audience,
  });
  return change;
}

export async function acknowledgePostOrderChange(ctx: AuthorisedContext, changeId: string): Promise<PostOrderChange> {
  if (!isUuid(changeId)) throw notFound("Post-order change");
  const change = await ctx.em.findOneBy(PostOrderChange, { id: changeId });
  if (!change) throw notFound("Post-order change");
  // A change is the child's own record: a sibling's appointee gets the NOT_FOUND of a random id.
  await requireChildRecords(ctx, change.childId, "Post-order change");
  const recipients = await ctx.em.findBy(PostOrderChangeRecipient, { changeId });
  const mine = recipients.find((r) => answersFor(ctx.principal, r));
  if (!mine) throw forbidden("You are not a recipient of this change");
  if (!mine.acknowledgedAt) {
    // Conditional update: two people at the court acknowledging at once record one answer.
    const result = await ctx.em.update(
      PostOrderChangeRecipient,
      { id: mine.id, acknowledgedAt: IsNull() },
      { acknowledgedAt: ctx.runtime.clock.now(), acknowledgedById: ctx.principal.userId },
    );
    if (result.affected) {
      await recordCaseEvent(ctx, {
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

export async function postOrderChangesForChild(ctx: AuthorisedContext, childId: string): Promise<PostOrderChange[]> {
  const { child } = await requireChildRecords(ctx, childId);
  return ctx.em.find(PostOrderChange, { where: { childId: child.id }, order: { raisedAt: "DESC", id: "DESC" }, take: 200 });
}

export enum ChangeFilter {
  ALL = "ALL",
  UNACKNOWLEDGED = "UNACKNOWLEDGED",
  OVERDUE = "OVERDUE",
}

/** The changes the caller must answer for (as IRO, guardian, or for their court), newest first. */
export async function myPostOrderChanges(ctx: AuthorisedContext, filter: ChangeFilter, limit: number): Promise<PostOrderChange[]> {
  const p = ctx.principal;
  const access = caseAccess(ctx.runtime).cases(p, ctx.today(), "p");
  const qb = ctx.em
    .createQueryBuilder(PostOrderChange, "c")
    .innerJoin(PostOrderChangeRecipient, "r", "r.change_id = c.id")
    .where(hasRole(p, Role.COURT) ? "(r.user_id = :me OR (r.role = 'COURT' AND r.organisation_id = :org))" : "r.user_id = :me", {
      me: p.userId,
      org: p.organisationId,
    })
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

export async function recipientsOf(ctx: AuthorisedContext, changeIds: string[]): Promise<PostOrderChangeRecipient[]> {
  return ctx.em.find(PostOrderChangeRecipient, { where: { changeId: In(changeIds) } });
}

export function isOverdue(ctx: AuthorisedContext, change: PostOrderChange, r: PostOrderChangeRecipient): boolean {
  return !r.acknowledgedAt && compareDates(ctx.today(), change.acknowledgeBy) > 0;
}

/**
 * How a role has answered a child's post-order changes: the acknowledge-by dates it missed
 * (earliest first) and its latest acknowledgement.
 */
/** Who must acknowledge a change: people, or the court as an organisation. */
export async function recipientsOfChange(ctx: HubContext, changeId: string): Promise<PostOrderChangeRecipient[]> {
  return ctx.em.findBy(PostOrderChangeRecipient, { changeId });
}

export async function acknowledgementsFor(ctx: HubContext, childId: string, role: AppointmentRole) {
  return (await acknowledgementsForChildren(ctx, [childId], role)).get(childId)!;
}

export type Acknowledgements = Awaited<ReturnType<typeof acknowledgementsOf>>;

/** The same for many children in two queries, by child (every child given has an answer). */
export async function acknowledgementsForChildren(ctx: HubContext, childIds: readonly string[], role: AppointmentRole): Promise<Map<string, Acknowledgements>> {
  const changes = childIds.length ? await ctx.em.findBy(PostOrderChange, { childId: In([...childIds]) }) : [];
  const recipients = changes.length ? await ctx.em.findBy(PostOrderChangeRecipient, { changeId: In(changes.map((c) => c.id)), role }) : [];
  const changesByChild = groupBy(changes, (c) => c.childId);
  const recipientsByChange = groupBy(recipients, (r) => r.changeId);
  return new Map(
    childIds.map((childId) => {
      const own = changesByChild.get(childId) ?? [];
      return [
        childId,
        acknowledgementsOf(
          ctx,
          own,
          own.flatMap((c) => recipientsByChange.get(c.id) ?? []),
        ),
      ];
    }),
  );
}

function acknowledgementsOf(ctx: HubContext, changes: PostOrderChange[], recipients: PostOrderChangeRecipient[]) {
  const missed = recipients
    .filter((r) => !r.acknowledgedAt)
    .map((r) => changes.find((c) => c.id === r.changeId)!.acknowledgeBy)
    .filter((by) => compareDates(ctx.today(), by) > 0)
    .sort();
  const latest = recipients.filter((r) => r.acknowledgedAt).sort((a, b) => b.acknowledgedAt!.getTime() - a.acknowledgedAt!.getTime())[0];
  return { missed, lastAcknowledged: latest ? { changeId: latest.changeId, at: latest.acknowledgedAt! } : null };
}

/** Post-order changes waiting for the caller's (or their court's) acknowledgement. */
export async function changeAttention(ctx: AuthorisedContext): Promise<AttentionItem[]> {
  const p = ctx.principal;
  const access = positional(caseAccess(ctx.runtime).cases(p, ctx.today(), "p"), 5);
  const [row]: { count: number; overdue: number }[] = await ctx.em.query(
    `SELECT count(*)::int AS count, (count(*) FILTER (WHERE c.acknowledge_by < $3))::int AS overdue
       FROM post_order_change c JOIN post_order_change_recipient r ON r.change_id = c.id
      WHERE r.acknowledged_at IS NULL AND (r.user_id = $1 OR (r.role = 'COURT' AND r.organisation_id = $2 AND $4))
        AND EXISTS (SELECT 1 FROM proceedings p WHERE p.id = c.proceedings_id AND ${access.sql})`,
    [p.userId, p.organisationId, ctx.today(), hasRole(p, Role.COURT), ...access.values],
  );
  const items = attentionIf(AttentionKind.POST_ORDER_CHANGES_TO_ACKNOWLEDGE, row);
  if (hasRole(p, Role.IRO_MANAGER, Role.CAFCASS_MANAGER)) {
    // The team's overdue work: changes people of the manager's service have not acknowledged in time.
    const [team]: { count: number }[] = await ctx.em.query(
      `SELECT count(*)::int AS count FROM post_order_change c JOIN post_order_change_recipient r ON r.change_id = c.id
        WHERE r.organisation_id = $1 AND r.user_id IS NOT NULL AND r.acknowledged_at IS NULL AND c.acknowledge_by < $2`,
      [p.organisationId, ctx.today()],
    );
    items.push(...attentionIf(AttentionKind.TEAM_CHANGES_OVERDUE, { count: team.count, overdue: team.count }));
  }
  return items;
}
