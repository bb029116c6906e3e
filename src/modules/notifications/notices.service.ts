import { In, IsNull } from "typeorm";
import { AuthorisedContext, HubContext, inTransaction } from "../../core/context";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { RecordedCaseEvent } from "../../core/events/events";
import { Role } from "../../core/access/roles";
import { compareDates, LocalDate } from "../../core/calendar/calendar";
import { newestFirst, Page } from "../../core/pagination";
import { badInput } from "../../core/errors";
import { HubUser, principalOfUser } from "../directory/directory.module";
import { Proceedings } from "../proceedings/proceedings.module";
import { AppointmentRole, appointmentById, currentAppointee } from "../appointments/appointments.module";
import { CourtDocument, deliveriesOfPaper } from "../court-papers/court-papers.module";
import { recipientsOfChange } from "../post-order-changes/post-order-changes.module";
import { DisputeStage } from "../challenges/challenges.module";
import { dueItems, type DueTopic } from "../calendar-feeds/calendar-feeds.module";
import { STEP_TITLES } from "../liaison/liaison.module";
import { EmailMessage, Notice, NoticeDelivery, NoticeKind, NotificationPreference } from "./notice.entity";
import { emailFor } from "./emails";

// Who needs to hear of a case event, outside the console. This module reacts to the other
// modules' events (it comes last in src/app.ts) and asks the owners who is concerned: a paper's
// deliveries, a change's recipients, a dispute stage's named person, a child's appointees. The
// notices commit with the change that caused them; the email outbox sends them afterwards.

/** A person, or an organisation as a whole (its users holding `role`). */
interface Addressee {
  userId: string | null;
  organisationId: string;
  role: Role;
}

interface Concern {
  kind: NoticeKind;
  addressees: Addressee[];
  link: string;
  dueOn?: LocalDate | null;
  /** One notice per person per thing (defaults to the event). */
  dedupeKey?: string;
  /** Which one, where several of a kind could be meant ("step 3, IRO and guardian make contact"). */
  detail?: string;
}

const ROLE_OF: Record<AppointmentRole, Role> = {
  [AppointmentRole.IRO]: Role.IRO,
  [AppointmentRole.GUARDIAN]: Role.GUARDIAN,
  [AppointmentRole.SOCIAL_WORKER]: Role.SOCIAL_WORKER,
  [AppointmentRole.COURT]: Role.COURT,
  [AppointmentRole.LA_LEGAL_DEPARTMENT]: Role.LA_LEGAL,
};

const asAddressee = (a: { userId: string | null; organisationId: string; role: AppointmentRole }): Addressee => ({
  userId: a.userId,
  organisationId: a.organisationId,
  role: ROLE_OF[a.role],
});

async function appointees(ctx: HubContext, childId: string | null, roles: AppointmentRole[]): Promise<Addressee[]> {
  if (!childId) return [];
  const found = await Promise.all(roles.map((r) => currentAppointee(ctx, childId, r)));
  return found.filter((a) => a?.userId).map((a) => asAddressee(a!));
}

