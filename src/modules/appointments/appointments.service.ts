import { IsNull } from "typeorm";
import { HubContext } from "../../core/context";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { badInput, conflict, forbidden, notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { addDays, compareDates } from "../../core/calendar/calendar";
import { Capability, can } from "../../core/access/permissions";
import { Role } from "../../core/access/roles";
import { HubUser } from "../directory/hub-user.entity";
import { requireChild, requireProceedings } from "../proceedings/proceedings.access";
import { recordIntroduction, recordIroKnownToCourt } from "../protocol/protocol.service";
import { deliverExistingPapers } from "../court-papers/court-papers.service";
import { Appointment, AppointmentRole } from "./appointment.entity";
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

async function currentFor(ctx: HubContext, childId: string, role: AppointmentRole): Promise<Appointment | null> {
  return ctx.em.findOne(Appointment, { where: { childId, role, endsOn: IsNull() }, order: { startsOn: "DESC" } });
}

/**
 * Appoints a person (IRO, guardian, social worker) to a child. A child has one of each at a
 * time: a new appointment ends the previous one the day before it starts.
 */
async function appointPerson(ctx: HubContext, role: AppointmentRole, input: AppointPersonInput): Promise<Appointment> {
  const rule = APPOINTABLE[role]!;
  const principal = ctx.principal!;
  const { child, proceedings } = await requireChild(ctx, input.childId);

  const appointee = await ctx.em.findOneBy(HubUser, { id: input.userId });
  if (
    !appointee ||
    !appointee.active ||
    appointee.organisationId !== principal.organisationId ||
    !appointee.roles.includes(rule.appointeeRole)
  ) {
    throw badInput("userId", `Not an active ${rule.label} of your organisation`);
  }
  if (compareDates(input.startsOn, proceedings.issueDate) < 0 && role !== AppointmentRole.IRO) {
    // An IRO is appointed when the child becomes looked after, which may be before proceedings.
    throw badInput("startsOn", `A ${rule.label} cannot be appointed before the proceedings were issued`);
  }

  const previous = await currentFor(ctx, child.id, role);
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

  await recordCaseEvent(ctx.em, {
    kind: CaseEventKind.APPOINTMENT_MADE,
    proceedingsId: proceedings.id,
    childId: child.id,
    subjectId: appointment.id,
  });
  await deliverExistingPapers(ctx, appointment);
  if (role === AppointmentRole.IRO) {
    await recordIroKnownToCourt(ctx, appointment);
    const guardian = await currentFor(ctx, child.id, AppointmentRole.GUARDIAN);
    if (guardian) await recordIntroduction(ctx, appointment, guardian);
  } else if (role === AppointmentRole.GUARDIAN) {
    // With no IRO yet, the introduction is made when the IRO is appointed.
    const iro = await currentFor(ctx, child.id, AppointmentRole.IRO);
    if (iro) await recordIntroduction(ctx, iro, appointment);
  }
  return appointment;
}

export const appointIro = (ctx: HubContext, input: AppointPersonInput) => appointPerson(ctx, AppointmentRole.IRO, input);
export const allocateGuardian = (ctx: HubContext, input: AppointPersonInput) =>
  appointPerson(ctx, AppointmentRole.GUARDIAN, input);
export const allocateSocialWorker = (ctx: HubContext, input: AppointPersonInput) =>
  appointPerson(ctx, AppointmentRole.SOCIAL_WORKER, input);

export async function endAppointment(ctx: HubContext, input: EndAppointmentInput): Promise<Appointment> {
  if (!isUuid(input.appointmentId)) throw notFound("Appointment");
  const appointment = await ctx.em.findOneBy(Appointment, { id: input.appointmentId });
  if (!appointment) throw notFound("Appointment");
  await requireProceedings(ctx, appointment.proceedingsId, "Appointment");
  const rule = APPOINTABLE[appointment.role];
  if (!rule) throw badInput("appointmentId", "The court and the legal department stay on the case while it runs");
  if (!can(ctx.principal!.roles, rule.capability) || appointment.organisationId !== ctx.principal!.organisationId) {
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
  return recordCaseEvent(ctx.em, {
    kind: CaseEventKind.APPOINTMENT_ENDED,
    proceedingsId: appointment.proceedingsId,
    childId: appointment.childId,
    subjectId: appointment.id,
  });
}

export async function partiesOf(ctx: HubContext, proceedingsId: string, childId?: string): Promise<Appointment[]> {
  const all = await ctx.loaders.appointmentsByProceedings.load(proceedingsId);
  return childId ? all.filter((a) => a.childId === childId || a.childId === null) : all;
}
