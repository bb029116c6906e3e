import { In, IsNull } from "typeorm";
import { AuthorisedContext, HubContext } from "../../core/context";
import { badInput, conflict, forbidden, notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { addWeeks, compareDates } from "../../core/calendar/calendar";
import { REFERRAL_DECISION_WEEKS, DISPUTE_MAX_WORKING_DAYS } from "../../core/calendar/deadlines";
import { Role } from "../../core/access/roles";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { requireChildRecords } from "../proceedings/proceedings.module";
import { HubUser } from "../directory/directory.module";
import { AppointmentRole, allocateGuardian, requireAppointee, runsOn } from "../appointments/appointments.module";
import { raiseOverduesOnce } from "../../core/events/overdue";
import { CafcassReferral, Dispute, DisputeStage, DisputeStatus, OPEN_REFERRAL_STATUSES, ReferralStatus } from "./challenge.entity";

const requireIroOf = (ctx: AuthorisedContext, childId: string, what?: string) => requireAppointee(ctx, childId, AppointmentRole.IRO, what);

const DISPUTE_AUDIENCE = [Role.IRO, Role.IRO_MANAGER, Role.SOCIAL_WORKER, Role.LA_LEGAL];
const REFERRAL_AUDIENCE = [Role.IRO, Role.IRO_MANAGER, Role.GUARDIAN, Role.CAFCASS_MANAGER];

/** The dispute, if the caller may see the child's records (and, `asIro`, is the child's IRO): one access check. */
async function requireDispute(ctx: AuthorisedContext, id: string, what = "Dispute", asIro = false): Promise<Dispute> {
  const d = isUuid(id) ? await ctx.em.findOneBy(Dispute, { id }) : null;
  if (!d) throw notFound(what);
  if (asIro) await requireIroOf(ctx, d.childId, what);
  else await requireChildRecords(ctx, d.childId, what);
  return d;
}

const disputeEvent = (ctx: AuthorisedContext, d: Dispute) =>
  recordCaseEvent(ctx, {
    kind: CaseEventKind.DISPUTE_CHANGED,
    proceedingsId: d.proceedingsId,
    childId: d.childId,
    subjectId: d.id,
    audience: DISPUTE_AUDIENCE,
  });

/** Informal resolution comes first: the IRO's concern, recorded on the child's file. */
export async function raiseConcern(ctx: AuthorisedContext, childId: string, concern: string): Promise<Dispute> {
  const { child } = await requireIroOf(ctx, childId);
  const d = await ctx.em.save(
    ctx.em.create(Dispute, {
      proceedingsId: child.proceedingsId,
      childId: child.id,
      concern,
      raisedById: ctx.principal.userId,
      status: DisputeStatus.INFORMAL,
    }),
  );
  await disputeEvent(ctx, d);
  return d;
}

/**
 * Who the IRO may name at a formal stage: active people of the child's local authority who can
 * see the case to answer (the legal department, and social workers allocated to it), and the
 * configured stages with their working days.
 */
export async function escalationOptions(ctx: AuthorisedContext, childId: string) {
  const { child } = await requireIroOf(ctx, childId);
  const responders: HubUser[] = await ctx.em.query(
    `SELECT u.id, u.display_name AS "displayName", u.email, u.phone
       FROM hub_user u JOIN proceedings p ON p.id = $1 AND u.organisation_id = p.local_authority_id
      WHERE u.active AND EXISTS (
        SELECT 1 FROM appointment a WHERE a.proceedings_id = p.id AND ${runsOn("a", "$2")}
           AND ((a.user_id = u.id AND a.child_id = $3 AND 'SOCIAL_WORKER' = ANY(u.roles))
             OR (a.user_id IS NULL AND a.role = 'LA_LEGAL_DEPARTMENT' AND a.organisation_id = u.organisation_id AND 'LA_LEGAL' = ANY(u.roles))))
      ORDER BY u.display_name`,
    [child.proceedingsId, ctx.today(), child.id],
  );
  return { stages: ctx.runtime.config.disputeStages, responders };
}

/**
 * Escalates to a formal stage (the first escalation makes the dispute formal). The IRO may skip
 * stages but not go back; each stage's deadline is its working days, and no stage may run past
 * 20 working days from the start of the formal process.
 */
export async function escalateDispute(ctx: AuthorisedContext, disputeId: string, stage: string, responderId: string): Promise<DisputeStage> {
  const d = await requireDispute(ctx, disputeId, "Dispute", true);
  if (d.status === DisputeStatus.RESOLVED) throw conflict("The dispute is resolved");
  const stages = ctx.runtime.config.disputeStages;
  const order = stages.findIndex((s) => s.stage === stage);
  if (order < 0) throw badInput("stage", `One of ${stages.map((s) => s.stage).join(", ")}`);
  const previous = await ctx.em.find(DisputeStage, { where: { disputeId: d.id }, order: { stageOrder: "DESC" } });
  if (previous[0] && previous[0].stageOrder >= order) throw badInput("stage", `The dispute is already at ${previous[0].stage}; escalate to a later stage`);
  const [proceedings] = await ctx.em.query("SELECT local_authority_id FROM proceedings WHERE id = $1", [d.proceedingsId]);
  const responder = isUuid(responderId) ? await ctx.em.findOneBy(HubUser, { id: responderId }) : null;
  if (
    !responder ||
    !responder.active ||
    responder.organisationId !== proceedings.local_authority_id ||
    !responder.roles.some((r) => r === Role.SOCIAL_WORKER || r === Role.LA_LEGAL)
  ) {
    throw badInput("responderId", "Must be an active person of the child's local authority");
  }
  // The named person must be able to see this child's records to answer: the legal department
  // sees its LA's cases; a social worker, the children they are allocated to (not a sibling).
  const [reach] = await ctx.em.query(
    `SELECT EXISTS (SELECT 1 FROM appointment a WHERE a.proceedings_id = $1 AND ${runsOn("a", "$3")}
        AND ((a.user_id = $2 AND a.child_id = $6) OR (a.user_id IS NULL AND a.role = 'LA_LEGAL_DEPARTMENT' AND a.organisation_id = $4 AND 'LA_LEGAL' = ANY($5::role[])))) AS ok`,
    [d.proceedingsId, responder.id, ctx.today(), responder.organisationId, `{${responder.roles.join(",")}}`, d.childId],
  );
  if (!reach.ok) throw badInput("responderId", "That person is not on the case (allocate them first)");
  const today = ctx.today();
  const cal = ctx.runtime.calendar;
  if (d.formalFrom && compareDates(today, cal.addWorkingDays(d.formalFrom, DISPUTE_MAX_WORKING_DAYS)) > 0) {
    throw conflict("The formal process's 20 working days have passed; refer to Cafcass or raise a new dispute");
  }
  d.formalFrom ??= today;
  d.status = DisputeStatus.FORMAL;
  await ctx.em.save(d);
  const finalDeadline = cal.addWorkingDays(d.formalFrom, DISPUTE_MAX_WORKING_DAYS);
  const stageDeadline = cal.addWorkingDays(today, stages[order].workingDays);
  const s = await ctx.em.save(
    ctx.em.create(DisputeStage, {
      disputeId: d.id,
      stage,
      stageOrder: order,
      responderId: responder.id,
      startedOn: today,
      respondBy: compareDates(stageDeadline, finalDeadline) <= 0 ? stageDeadline : finalDeadline,
    }),
  );
  await disputeEvent(ctx, d);
  return s;
}

/** The person at the stage answers; only they can. */
export async function respondToDispute(ctx: AuthorisedContext, stageId: string, response: string, resolved: boolean): Promise<DisputeStage> {
  const s = isUuid(stageId) ? await ctx.em.findOneBy(DisputeStage, { id: stageId }) : null;
  if (!s) throw notFound("Dispute stage");
  const d = await requireDispute(ctx, s.disputeId, "Dispute stage");
  if (s.responderId !== ctx.principal.userId) throw badInput("stageId", `You are not the responder at the ${s.stage} stage`);
  if (d.status === DisputeStatus.RESOLVED) throw conflict("The dispute is resolved");
  const now = ctx.runtime.clock.now();
  const res = await ctx.em.update(DisputeStage, { id: s.id, respondedAt: IsNull() }, { response, resolved, respondedAt: now });
  if (!res.affected) throw conflict("This stage has been answered");
  Object.assign(s, { response, resolved, respondedAt: now });
  if (resolved) Object.assign(d, { status: DisputeStatus.RESOLVED, resolution: response });
  await ctx.em.save(d);
  await disputeEvent(ctx, d);
  return s;
}

export async function resolveDispute(ctx: AuthorisedContext, disputeId: string, resolution: string): Promise<Dispute> {
  const d = await requireDispute(ctx, disputeId, "Dispute", true);
  if (d.status === DisputeStatus.RESOLVED) throw conflict("Already resolved");
  Object.assign(d, { status: DisputeStatus.RESOLVED, resolution });
  await ctx.em.save(d);
  await disputeEvent(ctx, d);
  return d;
}

export async function disputesOf(ctx: AuthorisedContext, childId: string): Promise<Dispute[]> {
  const { child } = await requireChildRecords(ctx, childId);
  return ctx.em.find(Dispute, { where: { childId: child.id }, order: { raisedAt: "DESC" } });
}

// --- referral to Cafcass ----------------------------------------------------------------------------

async function requireReferral(ctx: AuthorisedContext, id: string): Promise<CafcassReferral> {
  const r = isUuid(id) ? await ctx.em.findOneBy(CafcassReferral, { id }) : null;
  if (!r) throw notFound("Referral");
  await requireChildRecords(ctx, r.childId, "Referral");
  return r;
}

const referralEvent = (ctx: AuthorisedContext, r: CafcassReferral) =>
  recordCaseEvent(ctx, {
    kind: CaseEventKind.REFERRAL_CHANGED,
    proceedingsId: r.proceedingsId,
    childId: r.childId,
    subjectId: r.id,
    audience: REFERRAL_AUDIENCE,
  });

/** s25B(3): the IRO may refer at any point, even while a dispute runs. */
export async function referToCafcass(ctx: AuthorisedContext, childId: string, reason: string): Promise<CafcassReferral> {
  const { child } = await requireIroOf(ctx, childId);
  if (await ctx.em.existsBy(CafcassReferral, { childId: child.id, status: In([...OPEN_REFERRAL_STATUSES]) })) {
    throw conflict("A referral for this child is already open");
  }
  const r = await ctx.em.save(
    ctx.em.create(CafcassReferral, {
      proceedingsId: child.proceedingsId,
      childId: child.id,
      reason,
      raisedById: ctx.principal.userId,
      status: ReferralStatus.PENDING,
    }),
  );
  await referralEvent(ctx, r);
  return r;
}

/** A Cafcass manager accepts (appointing a guardian, who has 2 weeks to decide) or declines. */
export async function handleReferral(
  ctx: AuthorisedContext,
  referralId: string,
  accept: boolean,
  guardianId?: string | null,
  declineReason?: string | null,
): Promise<CafcassReferral> {
  const r = await requireReferral(ctx, referralId);
  if (accept && (!guardianId || !isUuid(guardianId))) throw badInput("guardianId", "Name the guardian who takes the referral");
  if (!accept && !declineReason?.trim()) throw badInput("declineReason", "Say why the referral is declined");
  // Claim the referral first, so two managers cannot both handle it.
  const claimed = await ctx.em.update(CafcassReferral, { id: r.id, status: ReferralStatus.PENDING }, { handledById: ctx.principal.userId });
  if (!claimed.affected) throw conflict("The referral has been handled");
  r.handledById = ctx.principal.userId;
  if (accept) {
    const today = ctx.today();
    await allocateGuardian(ctx, { childId: r.childId, userId: guardianId!, startsOn: today });
    Object.assign(r, { status: ReferralStatus.ACCEPTED, guardianId, acceptedOn: today, decisionDueOn: addWeeks(today, REFERRAL_DECISION_WEEKS) });
  } else {
    Object.assign(r, { status: ReferralStatus.DECLINED, declineReason });
  }
  await ctx.em.save(r);
  await referralEvent(ctx, r);
  return r;
}

async function requireReferralGuardian(ctx: AuthorisedContext, id: string): Promise<CafcassReferral> {
  const r = await requireReferral(ctx, id);
  if (r.guardianId !== ctx.principal.userId) throw forbidden("Only the guardian appointed on the referral does this");
  return r;
}

export async function recordReferralDecision(ctx: AuthorisedContext, id: string, decision: string): Promise<CafcassReferral> {
  const r = await requireReferralGuardian(ctx, id);
  if (r.status !== ReferralStatus.ACCEPTED || r.decision) throw conflict("No decision is awaited on this referral");
  Object.assign(r, { decision, decidedOn: ctx.today() });
  await ctx.em.save(r);
  await referralEvent(ctx, r);
  return r;
}

export async function recordReferralOutcome(ctx: AuthorisedContext, id: string, outcome: string): Promise<CafcassReferral> {
  const r = await requireReferralGuardian(ctx, id);
  if (!r.decision) throw conflict("Record the decision on the course of action first");
  Object.assign(r, { outcome, status: ReferralStatus.CLOSED });
  await ctx.em.save(r);
  await referralEvent(ctx, r);
  return r;
}

export async function referralsOf(ctx: AuthorisedContext, childId: string): Promise<CafcassReferral[]> {
  const { child } = await requireChildRecords(ctx, childId);
  const all = await ctx.em.find(CafcassReferral, { where: { childId: child.id }, order: { raisedAt: "DESC" } });
  // A guardian reads the referral they were appointed for, not the others.
  const p = ctx.principal;
  const onlyGuardian = !p.roles.some((r) => r === Role.IRO || r === Role.IRO_MANAGER || r === Role.CAFCASS_MANAGER);
  return onlyGuardian ? all.filter((r) => r.guardianId === p.userId) : all;
}

export async function stagesOf(ctx: AuthorisedContext, disputeId: string): Promise<DisputeStage[]> {
  return ctx.em.find(DisputeStage, { where: { disputeId }, order: { stageOrder: "ASC" } });
}

/** Dispute stages not answered in time (to the IRO manager) and referral decisions past 2 weeks (to Cafcass). */
export async function raiseChallengeOverdues(ctx: HubContext): Promise<number> {
  // Set-based: one query for each kind of deadline, one statement noting what is overdue.
  const today = ctx.today();
  const stages: (DisputeStage & { child_id: string; proceedings_id: string })[] = await ctx.em.query(
    `SELECT s.id, s.respond_by AS "respondBy", d.child_id, d.proceedings_id FROM dispute_stage s JOIN dispute d ON d.id = s.dispute_id
      WHERE s.responded_at IS NULL AND d.status = 'FORMAL' AND s.respond_by < $1`,
    [today],
  );
  const referrals = await ctx.em.find(CafcassReferral, { where: { status: ReferralStatus.ACCEPTED } });
  return raiseOverduesOnce(ctx.runtime, [
    ...stages.map((s) => ({
      childId: s.child_id,
      proceedingsId: s.proceedings_id,
      subjectId: s.id,
      subjectKey: `dispute-stage:${s.id}`,
      dueOn: s.respondBy,
      kind: CaseEventKind.DISPUTE_STAGE_OVERDUE,
      audience: [Role.IRO, Role.IRO_MANAGER],
    })),
    ...referrals
      .filter((x) => !x.decision && x.decisionDueOn && compareDates(today, x.decisionDueOn) > 0)
      .map((r) => ({
        childId: r.childId,
        proceedingsId: r.proceedingsId,
        subjectId: r.id,
        subjectKey: `referral-decision:${r.id}`,
        dueOn: r.decisionDueOn!,
        kind: CaseEventKind.REFERRAL_DECISION_OVERDUE,
        audience: [Role.CAFCASS_MANAGER, Role.GUARDIAN, Role.IRO],
      })),
  ]);
}