/** What the event means for whom; null when it needs nobody. */
async function concernOf(ctx: HubContext, e: RecordedCaseEvent): Promise<Concern | null> {
  const child = (section: string) => `/children/${e.childId}/${section}`;
  switch (e.kind) {
    case CaseEventKind.DOCUMENT_FILED:
      return {
        kind: NoticeKind.PAPER_DELIVERED,
        addressees: (await deliveriesOfPaper(ctx, e.subjectId!)).map(asAddressee),
        link: `/papers/${e.subjectId}`,
      };
    case CaseEventKind.DOCUMENT_DELIVERED: {
      // The papers already on the case, delivered to someone newly appointed.
      const appointment = await appointmentById(ctx, e.subjectId!);
      return appointment?.userId ? { kind: NoticeKind.PAPER_DELIVERED, addressees: [asAddressee(appointment)], link: "/papers" } : null;
    }
    case CaseEventKind.POST_ORDER_CHANGE_RAISED:
      return { kind: NoticeKind.POST_ORDER_CHANGE, addressees: (await recipientsOfChange(ctx, e.subjectId!)).map(asAddressee), link: "/changes" };
    case CaseEventKind.DISPUTE_CHANGED: {
      // A new stage names who answers it; other changes to the dispute need no one new.
      const stage = await ctx.em.findOne(DisputeStage, { where: { disputeId: e.subjectId!, respondedAt: IsNull() }, order: { stageOrder: "DESC" } });
      if (!stage) return null;
      const responder = await ctx.em.findOneBy(HubUser, { id: stage.responderId });
      if (!responder) return null;
      return {
        kind: NoticeKind.DISPUTE_STAGE_NAMES_YOU,
        addressees: [{ userId: responder.id, organisationId: responder.organisationId, role: Role.SOCIAL_WORKER }],
        link: child("challenges"),
        dueOn: stage.respondBy,
        dedupeKey: `dispute-stage:${stage.id}`,
      };
    }
    case CaseEventKind.PROTOCOL_STEP_OVERDUE: {
      // The event points at its overdue note, which says which step and when it was due.
      const [note]: { subject_key: string; due_on: string }[] = await ctx.em.query(
        `SELECT subject_key, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM overdue_notice WHERE id = $1`,
        [e.subjectId],
      );
      const step = note?.subject_key.split(":")[2] as keyof typeof STEP_TITLES | undefined;
      return {
        kind: NoticeKind.PROTOCOL_STEP_OVERDUE,
        addressees: await appointees(ctx, e.childId, [AppointmentRole.IRO, AppointmentRole.GUARDIAN]),
        link: child("checklist"),
        dueOn: note?.due_on ?? null,
        detail: step && STEP_TITLES[step] ? STEP_TITLES[step] : undefined,
      };
    }
    case CaseEventKind.REVIEW_OVERDUE:
      return { kind: NoticeKind.REVIEW_OVERDUE, addressees: await appointees(ctx, e.childId, [AppointmentRole.IRO]), link: child("reviews") };
    case CaseEventKind.REVIEW_DECISION_OVERDUE:
      return { kind: NoticeKind.REVIEW_DECISION_OVERDUE, addressees: await appointees(ctx, e.childId, [AppointmentRole.IRO]), link: child("reviews") };
    case CaseEventKind.DISPUTE_STAGE_OVERDUE: {
      const stage = await ctx.em.findOneBy(DisputeStage, { id: e.subjectId! });
      const responder = stage ? await ctx.em.findOneBy(HubUser, { id: stage.responderId }) : null;
      const addressees = await appointees(ctx, e.childId, [AppointmentRole.IRO]);
      if (responder) addressees.push({ userId: responder.id, organisationId: responder.organisationId, role: Role.SOCIAL_WORKER });
      return { kind: NoticeKind.DISPUTE_STAGE_OVERDUE, addressees, link: child("challenges"), dueOn: stage?.respondBy };
    }
    case CaseEventKind.REFERRAL_DECISION_OVERDUE:
      return {
        kind: NoticeKind.REFERRAL_DECISION_OVERDUE,
        addressees: await appointees(ctx, e.childId, [AppointmentRole.GUARDIAN]),
        link: child("challenges"),
      };
    case CaseEventKind.DOCUMENT_QUARANTINED: {
      // The person who filed it, and their organisation's administrators (a security matter for
      // them, whatever the case): what was found, never the paper itself.
      const doc = await ctx.em.findOneBy(CourtDocument, { id: e.subjectId! });
      if (!doc) return null;
      return {
        kind: NoticeKind.PAPER_QUARANTINED,
        addressees: [
          { userId: doc.filedById, organisationId: doc.filedByOrganisationId, role: ROLE_OF[doc.filedByRole] },
          { userId: null, organisationId: doc.filedByOrganisationId, role: Role.ORGANISATION_ADMIN },
        ],
        link: `/papers/${doc.id}`,
        detail: `Found ${doc.scanSignature}`,
      };
    }
    case CaseEventKind.ASSURANCE_STATEMENT_RELEASED: {
      const proceedings = await ctx.em.findOneByOrFail(Proceedings, { id: e.proceedingsId });
      return {
        kind: NoticeKind.ASSURANCE_STATEMENT_RELEASED,
        addressees: [{ userId: null, organisationId: proceedings.courtId, role: Role.COURT }],
        link: "/assurance",
      };
    }
    default:
      return null;
  }
}

