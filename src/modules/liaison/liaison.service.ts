import { In } from "typeorm";
import { AuthorisedContext, HubContext } from "../../core/context";
import { notInFuture } from "../../core/validation";
import { badInput, conflict, forbidden, notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { compareDates } from "../../core/calendar/calendar";
import { Role } from "../../core/access/roles";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { Child, Proceedings, ProceedingsStatus, hearingsOf, hearingsOfCases, requireChildRecords } from "../proceedings/proceedings.module";
import { AppointmentRole, appointmentsOfChild, appointmentsOfChildren, callerRoleFor, currentAppointees } from "../appointments/appointments.module";
import { noticesOfChildren } from "../protocol/protocol.module";
import { outcomesOf } from "../final-outcomes/final-outcomes.module";
import { acknowledgementsForChildren } from "../post-order-changes/post-order-changes.module";
import { deliveriesToMany, deliveryKey } from "../court-papers/court-papers.module";
import { LiaisonAction, LiaisonRecord } from "./liaison.entity";
import { Overdue, raiseOverduesOnce } from "../../core/events/overdue";
import { groupBy } from "../../core/loader-factories";
import { LiaisonDetailsInput, RecordLiaisonInput } from "./liaison.inputs";
import { ChecklistRow, ChecklistStatus, ChildFacts, computeChecklist } from "./checklist";

const LIAISON_AUDIENCE = [Role.IRO, Role.GUARDIAN, Role.IRO_MANAGER, Role.CAFCASS_MANAGER, Role.LA_LEGAL];

/** The caller's own current appointment (as IRO or guardian) on the child, or FORBIDDEN. */
async function authorRoleFor(ctx: AuthorisedContext, childId: string): Promise<AppointmentRole> {
  const role = await callerRoleFor(ctx, childId, [AppointmentRole.IRO, AppointmentRole.GUARDIAN]);
  if (!role) throw forbidden("Only the child's IRO or guardian records liaison");
  return role;
}

async function validateDetails(ctx: AuthorisedContext, child: Child, input: LiaisonDetailsInput): Promise<void> {
  notInFuture(ctx.today(), "occurredOn", input.occurredOn);
  const first = (await appointmentsOfChild(ctx, child.id, AppointmentRole.GUARDIAN))[0]?.startsOn;
  if (!first) throw badInput("childId", "The child has no guardian to liaise with yet");
  if (compareDates(input.occurredOn, first) < 0) throw badInput("occurredOn", `Before the guardian's appointment (${first})`);
  if (input.hearingId) {
    const hearing = isUuid(input.hearingId) ? (await hearingsOf(ctx, child.proceedingsId)).find((h) => h.id === input.hearingId) : null;
    if (!hearing) throw badInput("hearingId", "Not a hearing in these proceedings");
  }
  (input.actions ?? []).forEach((a, i) => {
    if (compareDates(a.dueOn, input.occurredOn) < 0) throw badInput(`actions.${i}.dueOn`, "An action cannot be due before the contact");
  });
}

function details(input: LiaisonDetailsInput) {
  return {
    occurredOn: input.occurredOn,
    method: input.method,
    participants: input.participants,
    protocolStep: input.protocolStep ?? null,
    hearingId: input.hearingId ?? null,
    topics: [...new Set(input.topics)],
    iroViewsOnCarePlan: input.iroViewsOnCarePlan ?? null,
    guardianViewsOnCarePlan: input.guardianViewsOnCarePlan ?? null,
    concerns: input.concerns ?? null,
    notes: input.notes ?? null,
  };
}

export async function recordLiaison(ctx: AuthorisedContext, input: RecordLiaisonInput): Promise<LiaisonRecord> {
  const { child } = await requireChildRecords(ctx, input.childId);
  const authorRole = await authorRoleFor(ctx, child.id);
  await validateDetails(ctx, child, input);
  for (const [field, id] of [
    ["correctsId", input.correctsId],
    ["respondsToId", input.respondsToId],
  ] as const) {
    if (!id) continue;
    const other = isUuid(id) ? await ctx.em.findOneBy(LiaisonRecord, { id, childId: child.id }) : null;
    if (!other) throw badInput(field, "Not a liaison record of this child");
    if (field === "correctsId" && other.authorId !== ctx.principal.userId) throw badInput(field, "You correct only your own records");
    if (field === "respondsToId" && other.authorRole === authorRole) throw badInput(field, "Your account answers the other party's record");
  }
  const record = await ctx.em.save(
    ctx.em.create(LiaisonRecord, {
      proceedingsId: child.proceedingsId,
      childId: child.id,
      ...details(input),
      authorId: ctx.principal.userId,
      authorRole,
      correctsId: input.correctsId ?? null,
      respondsToId: input.respondsToId ?? null,
      editableUntil: new Date(ctx.runtime.clock.now().getTime() + ctx.runtime.config.liaisonEditWindowMinutes * 60_000),
    }),
  );
  if (input.actions?.length) {
    await ctx.em.insert(
      LiaisonAction,
      input.actions.map((a) => ({
        liaisonId: record.id,
        proceedingsId: child.proceedingsId,
        childId: child.id,
        description: a.description,
        owner: a.owner,
        dueOn: a.dueOn,
      })),
    );
  }
  await recordCaseEvent(ctx, {
    kind: CaseEventKind.LIAISON_RECORDED,
    proceedingsId: child.proceedingsId,
    childId: child.id,
    subjectId: record.id,
    audience: LIAISON_AUDIENCE,
  });
  return record;
}

async function requireLiaison(ctx: AuthorisedContext, id: string): Promise<LiaisonRecord> {
  if (!isUuid(id)) throw notFound("Liaison record");
  const record = await ctx.em.findOneBy(LiaisonRecord, { id });
  if (!record) throw notFound("Liaison record");
  await requireChildRecords(ctx, record.childId, "Liaison record");
  return record;
}

/** The author may change a record for a short while; after that it is fixed and a correction is a new record. */
export async function updateLiaison(ctx: AuthorisedContext, id: string, input: LiaisonDetailsInput): Promise<LiaisonRecord> {
  const record = await requireLiaison(ctx, id);
  if (record.authorId !== ctx.principal.userId) throw forbidden("Only the author edits a liaison record");
  if (ctx.runtime.clock.now() > record.editableUntil) {
    throw conflict("The record is fixed; record a correction instead (correctsId)");
  }
  const child = await ctx.em.findOneByOrFail(Child, { id: record.childId });
  await validateDetails(ctx, child, input);
  Object.assign(record, details(input));
  await ctx.em.save(record);
  await recordCaseEvent(ctx, {
    kind: CaseEventKind.LIAISON_RECORDED,
    proceedingsId: record.proceedingsId,
    childId: record.childId,
    subjectId: record.id,
    audience: LIAISON_AUDIENCE,
  });
  return record;
}

/** The other party confirms the record as a fair account. */
export async function confirmLiaison(ctx: AuthorisedContext, id: string): Promise<LiaisonRecord> {
  const record = await requireLiaison(ctx, id);
  const role = await authorRoleFor(ctx, record.childId);
  if (role === record.authorRole) throw forbidden("The other party confirms a record");
  if (!record.confirmedAt) {
    record.confirmedAt = ctx.runtime.clock.now();
    record.confirmedById = ctx.principal.userId;
    await ctx.em.save(record);
    await recordCaseEvent(ctx, {
      kind: CaseEventKind.LIAISON_RECORDED,
      proceedingsId: record.proceedingsId,
      childId: record.childId,
      subjectId: record.id,
      audience: LIAISON_AUDIENCE,
    });
  }
  return record;
}

export async function completeAction(ctx: AuthorisedContext, id: string): Promise<LiaisonAction> {
  if (!isUuid(id)) throw notFound("Action");
  const action = await ctx.em.findOneBy(LiaisonAction, { id });
  if (!action) throw notFound("Action");
  await requireChildRecords(ctx, action.childId, "Action");
  await authorRoleFor(ctx, action.childId);
  if (!action.completedAt) {
    action.completedAt = ctx.runtime.clock.now();
    action.completedById = ctx.principal.userId;
    await ctx.em.save(action);
  }
  return action;
}

export async function liaisonFor(ctx: AuthorisedContext, childId: string): Promise<LiaisonRecord[]> {
  const { child } = await requireChildRecords(ctx, childId);
  return ctx.em.find(LiaisonRecord, { where: { childId: child.id }, order: { occurredOn: "DESC", createdAt: "DESC" }, take: 500 });
}

export async function actionsFor(ctx: AuthorisedContext, liaisonIds: string[]): Promise<LiaisonAction[]> {
  return ctx.em.find(LiaisonAction, { where: { liaisonId: In(liaisonIds) }, order: { dueOn: "ASC" } });
}

// --- the checklist ----------------------------------------------------------------------------------

// Each fact comes from the module that owns it, through its surface.
async function factsFor(ctx: HubContext, child: Child, proceedings: Proceedings): Promise<ChildFacts> {
  return (await factsForChildren(ctx, [{ child, proceedings }])).get(child.id)!;
}

/**
 * The checklist's facts for many children at once: a fixed number of queries however many
 * children (the overdue job reads the whole country in chunks this way), and the one reading of
 * the records the checklist has, whether for one child or many.
 */
async function factsForChildren(ctx: HubContext, children: readonly { child: Child; proceedings: Proceedings }[]): Promise<Map<string, ChildFacts>> {
  const ids = children.map((c) => c.child.id);
  const caseIds = [...new Set(children.map((c) => c.proceedings.id))];
  const today = ctx.today();
  const [iros, iroHistory, guardians, notices, liaisons, hearings, outcomes] = await Promise.all([
    currentAppointees(ctx, ids, AppointmentRole.IRO),
    appointmentsOfChildren(ctx, ids, AppointmentRole.IRO),
    appointmentsOfChildren(ctx, ids, AppointmentRole.GUARDIAN),
    noticesOfChildren(ctx, ids),
    ctx.em.findBy(LiaisonRecord, { childId: In(ids) }).then((rows) => groupBy(rows, (l) => l.childId)),
    hearingsOfCases(ctx, caseIds),
    outcomesOf(ctx, ids),
  ]);
  const withIro = children.filter((c) => iros.get(c.child.id)?.userId);
  const deliveryFor = (c: { child: Child; proceedings: Proceedings }) => ({
    userId: iros.get(c.child.id)!.userId!,
    proceedingsId: c.proceedings.id,
    childId: c.child.id,
  });
  const [deliveries, acks] = await Promise.all([
    deliveriesToMany(ctx, AppointmentRole.IRO, withIro.map(deliveryFor)),
    acknowledgementsForChildren(
      ctx,
      ids.filter((id) => outcomes.has(id)),
      AppointmentRole.IRO,
    ),
  ]);
  const facts = new Map<string, ChildFacts>();
  for (const c of children) {
    const { child, proceedings } = c;
    const iro = iros.get(child.id) ?? null;
    const guardian = guardians.get(child.id)?.at(-1);
    const outcome = outcomes.get(child.id) ?? null;
    const ack = acks.get(child.id) ?? { missed: [], lastAcknowledged: null };
    const firstStarted = (history: { startsOn: string }[] | undefined) => history?.find((a) => compareDates(a.startsOn, today) <= 0)?.startsOn ?? null;
    facts.set(child.id, {
      issueDate: proceedings.issueDate,
      iroStartsOn: iro?.startsOn ?? null,
      guardianStartsOn: guardian?.startsOn ?? null,
      firstIroStartsOn: firstStarted(iroHistory.get(child.id)),
      firstGuardianStartsOn: firstStarted(guardians.get(child.id)),
      notices: (notices.get(child.id) ?? [])
        .filter((n) => !iro || n.iroAppointmentId === iro.id)
        .map((n) => ({ step: n.step, id: n.id, on: n.sentAt.toISOString().slice(0, 10) })),
      liaisons: (liaisons.get(child.id) ?? []).map((l) => ({
        id: l.id,
        occurredOn: l.occurredOn,
        topics: l.topics,
        authorRole: l.authorRole,
        protocolStep: l.protocolStep,
      })),
      iroDeliveries: iro?.userId ? (deliveries.get(deliveryKey(deliveryFor(c))) ?? []) : [],
      keyHearings: (hearings.get(proceedings.id) ?? [])
        .filter((h) => h.type !== "OTHER")
        .map((h) => ({ type: h.type as "CMH" | "IRH" | "FINAL", date: h.date })),
      outcome: outcome ? { orderType: outcome.orderType, orderDate: outcome.orderDate } : null,
      postOrder: {
        overdueForIro: ack.missed.length,
        firstOverdueDue: ack.missed[0] ?? null,
        lastAcknowledged: ack.lastAcknowledged ? { id: ack.lastAcknowledged.changeId, on: ack.lastAcknowledged.at.toISOString().slice(0, 10) } : null,
      },
    });
  }
  return facts;
}

/** The checklist of a child the caller has already been allowed to see (no access check here). */
export async function checklistOfChild(ctx: HubContext, childId: string): Promise<ChecklistRow[]> {
  return (await checklistsOfChildren(ctx, [childId])).get(childId)!;
}

/** The same for many children in a fixed number of queries, by child. */
export async function checklistsOfChildren(ctx: HubContext, childIds: readonly string[]): Promise<Map<string, ChecklistRow[]>> {
  if (!childIds.length) return new Map();
  const children = await ctx.em.findBy(Child, { id: In([...childIds]) });
  const cases = new Map((await ctx.em.findBy(Proceedings, { id: In([...new Set(children.map((c) => c.proceedingsId))]) })).map((p) => [p.id, p]));
  const facts = await factsForChildren(
    ctx,
    children.map((child) => ({ child, proceedings: cases.get(child.proceedingsId)! })),
  );
  return new Map(children.map((c) => [c.id, computeChecklist(ctx.runtime.calendar, facts.get(c.id)!, ctx.today())]));
}

export async function protocolChecklist(ctx: AuthorisedContext, childId: string): Promise<ChecklistRow[]> {
  const { child, proceedings } = await requireChildRecords(ctx, childId);
  return computeChecklist(ctx.runtime.calendar, await factsFor(ctx, child, proceedings), ctx.today());
}

/**
 * Raises PROTOCOL_STEP_OVERDUE once per child, step and due date, for the IRO and the guardian.
 * Set-based: the children are read in chunks, each chunk's facts in a fixed number of queries,
 * and each chunk's overdue steps noted in one statement (only new ones raise events).
 */
export async function raiseOverdueProtocolSteps(ctx: HubContext): Promise<number> {
  const rows: { child_id: string }[] = await ctx.em.query(
    `SELECT c.id AS child_id FROM child c JOIN proceedings p ON p.id = c.proceedings_id
      WHERE p.status = $1 OR EXISTS (SELECT 1 FROM final_outcome o WHERE o.child_id = c.id AND o.order_type <> 'NO_ORDER')
      ORDER BY c.id`,
    [ProceedingsStatus.OPEN],
  );
  let raised = 0;
  for (let i = 0; i < rows.length; i += OVERDUE_CHUNK) {
    const ids = rows.slice(i, i + OVERDUE_CHUNK).map((r) => r.child_id);
    const children = await ctx.em.findBy(Child, { id: In(ids) });
    const cases = new Map((await ctx.em.findBy(Proceedings, { id: In([...new Set(children.map((c) => c.proceedingsId))]) })).map((p) => [p.id, p]));
    const facts = await factsForChildren(
      ctx,
      children.map((child) => ({ child, proceedings: cases.get(child.proceedingsId)! })),
    );
    const overdue: Overdue[] = [];
    for (const child of children) {
      for (const row of computeChecklist(ctx.runtime.calendar, facts.get(child.id)!, ctx.today())) {
        if (row.status !== ChecklistStatus.OVERDUE) continue;
        overdue.push({
          proceedingsId: child.proceedingsId,
          childId: child.id,
          kind: CaseEventKind.PROTOCOL_STEP_OVERDUE,
          subjectKey: `protocol:${child.id}:${row.step}`,
          dueOn: row.dueOn!,
          audience: [Role.IRO, Role.GUARDIAN, Role.IRO_MANAGER],
        });
      }
    }
    raised += await raiseOverduesOnce(ctx.runtime, overdue);
  }
  return raised;
}

const OVERDUE_CHUNK = 5000;
