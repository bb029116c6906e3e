import { In, IsNull } from "typeorm";
import { AttentionItem, AttentionKind, attentionIf } from "../../core/attention";
import { positional } from "../../core/access/sql-predicate";
import { hasRole } from "../../core/auth/principal";
import { groupBy } from "../../core/loader-factories";
import { AuthorisedContext, HubContext } from "../../core/context";
import type { RecordedCaseEvent } from "../../core/events/events";
import { guardianWindowEnds } from "../../core/calendar/deadlines";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { badInput, conflict, forbidden, notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { addDays, compareDates } from "../../core/calendar/calendar";
import { Capability, can } from "../../core/access/permissions";
import { Role } from "../../core/access/roles";
import { HubUser } from "../directory/directory.module";
import { requireChild, requireChildRecords, requireProceedings, Proceedings, Child } from "../proceedings/proceedings.module";
import { FinalOutcome } from "../final-outcomes/final-outcomes.module";
import { Appointment, AppointmentRole, isCurrent } from "./appointment.entity";
import { appointmentCaseAccess, runsOn } from "./appointment-access";
import { AppointPersonInput, EndAppointmentInput } from "./appointments.inputs";

// Person appointments: who may make each, and which user role the appointee must hold.
const APPOINTABLE: Partial<Record<AppointmentRole, { capability: Capability; appointeeRole: Role; label: string }>> = {
  [AppointmentRole.IRO]: { capability: Capability.APPOINT_IRO, appointeeRole: Role.IRO, label: "IRO" },
  [AppointmentRole.GUARDIAN]: { capability: Capability.ALLOCATE_GUARDIAN, appointeeRole: Role.GUARDIAN, label: "guardian" },
  [AppointmentRole.SOCIAL_WORKER]: {
    capability: Capability.ALLOCATE_SOCIAL_WORKER,
    appointeeRole: Role.SOCIAL_WORKER,
    label: "social worker",
  },
};

/** The child's open-ended appointment in a role (one at a time, enforced by a unique index). */
async function openFor(ctx: AuthorisedContext, childId: string, role: AppointmentRole): Promise<Appointment | null> {
  return ctx.em.findOne(Appointment, { where: { childId, role, endsOn: IsNull() }, order: { startsOn: "DESC" } });
}

/** The IRO Handbook's benchmark: an IRO's caseload (children they are the IRO of today) of 50 to 70. */
export const IRO_CASELOAD_BENCHMARK = { low: 50, high: 70 } as const;
export const withinCaseloadBenchmark = (children: number) => children >= IRO_CASELOAD_BENCHMARK.low && children <= IRO_CASELOAD_BENCHMARK.high;

/** Who holds a role for a child today: the appointment that runs today, if any. */
export async function currentAppointee(ctx: HubContext, childId: string, role: AppointmentRole, day = ctx.today()): Promise<Appointment | null> {
  return (await currentAppointees(ctx, [childId], role, day)).get(childId) ?? null;
}

/** The same for many children in one query, by child (the latest to start, when two run on the day). */
export async function currentAppointees(
  ctx: HubContext,
  childIds: readonly string[],
  role: AppointmentRole,
  day = ctx.today(),
): Promise<Map<string, Appointment>> {
  if (!childIds.length) return new Map();
  const running = await ctx.em
    .createQueryBuilder(Appointment, "a")
    .where("a.child_id = ANY(:childIds) AND a.role = :role", { childIds, role })
    .andWhere(runsOn("a", ":day"), { day })
    .orderBy("a.starts_on", "DESC")
    .addOrderBy("a.id", "DESC")
    .getMany();
  const byChild = new Map<string, Appointment>();
  for (const a of running) if (!byChild.has(a.childId!)) byChild.set(a.childId!, a);
  return byChild;
}

/** People (not organisations) holding a role on a case on a day, optionally only for some children. */
export async function appointeesOnCase(
  ctx: HubContext,
  proceedingsId: string,
  role: AppointmentRole,
  childIds: readonly string[] = [],
  day = ctx.today(),
): Promise<Appointment[]> {
  const qb = ctx.em
    .createQueryBuilder(Appointment, "a")
    .where("a.proceedings_id = :proceedingsId AND a.role = :role AND a.user_id IS NOT NULL", { proceedingsId, role })
    .andWhere(runsOn("a", ":day"), { day })
    .orderBy("a.starts_on", "ASC")
    .addOrderBy("a.id", "ASC");
  if (childIds.length) qb.andWhere("a.child_id IN (:...childIds)", { childIds: [...childIds] });
  return qb.getMany();
}

/** Every appointment of a role to a child, past and present, oldest first. */
export async function appointmentsOfChild(ctx: HubContext, childId: string, role: AppointmentRole): Promise<Appointment[]> {
  return (await appointmentsOfChildren(ctx, [childId], role)).get(childId) ?? [];
}

/** The same for many children in one query, by child. */
export async function appointmentsOfChildren(ctx: HubContext, childIds: readonly string[], role: AppointmentRole): Promise<Map<string, Appointment[]>> {
  if (!childIds.length) return new Map();
  const rows = await ctx.em.find(Appointment, { where: { childId: In([...childIds]), role }, order: { startsOn: "ASC", id: "ASC" } });
  return groupBy(rows, (a) => a.childId!);
}

/** Which of `roles` the caller holds for the child today (the first that runs), if any. */
export async function callerRoleFor(ctx: AuthorisedContext, childId: string, roles: readonly AppointmentRole[]): Promise<AppointmentRole | null> {
  const mine = await ctx.em
    .createQueryBuilder(Appointment, "a")
    .where("a.child_id = :childId AND a.user_id = :me AND a.role IN (:...roles)", { childId, me: ctx.principal.userId, roles: [...roles] })
    .andWhere(runsOn("a", ":day"), { day: ctx.today() })
    .orderBy("a.starts_on", "ASC")
    .getOne();
  return mine?.role ?? null;
}

/**
 * The child and its case, if the caller holds `role` for this child today (FORBIDDEN for others
 * who may see the child's records; NOT_FOUND for anyone who may not): one access check.
 */
export async function requireAppointee(
  ctx: AuthorisedContext,
  childId: string,
  role: AppointmentRole,
  what?: string,
): Promise<{ child: Child; proceedings: Proceedings }> {
  const found = await requireChildRecords(ctx, childId, what);
  // On a handover day two appointments of the role may both run: either holder may act.
  const mine = await ctx.em
    .createQueryBuilder(Appointment, "a")
    .where("a.child_id = :childId AND a.role = :role AND a.user_id = :me", { childId: found.child.id, role, me: ctx.principal.userId })
    .andWhere(runsOn("a", ":day"), { day: ctx.today() })
    .getExists();
  if (!mine) throw forbidden(`Only the child's ${role === AppointmentRole.IRO ? "IRO" : role.toLowerCase().replace(/_/g, " ")} does this`);
  return found;
}

export { isCurrent };

/**
 * Appoints a person (IRO, guardian, social worker) to a child. A child has one of each at a
 * time: a new appointment ends the previous one the day before it starts.
 */
async function appointPerson(ctx: AuthorisedContext, role: AppointmentRole, input: AppointPersonInput): Promise<Appointment> {
  const rule = APPOINTABLE[role]!;
  const principal = ctx.principal;
  const { child, proceedings } = await requireChild(ctx, input.childId);

  const appointee = await ctx.em.findOneBy(HubUser, { id: input.userId });
  if (!appointee || !appointee.active || appointee.organisationId !== principal.organisationId || !appointee.roles.includes(rule.appointeeRole)) {
    throw badInput("userId", `Not an active ${rule.label} of your organisation`);
  }
  if (compareDates(input.startsOn, proceedings.issueDate) < 0 && role !== AppointmentRole.IRO) {
    // An IRO is appointed when the child becomes looked after, which may be before proceedings.
    throw badInput("startsOn", `A ${rule.label} cannot be appointed before the proceedings were issued`);
  }

  const previous = await openFor(ctx, child.id, role);
  if (previous) {
    if (previous.userId === appointee.id) throw conflict(`${appointee.displayName} is already this child's ${rule.label}`);
    const lastDay = addDays(input.startsOn, -1);
    if (compareDates(lastDay, previous.startsOn) < 0) {
      throw badInput("startsOn", `Must be after the current ${rule.label}'s appointment began (${previous.startsOn})`);
    }
    previous.endsOn = lastDay;
    await ctx.em.save(previous);
    await recordEnded(ctx, previous);
  }

  const appointment = await ctx.em.save(
    ctx.em.create(Appointment, {
      proceedingsId: proceedings.id,
      childId: child.id,
      role,
      userId: appointee.id,
      organisationId: appointee.organisationId,
      startsOn: input.startsOn,
      endsOn: null,
      appointedById: principal.userId,
    }),
  );

  // Court papers and protocol notices react to this event (their handlers).
  await recordCaseEvent(ctx, {
    kind: CaseEventKind.APPOINTMENT_MADE,
    proceedingsId: proceedings.id,
    childId: child.id,
    subjectId: appointment.id,
  });
  return appointment;
}

export const appointIro = (ctx: AuthorisedContext, input: AppointPersonInput) => appointPerson(ctx, AppointmentRole.IRO, input);
export const allocateGuardian = (ctx: AuthorisedContext, input: AppointPersonInput) => appointPerson(ctx, AppointmentRole.GUARDIAN, input);
export const allocateSocialWorker = (ctx: AuthorisedContext, input: AppointPersonInput) => appointPerson(ctx, AppointmentRole.SOCIAL_WORKER, input);

export async function endAppointment(ctx: AuthorisedContext, input: EndAppointmentInput): Promise<Appointment> {
  if (!isUuid(input.appointmentId)) throw notFound("Appointment");
  const appointment = await ctx.em.findOneBy(Appointment, { id: input.appointmentId });
  if (!appointment) throw notFound("Appointment");
  await requireProceedings(ctx, appointment.proceedingsId, "Appointment");
  const rule = APPOINTABLE[appointment.role];
  if (!rule) throw badInput("appointmentId", "The court and the legal department stay on the case while it runs");
  if (!can(ctx.principal.roles, rule.capability) || appointment.organisationId !== ctx.principal.organisationId) {
    throw forbidden(`Only the ${rule.label}'s own service can end this appointment`);
  }
  if (appointment.endsOn) throw conflict("The appointment has already ended");
  if (compareDates(input.endsOn, appointment.startsOn) < 0) throw badInput("endsOn", "Cannot end before it started");
  appointment.endsOn = input.endsOn;
  await ctx.em.save(appointment);
  await recordEnded(ctx, appointment);
  return appointment;
}

function recordEnded(ctx: HubContext, appointment: Appointment): Promise<void> {
  return recordCaseEvent(ctx, {
    kind: CaseEventKind.APPOINTMENT_ENDED,
    proceedingsId: appointment.proceedingsId,
    childId: appointment.childId,
    subjectId: appointment.id,
  });
}

export async function partiesOf(ctx: AuthorisedContext, proceedingsId: string, childId?: string): Promise<Appointment[]> {
  const all = await ctx.loaders.appointmentsByProceedings.load(proceedingsId);
  return childId ? all.filter((a) => a.childId === childId || a.childId === null) : all;
}

/** The appointment a case event names (APPOINTMENT_MADE and _ENDED carry its id). */
export async function appointmentById(ctx: HubContext, id: string): Promise<Appointment | null> {
  return ctx.em.findOneBy(Appointment, { id });
}

// --- reactions to other modules' events --------------------------------------------------------

/** New proceedings: the legal department and the court go on the case as organisations. */
export async function putOrganisationsOnCase(ctx: HubContext, event: RecordedCaseEvent): Promise<void> {
  const proceedings = await ctx.em.findOneByOrFail(Proceedings, { id: event.proceedingsId });
  await ctx.em.insert(Appointment, [
    {
      proceedingsId: proceedings.id,
      role: AppointmentRole.LA_LEGAL_DEPARTMENT,
      organisationId: proceedings.localAuthorityId,
      startsOn: proceedings.issueDate,
      appointedById: ctx.principal?.userId ?? null,
    },
    {
      proceedingsId: proceedings.id,
      role: AppointmentRole.COURT,
      organisationId: proceedings.courtId,
      startsOn: proceedings.issueDate,
      appointedById: ctx.principal?.userId ?? null,
    },
  ]);
}

/**
 * A final outcome: the guardian's role ends with the proceedings, but the guardian stays on the
 * case for the post-order window so that they hear of early changes to the plan.
 */
export async function endGuardianAfterOrder(ctx: HubContext, event: RecordedCaseEvent): Promise<void> {
  const outcome = await ctx.em.findOneByOrFail(FinalOutcome, { id: event.subjectId! });
  const windowEnds = guardianWindowEnds(outcome.orderDate, ctx.runtime.config.guardianPostOrderWindowWeeks);
  const guardians = await ctx.em.findBy(Appointment, { childId: outcome.childId, role: AppointmentRole.GUARDIAN, endsOn: IsNull() });
  for (const g of guardians) {
    g.endsOn = windowEnds;
    await ctx.em.save(g);
    await recordEnded(ctx, g);
  }
}

/**
 * Who is missing on the caller's open cases (the legal department: IRO and guardian; an IRO
 * manager: IRO; a Cafcass manager: guardian), and an IRO manager's IROs above the benchmark.
 */
export async function appointmentAttention(ctx: AuthorisedContext): Promise<AttentionItem[]> {
  const p = ctx.principal;
  const today = ctx.today();
  const items: AttentionItem[] = [];
  const wantIro = hasRole(p, Role.LA_LEGAL) || hasRole(p, Role.IRO_MANAGER);
  const wantGuardian = hasRole(p, Role.LA_LEGAL) || hasRole(p, Role.CAFCASS_MANAGER);
  if (wantIro || wantGuardian) {
    const access = positional(appointmentCaseAccess.cases(p, today, "p"), 2);
    const missing = (role: string) =>
      `(count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM appointment a WHERE a.child_id = c.id AND a.role = '${role}' AND ${runsOn("a", "$1")})))::int`;
    const [row]: { iro: number; guardian: number }[] = await ctx.em.query(
      `SELECT ${missing("IRO")} AS iro, ${missing("GUARDIAN")} AS guardian
         FROM child c JOIN proceedings p ON p.id = c.proceedings_id
        WHERE p.status = 'OPEN' AND ${access.sql}`,
      [today, ...access.values],
    );
    if (wantIro) items.push(...attentionIf(AttentionKind.CHILDREN_WITHOUT_IRO, { count: row.iro }));
    if (wantGuardian) items.push(...attentionIf(AttentionKind.CHILDREN_WITHOUT_GUARDIAN, { count: row.guardian }));
  }
  if (hasRole(p, Role.IRO_MANAGER)) {
    const [row]: { count: number }[] = await ctx.em.query(
      `SELECT count(*)::int AS count FROM (
         SELECT a.user_id FROM appointment a JOIN hub_user u ON u.id = a.user_id
          WHERE a.role = 'IRO' AND ${runsOn("a", "$1")} AND u.organisation_id = $2 AND u.active
          GROUP BY a.user_id HAVING count(DISTINCT a.child_id) > $3) over`,
      [today, p.organisationId, IRO_CASELOAD_BENCHMARK.high],
    );
    items.push(...attentionIf(AttentionKind.IROS_OVER_BENCHMARK, row));
  }
  return items;
}
