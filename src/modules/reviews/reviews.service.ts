import { In, IsNull, LessThan } from "typeorm";
import { groupBy } from "../../core/loader-factories";
import { AuthorisedContext, HubContext } from "../../core/context";
import { badInput, conflict, notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { compareDates } from "../../core/calendar/calendar";
import { reviewSchedule } from "../../core/calendar/deadlines";
import { Role } from "../../core/access/roles";
import { notInFuture } from "../../core/validation";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { requireChildRecords } from "../proceedings/proceedings.module";
import { AppointmentRole, requireAppointee } from "../appointments/appointments.module";
import { LookedAfterRecord, Review, ReviewDecision } from "./review.entity";
import { Overdue, raiseOverduesOnce } from "../../core/events/overdue";
import { RecordReviewInput } from "./reviews.inputs";

const REVIEW_AUDIENCE = [Role.IRO, Role.IRO_MANAGER, Role.SOCIAL_WORKER, Role.LA_LEGAL, Role.GUARDIAN];

const requireIroOf = (ctx: AuthorisedContext, childId: string, what?: string) => requireAppointee(ctx, childId, AppointmentRole.IRO, what);

export async function recordLookedAfterSince(ctx: AuthorisedContext, childId: string, since: string): Promise<LookedAfterRecord> {
  const { child } = await requireChildRecords(ctx, childId);
  notInFuture(ctx.today(), "lookedAfterSince", since);
  const reviews = await ctx.em.findBy(Review, { childId: child.id });
  if (reviews.some((r) => compareDates(r.heldOn, since) < 0)) throw badInput("lookedAfterSince", "A review was held before that date");
  const existing = await ctx.em.findOneBy(LookedAfterRecord, { childId: child.id });
  const saved = await ctx.em.save(
    Object.assign(existing ?? ctx.em.create(LookedAfterRecord, { childId: child.id, proceedingsId: child.proceedingsId }), { lookedAfterSince: since }),
  );
  await scheduleChanged(ctx, saved);
  return saved;
}

function scheduleChanged(ctx: AuthorisedContext, record: LookedAfterRecord): Promise<void> {
  return recordCaseEvent(ctx, {
    kind: CaseEventKind.REVIEW_SCHEDULE_CHANGED,
    proceedingsId: record.proceedingsId,
    childId: record.childId,
    subjectId: record.childId,
    audience: REVIEW_AUDIENCE,
  });
}

/** At the final hearing the IRO tells the court when the first post-order review will be. */
export async function statePostOrderReviewDate(ctx: AuthorisedContext, childId: string, on: string): Promise<LookedAfterRecord> {
  const { child } = await requireIroOf(ctx, childId);
  const record = await ctx.em.findOneBy(LookedAfterRecord, { childId: child.id });
  if (!record) throw badInput("childId", "Record when the child became looked after first");
  if (compareDates(on, ctx.today()) < 0) throw badInput("on", "The first post-order review is in the future");
  record.firstPostOrderReviewOn = on;
  await ctx.em.save(record);
  await scheduleChanged(ctx, record);
  return record;
}

/** After a significant change the IRO may call an extra review, outside the statutory cycle. */
export async function requestExtraReview(ctx: AuthorisedContext, childId: string, dueOn: string, reason: string): Promise<void> {
  const { child } = await requireIroOf(ctx, childId);
  const record = await ctx.em.findOneBy(LookedAfterRecord, { childId: child.id });
  if (!record) throw badInput("childId", "Record when the child became looked after first");
  if (compareDates(dueOn, ctx.today()) < 0) throw badInput("dueOn", "An extra review is due in the future");
  if (!reason.trim()) throw badInput("reason", "Say which significant change calls for it");
  Object.assign(record, { extraReviewRequestedOn: ctx.today(), extraReviewDueOn: dueOn, extraReviewReason: reason.trim() });
  await ctx.em.save(record);
  await scheduleChanged(ctx, record);
}

export interface ScheduleView {
  lookedAfterSince: string | null;
  firstPostOrderReviewOn: string | null;
  extraReviewDueOn: string | null;
  extraReviewReason: string | null;
  extraReviewOverdue: boolean;
  reviews: { number: number; dueOn: string; heldOn: string | null; onTime: boolean | null; overdue: boolean; reviewId: string | null }[];
  nextDueOn: string | null;
  nextOverdue: boolean;
}

/** The schedule of a child the caller has already been allowed to see (no access check here). */
export async function scheduleFor(ctx: HubContext, childId: string): Promise<ScheduleView> {
  return (await schedulesOfChildren(ctx, [childId])).get(childId)!;
}

const NOT_LOOKED_AFTER: ScheduleView = {
  lookedAfterSince: null,
  firstPostOrderReviewOn: null,
  extraReviewDueOn: null,
  extraReviewReason: null,
  extraReviewOverdue: false,
  reviews: [],
  nextDueOn: null,
  nextOverdue: false,
};

/** The review schedules of many children in two queries, by child (every child given has one). */
export async function schedulesOfChildren(ctx: HubContext, childIds: readonly string[]): Promise<Map<string, ScheduleView>> {
  const records = childIds.length ? await ctx.em.findBy(LookedAfterRecord, { childId: In([...childIds]) }) : [];
  const schedules = await schedulesFor(ctx, records);
  return new Map(childIds.map((id) => [id, schedules.get(id) ?? NOT_LOOKED_AFTER]));
}

/** The schedules of many looked-after children, their reviews read in one query, by child. */
async function schedulesFor(ctx: HubContext, records: readonly LookedAfterRecord[]): Promise<Map<string, ScheduleView>> {
  const reviews = records.length
    ? groupBy(
        await ctx.em.find(Review, { where: { childId: In(records.map((r) => r.childId)) }, order: { heldOn: "ASC", createdAt: "ASC" } }),
        (r) => r.childId,
      )
    : new Map<string, Review[]>();
  const today = ctx.today();
  const schedules = new Map<string, ScheduleView>();
  for (const record of records) {
    const held = reviews.get(record.childId) ?? [];
    const rows = reviewSchedule(
      ctx.runtime.calendar,
      record.lookedAfterSince,
      held.map((r) => r.heldOn),
    ).map((row, i) => ({
      ...row,
      reviewId: held[i]?.id ?? null,
      onTime: row.heldOn ? compareDates(row.heldOn, row.dueOn) <= 0 : null,
      overdue: !row.heldOn && compareDates(today, row.dueOn) > 0,
    }));
    const next = rows[rows.length - 1];
    schedules.set(record.childId, {
      lookedAfterSince: record.lookedAfterSince,
      firstPostOrderReviewOn: record.firstPostOrderReviewOn,
      extraReviewDueOn: record.extraReviewDueOn,
      extraReviewReason: record.extraReviewReason,
      extraReviewOverdue: !!record.extraReviewDueOn && compareDates(today, record.extraReviewDueOn) > 0,
      reviews: rows,
      nextDueOn: next.dueOn,
      nextOverdue: next.overdue,
    });
  }
  return schedules;
}

export async function reviewScheduleFor(ctx: AuthorisedContext, childId: string): Promise<ScheduleView> {
  const { child } = await requireChildRecords(ctx, childId);
  return scheduleFor(ctx, child.id);
}

/**
 * The IRO records a review. (After a monitored final order the assurance module reacts by
 * drafting the court's statement, released only when the IRO signs it off.)
 */
export async function recordReview(ctx: AuthorisedContext, input: RecordReviewInput): Promise<Review> {
  const { child, proceedings } = await requireIroOf(ctx, input.childId);
  const record = await ctx.em.findOneBy(LookedAfterRecord, { childId: child.id });
  if (!record) throw badInput("childId", "Record when the child became looked after first");
  notInFuture(ctx.today(), "heldOn", input.heldOn);
  if (compareDates(input.heldOn, record.lookedAfterSince) < 0) {
    throw badInput("heldOn", `Before the child became looked after (${record.lookedAfterSince})`);
  }
  (input.decisions ?? []).forEach((d, i) => {
    if (compareDates(d.dueOn, input.heldOn) < 0) throw badInput(`decisions.${i}.dueOn`, "A decision cannot be due before the review");
  });
  // A review held once an extra one was called answers that call.
  const answersExtra = !!record.extraReviewRequestedOn && compareDates(input.heldOn, record.extraReviewRequestedOn) >= 0;
  if (answersExtra) {
    Object.assign(record, { extraReviewRequestedOn: null, extraReviewDueOn: null, extraReviewReason: null });
    await ctx.em.save(record);
  }
  const review = await ctx.em.save(
    ctx.em.create(Review, {
      proceedingsId: proceedings.id,
      childId: child.id,
      heldOn: input.heldOn,
      participants: input.participants,
      spokeToChild: input.spokeToChild,
      childViews: input.childViews ?? null,
      planOnTrack: input.planOnTrack,
      concerns: input.concerns ?? null,
      extra: (input.extra ?? false) || answersExtra,
      summaryForCourt: input.summaryForCourt ?? null,
      recordedById: ctx.principal.userId,
    }),
  );
  if (input.decisions?.length) {
    await ctx.em.insert(
      ReviewDecision,
      input.decisions.map((d) => ({
        reviewId: review.id,
        proceedingsId: proceedings.id,
        childId: child.id,
        description: d.description,
        owner: d.owner,
        dueOn: d.dueOn,
      })),
    );
  }
  await recordCaseEvent(ctx, {
    kind: CaseEventKind.REVIEW_RECORDED,
    proceedingsId: proceedings.id,
    childId: child.id,
    subjectId: review.id,
    audience: REVIEW_AUDIENCE,
  });

  return review;
}

export async function reviewsOf(ctx: AuthorisedContext, childId: string): Promise<Review[]> {
  const { child } = await requireChildRecords(ctx, childId);
  return ctx.em.find(Review, { where: { childId: child.id }, order: { heldOn: "DESC" } });
}

export async function completeReviewDecision(ctx: AuthorisedContext, id: string): Promise<ReviewDecision> {
  const decision = isUuid(id) ? await ctx.em.findOneBy(ReviewDecision, { id }) : null;
  if (!decision) throw notFound("Decision");
  await requireIroOf(ctx, decision.childId, "Decision");
  if (decision.completedAt) throw conflict("Already completed");
  decision.completedAt = ctx.runtime.clock.now();
  await ctx.em.save(decision);
  await recordCaseEvent(ctx, {
    kind: CaseEventKind.REVIEW_RECORDED,
    proceedingsId: decision.proceedingsId,
    childId: decision.childId,
    subjectId: decision.reviewId,
    audience: REVIEW_AUDIENCE,
  });
  return decision;
}

/** Raises REVIEW_OVERDUE and REVIEW_DECISION_OVERDUE once each (run periodically). */
export async function raiseReviewOverdues(ctx: HubContext): Promise<number> {
  // Set-based: every looked-after child's schedule from two queries per chunk, the overdue
  // reviews and decisions noted in one statement per chunk.
  const audience = [Role.IRO, Role.IRO_MANAGER, Role.SOCIAL_WORKER];
  const overdue = (childId: string, proceedingsId: string, subjectId: string, dueOn: string, kind: CaseEventKind): Overdue => ({
    childId,
    proceedingsId,
    subjectId,
    subjectKey: `${kind}:${subjectId}`,
    dueOn,
    kind,
    audience,
  });
  let raised = 0;
  const records = await ctx.em.find(LookedAfterRecord, { order: { childId: "ASC" } });
  for (let i = 0; i < records.length; i += 5000) {
    const chunk = records.slice(i, i + 5000);
    const schedules = await schedulesFor(ctx, chunk);
    const due: Overdue[] = [];
    for (const record of chunk) {
      const s = schedules.get(record.childId)!;
      if (s.nextOverdue && s.nextDueOn) due.push(overdue(record.childId, record.proceedingsId, record.childId, s.nextDueOn, CaseEventKind.REVIEW_OVERDUE));
      if (s.extraReviewOverdue) due.push(overdue(record.childId, record.proceedingsId, record.childId, s.extraReviewDueOn!, CaseEventKind.REVIEW_OVERDUE));
    }
    raised += await raiseOverduesOnce(ctx.runtime, due);
  }
  const late = await ctx.em.find(ReviewDecision, { where: { completedAt: IsNull(), dueOn: LessThan(ctx.today()) } });
  raised += await raiseOverduesOnce(
    ctx.runtime,
    late.map((d) => overdue(d.childId, d.proceedingsId, d.id, d.dueOn, CaseEventKind.REVIEW_DECISION_OVERDUE)),
  );
  return raised;
}