export const NOTIFYING_KINDS: readonly CaseEventKind[] = [
  CaseEventKind.DOCUMENT_FILED,
  CaseEventKind.DOCUMENT_DELIVERED,
  CaseEventKind.POST_ORDER_CHANGE_RAISED,
  CaseEventKind.DISPUTE_CHANGED,
  CaseEventKind.PROTOCOL_STEP_OVERDUE,
  CaseEventKind.REVIEW_OVERDUE,
  CaseEventKind.REVIEW_DECISION_OVERDUE,
  CaseEventKind.DISPUTE_STAGE_OVERDUE,
  CaseEventKind.REFERRAL_DECISION_OVERDUE,
  CaseEventKind.ASSURANCE_STATEMENT_RELEASED,
  CaseEventKind.DOCUMENT_QUARANTINED,
];

/** The people behind the addressees: active people, never service accounts. */
async function peopleOf(ctx: HubContext, addressees: Addressee[]): Promise<HubUser[]> {
  const ids = addressees.filter((a) => a.userId).map((a) => a.userId!);
  const people = ids.length ? await ctx.em.findBy(HubUser, { id: In(ids), active: true, serviceAccount: false }) : [];
  for (const org of addressees.filter((a) => !a.userId)) {
    const staff: HubUser[] = await ctx.em
      .createQueryBuilder(HubUser, "u")
      .where("u.organisation_id = :org AND u.active AND NOT u.service_account AND :role = ANY(u.roles)", { org: org.organisationId, role: org.role })
      .getMany();
    people.push(...staff);
  }
  return [...new Map(people.map((p) => [p.id, p])).values()];
}

/** What a reminder is about, as the kind of notice whose choice covers it. */
const TOPIC_KIND: Record<DueTopic, NoticeKind | null> = {
  hearing: null,
  review: NoticeKind.REVIEW_OVERDUE,
  "review-decision": NoticeKind.REVIEW_DECISION_OVERDUE,
  protocol: NoticeKind.PROTOCOL_STEP_OVERDUE,
  referral: NoticeKind.REFERRAL_DECISION_OVERDUE,
  dispute: NoticeKind.DISPUTE_STAGE_NAMES_YOU,
  paper: NoticeKind.PAPER_DELIVERED,
  change: NoticeKind.POST_ORDER_CHANGE,
};

const QUIETNESS: Record<NoticeDelivery, number> = { [NoticeDelivery.IMMEDIATE]: 0, [NoticeDelivery.DAILY_DIGEST]: 1, [NoticeDelivery.OFF]: 2 };

/** The quieter of two choices: "off" or "daily digest" for papers covers reminders about papers too. */
export function quieter(a: NoticeDelivery, b: NoticeDelivery): NoticeDelivery {
  return QUIETNESS[a] >= QUIETNESS[b] ? a : b;
}

/** What someone gets when they have not chosen: everything at once, but the court's papers in a digest (a court receives many). */
export function defaultDelivery(kind: NoticeKind, roles: readonly Role[]): NoticeDelivery {
  if (kind === NoticeKind.PAPER_DELIVERED && roles.includes(Role.COURT) && !roles.some((r) => r === Role.IRO || r === Role.GUARDIAN)) {
    return NoticeDelivery.DAILY_DIGEST;
  }
  return NoticeDelivery.IMMEDIATE;
}

