import { IsNull } from "typeorm";
import { createHash, randomBytes } from "node:crypto";
import { createEvents, EventAttributes } from "ics";
import { AuthorisedContext, HubContext, caseAccess } from "../../core/context";
import { Principal } from "../../core/auth/principal";
import { positional } from "../../core/access/sql-predicate";
import { Role } from "../../core/access/roles";
import { addDays, compareDates, LocalDate } from "../../core/calendar/calendar";
import { HubUser, principalOfUser } from "../directory/directory.module";
import { Appointment, AppointmentRole, runsOn } from "../appointments/appointments.module";
import { schedulesOfChildren } from "../reviews/reviews.module";
import { ChecklistStatus, STEP_TITLES, checklistsOfChildren } from "../liaison/liaison.module";
import { CalendarFeed } from "./calendar-feed.entity";

// A person's deadlines in their own calendar (Outlook, Google): hearings on their cases, their
// children's next reviews, dispute stages to answer, papers and care plan changes to
// acknowledge. Like the emails, the feed leaves the secure perimeter: case numbers and what is
// due only, never a child's name, and a link to the console for the rest.

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export interface FeedLink {
  url: string;
  createdAt: Date;
}

/** A new secret URL; any earlier one stops working. */
export async function createCalendarFeed(ctx: AuthorisedContext): Promise<FeedLink> {
  await revokeCalendarFeed(ctx);
  const token = randomBytes(32).toString("base64url");
  const feed = await ctx.em.save(ctx.em.create(CalendarFeed, { userId: ctx.principal.userId, tokenSha256: hash(token) }));
  return { url: `${ctx.runtime.config.publicUrl}/calendar/${token}.ics`, createdAt: feed.createdAt };
}

/** Deactivation ends a person's link for good, as revoking it does: reactivation needs a new link. */
export async function endFeedsOf(ctx: HubContext, userId: string): Promise<void> {
  await ctx.em.update(CalendarFeed, { userId, revokedAt: IsNull() }, { revokedAt: () => "now()" });
}

export async function revokeCalendarFeed(ctx: AuthorisedContext): Promise<boolean> {
  const res = await ctx.em.update(CalendarFeed, { userId: ctx.principal.userId, revokedAt: IsNull() }, { revokedAt: () => "now()" });
  return (res.affected ?? 0) > 0;
}

export async function myCalendarFeed(ctx: AuthorisedContext): Promise<CalendarFeed | null> {
  return ctx.em.findOne(CalendarFeed, { where: { userId: ctx.principal.userId, revokedAt: IsNull() } });
}

/** The person a feed's token opens, as a principal: null for an unknown or revoked token, or someone no longer active. */
export async function principalForToken(ctx: HubContext, token: string): Promise<Principal | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const feed = await ctx.em.findOne(CalendarFeed, { where: { tokenSha256: hash(token), revokedAt: IsNull() } });
  if (!feed) return null;
  const user = await ctx.em.findOneBy(HubUser, { id: feed.userId, active: true });
  if (!user) return null;
  await ctx.em.update(CalendarFeed, { id: feed.id }, { lastFetchedAt: () => "now()" });
  return principalOfUser(ctx.em, user);
}

/** What a due item is about: a person's choice of how they hear of that kind covers its reminders too. */
export type DueTopic = "hearing" | "review" | "review-decision" | "protocol" | "referral" | "dispute" | "paper" | "change";

export interface Due {
  uid: string;
  topic: DueTopic;
  proceedingsId: string;
  courtCaseNumber: string;
  /** What is due, without the case: "Review due". */
  what: string;
  /** Something the person must do (a hearing is not). */
  action: boolean;
  on: LocalDate;
  title: string;
  link: string;
}

const ymd = (d: LocalDate): [number, number, number] => d.split("-").map(Number) as [number, number, number];

