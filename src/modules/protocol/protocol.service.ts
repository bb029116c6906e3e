import { In } from "typeorm";
import { groupBy } from "../../core/loader-factories";
import { AuthorisedContext, HubContext } from "../../core/context";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { Role } from "../../core/access/roles";
import { Principal } from "../../core/auth/principal";
import type { RecordedCaseEvent } from "../../core/events/events";
import { Appointment, AppointmentRole, appointmentById, currentAppointee } from "../appointments/appointments.module";
import { NoticeContact, ProtocolNotice, ProtocolStep } from "./protocol-notice.entity";

// The protocol's first two joins happen as a side effect of appointments: the hub sends the
// notice the protocol asks for, at once, and keeps a copy as evidence.

const NOTICE: Record<ProtocolStep, { sentTo: AppointmentRole[]; visibleTo: Role[] }> = {
  // Step 1: the IRO's details go (via the legal department) to the court.
  [ProtocolStep.IRO_KNOWN_TO_COURT]: {
    sentTo: [AppointmentRole.COURT, AppointmentRole.LA_LEGAL_DEPARTMENT],
    visibleTo: [Role.COURT, Role.LA_LEGAL, Role.IRO, Role.IRO_MANAGER],
  },
  // Step 2: the guardian and the IRO are told of each other.
  [ProtocolStep.GUARDIAN_AND_IRO_INTRODUCED]: {
    sentTo: [AppointmentRole.IRO, AppointmentRole.GUARDIAN],
    visibleTo: [Role.IRO, Role.GUARDIAN, Role.IRO_MANAGER, Role.CAFCASS_MANAGER],
  },
};

export function noticeSentTo(step: ProtocolStep): AppointmentRole[] {
  return NOTICE[step].sentTo;
}

export function canSeeNotice(principal: Principal, step: ProtocolStep): boolean {
  return principal.roles.some((r) => NOTICE[step].visibleTo.includes(r));
}

async function contactFor(ctx: HubContext, appointment: Appointment, role: NoticeContact["role"]): Promise<NoticeContact> {
  const [user, organisation] = await Promise.all([
    ctx.loaders.userById.load(appointment.userId!),
    ctx.loaders.organisationById.load(appointment.organisationId),
  ]);
  return {
    role,
    name: user?.displayName ?? "",
    organisation: organisation?.name ?? "",
    email: user?.email ?? "",
    phone: user?.phone ?? null,
  };
}

async function sent(ctx: HubContext, notice: ProtocolNotice): Promise<ProtocolNotice> {
  await recordCaseEvent(ctx, {
    kind: CaseEventKind.PROTOCOL_NOTICE_SENT,
    proceedingsId: notice.proceedingsId,
    childId: notice.childId,
    subjectId: notice.id,
    audience: NOTICE[notice.step].visibleTo,
  });
  return notice;
}

export async function recordIroKnownToCourt(ctx: HubContext, iro: Appointment): Promise<ProtocolNotice> {
  const notice = await ctx.em.save(
    ctx.em.create(ProtocolNotice, {
      proceedingsId: iro.proceedingsId,
      childId: iro.childId!,
      step: ProtocolStep.IRO_KNOWN_TO_COURT,
      iroAppointmentId: iro.id,
      guardianAppointmentId: null,
      contacts: [await contactFor(ctx, iro, "IRO")],
    }),
  );
  return sent(ctx, notice);
}

export async function recordIntroduction(ctx: HubContext, iro: Appointment, guardian: Appointment): Promise<ProtocolNotice> {
  const notice = await ctx.em.save(
    ctx.em.create(ProtocolNotice, {
      proceedingsId: iro.proceedingsId,
      childId: iro.childId!,
      step: ProtocolStep.GUARDIAN_AND_IRO_INTRODUCED,
      iroAppointmentId: iro.id,
      guardianAppointmentId: guardian.id,
      contacts: [await contactFor(ctx, guardian, "GUARDIAN"), await contactFor(ctx, iro, "IRO")],
    }),
  );
  return sent(ctx, notice);
}

export async function noticesFor(ctx: AuthorisedContext, proceedingsId: string, childId?: string): Promise<ProtocolNotice[]> {
  const notices = (await ctx.loaders.noticesByProceedings.load(proceedingsId)).filter(
    (n) => canSeeNotice(ctx.principal, n.step) && (!childId || n.childId === childId),
  );
  // A notice is about one child (and holds contact details): not for a sibling's appointees.
  const visible = await Promise.all(notices.map((n) => ctx.loaders.childRecordsVisible.load(n.childId)));
  return notices.filter((_, i) => visible[i]);
}

/**
 * An IRO or guardian was appointed: the court learns who the IRO is (step 1), and the IRO and
 * guardian are introduced once both are there (step 2; with no IRO yet, when the IRO comes).
 */
export async function noticesForAppointment(ctx: HubContext, event: RecordedCaseEvent): Promise<void> {
  const appointment = await appointmentById(ctx, event.subjectId!);
  if (!appointment?.childId) return;
  if (appointment.role === AppointmentRole.IRO) {
    await recordIroKnownToCourt(ctx, appointment);
    const guardian = await currentAppointee(ctx, appointment.childId, AppointmentRole.GUARDIAN, appointment.startsOn);
    if (guardian) await recordIntroduction(ctx, appointment, guardian);
  } else if (appointment.role === AppointmentRole.GUARDIAN) {
    const iro = await currentAppointee(ctx, appointment.childId, AppointmentRole.IRO, appointment.startsOn);
    if (iro) await recordIntroduction(ctx, iro, appointment);
  }
}

/** Every notice recorded for a child (no access filtering: for rules run over a child already seen). */
export async function noticesOfChild(ctx: HubContext, childId: string): Promise<ProtocolNotice[]> {
  return (await noticesOfChildren(ctx, [childId])).get(childId) ?? [];
}

/** The same for many children in one query, by child. */
export async function noticesOfChildren(ctx: HubContext, childIds: readonly string[]): Promise<Map<string, ProtocolNotice[]>> {
  if (!childIds.length) return new Map();
  const rows = await ctx.em.find(ProtocolNotice, { where: { childId: In([...childIds]) }, order: { sentAt: "ASC", step: "ASC", id: "ASC" } });
  return groupBy(rows, (n) => n.childId);
}