/** The reaction to a case event: a notice for each person it needs, and an email for those who want one at once. */
export async function noticesForEvent(ctx: HubContext, event: RecordedCaseEvent): Promise<void> {
  const concern = await concernOf(ctx, event);
  if (!concern || !concern.addressees.length) return;
  const people = await peopleOf(ctx, concern.addressees);
  if (!people.length) return;
  const proceedings = await ctx.em.findOneByOrFail(Proceedings, { id: event.proceedingsId });
  const delivery = await deliveriesOf(ctx, people, concern.kind);
  for (const person of people) {
    await noticeFor(ctx, person, delivery.get(person.id)!, {
      kind: concern.kind,
      dedupeKey: concern.dedupeKey ?? `event:${event.id}`,
      caseEventId: event.id,
      proceedingsId: event.proceedingsId,
      courtCaseNumber: proceedings.courtCaseNumber,
      childId: event.childId,
      link: concern.link,
      dueOn: concern.dueOn ?? null,
      detail: concern.detail ?? null,
    });
  }
}

type NoticeFields = Pick<Notice, "kind" | "dedupeKey" | "caseEventId" | "proceedingsId" | "courtCaseNumber" | "childId" | "link" | "dueOn" | "detail">;

/** How each person wants to hear of this kind: their choice, or their roles' default (one query for them all). */
async function deliveriesOf(ctx: HubContext, people: HubUser[], kind: NoticeKind): Promise<Map<string, NoticeDelivery>> {
  const chosen = await ctx.em.findBy(NotificationPreference, { userId: In(people.map((p) => p.id)), kind });
  return new Map(people.map((p) => [p.id, chosen.find((c) => c.userId === p.id)?.delivery ?? defaultDelivery(kind, p.roles)]));
}

/** How one person wants to hear of each of these kinds (one query). */
async function deliveriesFor(ctx: HubContext, person: HubUser, kinds: NoticeKind[]): Promise<Map<NoticeKind, NoticeDelivery>> {
  const chosen = await ctx.em.findBy(NotificationPreference, { userId: person.id, kind: In(kinds) });
  return new Map(kinds.map((k) => [k, chosen.find((c) => c.kind === k)?.delivery ?? defaultDelivery(k, person.roles)]));
}

/**
 * One notice for one person, once (per dedupe key), delivered as they chose: with an email in
 * the outbox when they want it at once. In the caller's transaction.
 */
async function noticeFor(ctx: HubContext, person: HubUser, delivery: NoticeDelivery, fields: NoticeFields): Promise<boolean> {
  const inserted = await ctx.em
    .createQueryBuilder()
    .insert()
    .into(Notice)
    .values({ userId: person.id, ...fields, delivery })
    .orIgnore()
    .returning(["id"])
    .execute();
  const noticeId = inserted.raw[0]?.id as string | undefined;
  if (!noticeId) return false;
  if (delivery !== NoticeDelivery.IMMEDIATE || !ctx.runtime.config.smtpUrl || !person.email) return true;
  const email = emailFor(ctx.runtime.config.publicUrl, [fields]);
  const message = await ctx.em.save(ctx.em.create(EmailMessage, { userId: person.id, toAddress: person.email, subject: email.subject, text: email.text }));
  await ctx.em.update(Notice, { id: noticeId }, { emailId: message.id });
  return true;
}

/** How far ahead a deadline is reminded of. */
export const REMIND_WITHIN_WORKING_DAYS = 2;

/**
 * Reminders of what people must do soon (a review, a dispute stage's answer, an
 * acknowledgement), from the same list their calendar feed shows: once per person and deadline,
 * when it is at most REMIND_WITHIN_WORKING_DAYS working days away. Runs every hour; the dedupe
 * key makes repeats (and several processes) harmless.
 */