/** What the person has due, from a month ago to a year ahead. */
export async function dueItems(ctx: HubContext, principal: Principal): Promise<Due[]> {
  const today = ctx.today();
  const from = addDays(today, -31);
  const to = addDays(today, 366);
  const items: Due[] = [];
  const access = caseAccess(ctx.runtime).cases(principal, today, "p");
  // Only cases the person is still on (an ended appointment leaves nothing in their calendar).
  const onCase = (first: number) => positional(access, first);

  const hearings: { id: string; type: string; date: string; number: string; proceedings_id: string }[] = await ctx.em
    .createQueryBuilder()
    .select(["h.id AS id", "h.type AS type", "h.date::text AS date", "p.court_case_number AS number", "p.id AS proceedings_id"])
    .from("hearing", "h")
    .innerJoin("proceedings", "p", "p.id = h.proceedings_id")
    .where(access.sql, access.params)
    .andWhere("h.date BETWEEN :from AND :to", { from, to })
    .getRawMany();
  for (const h of hearings)
    items.push({
      uid: `hearing-${h.id}`,
      topic: "hearing",
      proceedingsId: h.proceedings_id,
      on: h.date,
      courtCaseNumber: h.number,
      what: `Hearing (${h.type})`,
      action: false,
      title: `Hearing (${h.type}): case ${h.number}`,
      link: `/cases/${h.proceedings_id}`,
    });

  // The children the person is the IRO or the guardian of today.
  const mine: { child_id: string; role: AppointmentRole; number: string; proceedings_id: string }[] = await ctx.em
    .createQueryBuilder(Appointment, "a")
    .select(["a.child_id AS child_id", "a.role AS role", "p.court_case_number AS number", "p.id AS proceedings_id"])
    .innerJoin("proceedings", "p", "p.id = a.proceedings_id")
    .where("a.user_id = :me AND a.role IN (:...roles)", { me: principal.userId, roles: [AppointmentRole.IRO, AppointmentRole.GUARDIAN] })
    .andWhere(runsOn("a", ":today"), { today })
    .getRawMany();
  const due = (topic: DueTopic, uid: string, c: { proceedings_id: string; number: string }, on: LocalDate, what: string, link: string, action = true) =>
    items.push({ uid, topic, proceedingsId: c.proceedings_id, on, courtCaseNumber: c.number, what, action, title: `${what}: case ${c.number}`, link });
  // Their children's schedules and checklists, each read for all of them at once.
  const schedules = await schedulesOfChildren(
    ctx,
    mine.filter((m) => m.role === AppointmentRole.IRO).map((m) => m.child_id),
  );
  const checklists = await checklistsOfChildren(ctx, [...new Set(mine.map((m) => m.child_id))]);
  for (const c of mine.filter((m) => m.role === AppointmentRole.IRO)) {
    // The next review, and an extra one called after a significant change.
    const s = schedules.get(c.child_id)!;
    if (s.nextDueOn) due("review", `review-${c.child_id}-${s.nextDueOn}`, c, s.nextDueOn, "Review due", `/children/${c.child_id}/reviews`);
    if (s.extraReviewDueOn)
      due("review", `extra-review-${c.child_id}-${s.extraReviewDueOn}`, c, s.extraReviewDueOn, "Extra review due", `/children/${c.child_id}/reviews`);
  }
  if (mine.some((m) => m.role === AppointmentRole.IRO)) {
    // Decisions from the IRO's reviews not yet done.
    const decisions: { id: string; due_on: string; child_id: string }[] = await ctx.em.query(
      `SELECT d.id, d.due_on::text, d.child_id FROM review_decision d
        WHERE d.completed_at IS NULL AND d.child_id = ANY($1) AND d.due_on BETWEEN $2 AND $3`,
      [mine.filter((m) => m.role === AppointmentRole.IRO).map((m) => m.child_id), from, to],
    );
    for (const d of decisions) {
      const c = mine.find((m) => m.child_id === d.child_id)!;
      due("review-decision", `review-decision-${d.id}`, c, d.due_on, "Review decision due", `/children/${d.child_id}/reviews`);
    }
  }
  // The protocol steps still to do for each child, for both the IRO and the guardian: overdue
  // ones stay in the calendar until done (as overdue reviews and decisions do).
  for (const c of mine) {
    for (const row of checklists.get(c.child_id) ?? []) {
      const open = row.status === ChecklistStatus.DUE || row.status === ChecklistStatus.OVERDUE;
      if (!open || !row.dueOn || compareDates(row.dueOn, to) > 0) continue;
      const what = `Protocol ${STEP_TITLES[row.step]}${row.status === ChecklistStatus.OVERDUE ? " (overdue)" : ""}`;
      due("protocol", `protocol-${c.child_id}-${row.step}-${row.dueOn}`, c, row.dueOn, what, `/children/${c.child_id}/checklist`);
    }
  }
  // Cafcass referrals the guardian must decide on.
  const referrals: { id: string; due: string; child_id: string; proceedings_id: string; number: string }[] = await ctx.em.query(
    `SELECT r.id, r.decision_due_on::text AS due, r.child_id, r.proceedings_id, p.court_case_number AS number
       FROM cafcass_referral r JOIN proceedings p ON p.id = r.proceedings_id
      WHERE r.guardian_id = $1 AND r.status = 'ACCEPTED' AND r.decision IS NULL AND r.decision_due_on BETWEEN $2 AND $3 AND ${onCase(4).sql}`,
    [principal.userId, from, to, ...onCase(4).values],
  );
  for (const r of referrals) due("referral", `referral-decision-${r.id}`, r, r.due, "Decide on the Cafcass referral", `/children/${r.child_id}/challenges`);

  // Dispute stages the person must answer, or (as the child's IRO) is waiting on.
  const stages: { id: string; respond_by: string; child_id: string; proceedings_id: string; number: string; mine: boolean }[] = await ctx.em.query(
    `SELECT s.id, s.respond_by::text, d.child_id, d.proceedings_id, p.court_case_number AS number, s.responder_id = $1 AS mine
       FROM dispute_stage s JOIN dispute d ON d.id = s.dispute_id JOIN proceedings p ON p.id = d.proceedings_id
      WHERE s.responded_at IS NULL AND d.status = 'FORMAL' AND s.respond_by BETWEEN $2 AND $3
        AND (s.responder_id = $1 OR d.raised_by_id = $1) AND ${onCase(4).sql}`,
    [principal.userId, from, to, ...onCase(4).values],
  );
  for (const s of stages) {
    items.push({
      uid: `dispute-stage-${s.id}`,
      topic: "dispute",
      proceedingsId: s.proceedings_id,
      on: s.respond_by,
      courtCaseNumber: s.number,
      what: s.mine ? "Respond to dispute stage" : "Dispute stage response due",
      action: s.mine,
      title: `${s.mine ? "Respond to dispute stage" : "Dispute stage response due"}: case ${s.number}`,
      link: `/children/${s.child_id}/challenges`,
    });
  }

  // Papers and post-order changes to acknowledge: the person's own, or their court's.
  const acks: { id: string; by: string; number: string; proceedings_id: string; what: string; link: string }[] = await ctx.em.query(
    `SELECT d.id, d.acknowledge_by::text AS by, p.court_case_number AS number, p.id AS proceedings_id, 'paper' AS what, '/papers/' || d.document_id AS link
       FROM paper_delivery d JOIN proceedings p ON p.id = d.proceedings_id JOIN court_document doc ON doc.id = d.document_id
      WHERE d.acknowledged_at IS NULL AND doc.status = 'ACTIVE' AND d.acknowledge_by BETWEEN $3 AND $4
        AND (d.user_id = $1 OR (d.user_id IS NULL AND d.organisation_id = $2 AND $5)) AND ${onCase(6).sql}
     UNION ALL
     SELECT r.id, c.acknowledge_by::text, p.court_case_number, p.id, 'change', '/changes'
       FROM post_order_change_recipient r JOIN post_order_change c ON c.id = r.change_id JOIN proceedings p ON p.id = c.proceedings_id
      WHERE r.acknowledged_at IS NULL AND c.acknowledge_by BETWEEN $3 AND $4
        AND (r.user_id = $1 OR (r.user_id IS NULL AND r.organisation_id = $2 AND $5)) AND ${onCase(6).sql}`,
    [principal.userId, principal.organisationId, from, to, principal.roles.includes(Role.COURT), ...onCase(6).values],
  );
  for (const a of acks) {
    items.push({
      uid: `acknowledge-${a.what}-${a.id}`,
      topic: a.what === "paper" ? "paper" : "change",
      proceedingsId: a.proceedings_id,
      on: a.by,
      courtCaseNumber: a.number,
      what: a.what === "paper" ? "Acknowledge court paper" : "Acknowledge care plan change",
      action: true,
      title: `${a.what === "paper" ? "Acknowledge court paper" : "Acknowledge care plan change"}: case ${a.number}`,
      link: a.link,
    });
  }
  return items.sort((a, b) => a.on.localeCompare(b.on) || a.uid.localeCompare(b.uid));
}

export function toICalendar(publicUrl: string, items: Due[]): string {
  const events: EventAttributes[] = items.map((i) => ({
    uid: `${i.uid}@proceedings-hub`,
    title: i.title,
    start: ymd(i.on),
    end: ymd(addDays(i.on, 1)),
    url: `${publicUrl}${i.link}`,
    description: `Open in Proceedings Hub: ${publicUrl}${i.link}`,
    productId: "proceedings-hub",
    calName: "Proceedings Hub",
  }));
  if (!events.length) {
    return [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "CALSCALE:GREGORIAN",
      "PRODID:proceedings-hub",
      "METHOD:PUBLISH",
      "X-WR-CALNAME:Proceedings Hub",
      "END:VCALENDAR",
      "",
    ].join("\r\n");
  }
  const { error, value } = createEvents(events);
  if (error || !value) throw error ?? new Error("calendar not made");
  return value;
}