export async function remindOfDeadlines(ctx: HubContext): Promise<number> {
  const { calendar } = ctx.runtime;
  const today = ctx.today();
  const horizon = calendar.addWorkingDays(today, REMIND_WITHIN_WORKING_DAYS);
  const people = await ctx.em
    .createQueryBuilder(HubUser, "u")
    .where("u.active AND NOT u.service_account AND u.roles && CAST(:roles AS role[])", {
      roles: `{${[Role.IRO, Role.GUARDIAN, Role.SOCIAL_WORKER, Role.LA_LEGAL, Role.COURT].join(",")}}`,
    })
    .getMany();
  let made = 0;
  for (const person of people) {
    const principal = await principalOfUser(ctx.em, person);
    if (!principal) continue;
    const soon = (await dueItems(ctx, principal)).filter((d) => d.action && compareDates(d.on, today) >= 0 && compareDates(d.on, horizon) <= 0);
    if (!soon.length) continue;
    // A reminder goes as the person chose for reminders, and for what it is about, whichever is quieter.
    const choices = await deliveriesFor(ctx, person, [NoticeKind.DEADLINE_APPROACHING, ...new Set(soon.flatMap((d) => TOPIC_KIND[d.topic] ?? []))]);
    for (const d of soon) {
      const about = TOPIC_KIND[d.topic];
      const delivery = about ? quieter(choices.get(NoticeKind.DEADLINE_APPROACHING)!, choices.get(about)!) : choices.get(NoticeKind.DEADLINE_APPROACHING)!;
      const made1 = await ctx.runtime.dataSource.transaction((em) =>
        noticeFor(inTransaction(ctx, em), person, delivery, {
          kind: NoticeKind.DEADLINE_APPROACHING,
          dedupeKey: `due:${d.uid}:${d.on}`,
          caseEventId: null,
          proceedingsId: d.proceedingsId,
          courtCaseNumber: d.courtCaseNumber,
          childId: null,
          link: d.link,
          dueOn: d.on,
          detail: d.what,
        }),
      );
      if (made1) made++;
    }
  }
  return made;
}

// --- the person's own view --------------------------------------------------------------------

export async function myNotices(ctx: AuthorisedContext, first: number, after: string | null | undefined, unreadOnly: boolean): Promise<Page<Notice>> {
  const qb = ctx.em.createQueryBuilder(Notice, "n").where("n.user_id = :me", { me: ctx.principal.userId });
  if (unreadOnly) qb.andWhere("n.read_at IS NULL");
  const page = await newestFirst(qb, { column: "created_at", of: (n) => n.createdAt }, first, after, ctx.runtime.config.maxPageSize);
  // Case numbers were read: the audit trail names the cases.
  ctx.audit.touchMany(new Set(page.edges.map((e) => e.node.proceedingsId)));
  return page;
}

export async function markNoticesRead(ctx: AuthorisedContext, ids: string[]): Promise<number> {
  if (ids.length > 500) throw badInput("ids", "At most 500 at a time");
  const res = await ctx.em
    .createQueryBuilder()
    .update(Notice)
    .set({ readAt: ctx.runtime.clock.now() })
    .where("user_id = :me AND read_at IS NULL AND id::text = ANY(:ids)", { me: ctx.principal.userId, ids })
    .execute();
  return res.affected ?? 0;
}

export interface PreferenceView {
  kind: NoticeKind;
  delivery: NoticeDelivery;
  chosen: boolean;
}

export async function myPreferences(ctx: AuthorisedContext): Promise<PreferenceView[]> {
  const chosen = await ctx.em.findBy(NotificationPreference, { userId: ctx.principal.userId });
  return Object.values(NoticeKind).map((kind) => {
    const c = chosen.find((p) => p.kind === kind);
    return { kind, delivery: c?.delivery ?? defaultDelivery(kind, ctx.principal.roles), chosen: !!c };
  });
}

export async function setPreference(ctx: AuthorisedContext, kind: NoticeKind, delivery: NoticeDelivery): Promise<PreferenceView[]> {
  await ctx.em.upsert(NotificationPreference, { userId: ctx.principal.userId, kind, delivery }, ["userId", "kind"]);
  return myPreferences(ctx);
}
