import { Calendar, LocalDate, addDays, addMonths, addWeeks, daysBetween } from "./calendar";

// Statutory and product timescales, named in the domain's own words. Each rule states its
// source; the arithmetic itself is the Calendar's.

/**
 * Children Act 1989 s32(1)(a): proceedings to be disposed of "without delay, and in any event
 * within the period of twenty-six weeks beginning with the day on which the application was
 * issued". A period beginning with a day includes that day, so its last day is the issue date
 * plus 181 days (26 weeks less a day): issued on a Monday, the last day is a Sunday 26 weeks on.
 * Extensions (s32(5)) lengthen the period by up to 8 weeks each.
 */
export const PROCEEDINGS_WEEKS = 26;
/** s32(5)-(8): each extension is of up to 8 weeks. */
export const MAX_EXTENSION_WEEKS = 8;
/** PD12A (PLO): Case Management Hearing no later than day 12, counting the issue day as day 1. */
export const CMH_TIMETABLE_DAY = 12;
/** PD12A: advocates' meeting no later than 2 business days before the CMH. */
export const ADVOCATES_MEETING_WORKING_DAYS_BEFORE_CMH = 2;

/** Product rule: recipients acknowledge post-order changes (and papers) within N working days. */
export function acknowledgementDue(calendar: Calendar, raisedOn: LocalDate, workingDays: number): LocalDate {
  return calendar.addWorkingDays(raisedOn, workingDays);
}

/** Product rule: the guardian stays informed of post-order changes for N weeks after the order. */
/**
 * The day a hearing's court bundle must be lodged by: `workingDays` working days before the
 * hearing (FPR PD27A's timetable; 2 unless the court directs otherwise: BUNDLE_LODGE_WORKING_DAYS).
 */
export function bundleLodgeBy(calendar: Calendar, hearingDate: LocalDate, workingDays: number): LocalDate {
  return calendar.addWorkingDays(hearingDate, -workingDays);
}

/**
 * When a subject access request must be answered (UK GDPR Art. 12(3)): one month from the day it
 * was received, plus `extraMonths` (up to two) when extended, as the ICO counts it: to the same
 * date of the month (the month's last day where it has none), then on to the next working day
 * when that date falls on a weekend or bank holiday.
 */
export function subjectAccessDue(calendar: Calendar, receivedOn: LocalDate, extraMonths: number): LocalDate {
  const [y, m, d] = receivedOn.split("-").map(Number);
  const months = m - 1 + 1 + extraMonths;
  const year = y + Math.floor(months / 12);
  const month = months % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const date = `${year}-${String(month + 1).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}` as LocalDate;
  return calendar.nextWorkingDayOnOrAfter(date);
}

export function guardianWindowEnds(orderDate: LocalDate, weeks: number): LocalDate {
  return addWeeks(orderDate, weeks);
}

export interface ProceedingsTimetable {
  /** The last day of the 26-week period, the issue day being its first (s32(1)(a)). */
  twentySixWeekDate: LocalDate;
  /** 26 weeks after the issue date, as systems that count from the day after issue show it: one day later. */
  twentySixWeeksAfterIssue: LocalDate;
  extensionWeeks: number;
  finalHearingDueDate: LocalDate;
  cmhDueDate: LocalDate;
  advocatesMeetingDueDate: LocalDate;
  weeksRunning: number;
}

export function proceedingsTimetable(calendar: Calendar, issueDate: LocalDate, extensionWeeks: number, today: LocalDate): ProceedingsTimetable {
  const twentySixWeeksAfterIssue = addWeeks(issueDate, PROCEEDINGS_WEEKS);
  const twentySixWeekDate = addDays(twentySixWeeksAfterIssue, -1);
  const cmhDueDate = calendar.timetableDay(issueDate, CMH_TIMETABLE_DAY);
  return {
    twentySixWeekDate,
    twentySixWeeksAfterIssue,
    extensionWeeks,
    finalHearingDueDate: addWeeks(twentySixWeekDate, extensionWeeks),
    cmhDueDate,
    advocatesMeetingDueDate: calendar.addWorkingDays(cmhDueDate, -ADVOCATES_MEETING_WORKING_DAYS_BEFORE_CMH),
    weeksRunning: Math.max(0, Math.floor(daysBetween(issueDate, today) / 7)),
  };
}

/**
 * The same final hearing due date in SQL, for sorting lists in the database: the 26-week
 * period's last day (issue + 181 days) plus the extensions' weeks.
 */
export function finalHearingDueSql(issueDate: string, extensionWeeks: string): string {
  return `(${issueDate} + ${PROCEEDINGS_WEEKS * 7 - 1} + 7 * ${extensionWeeks})`;
}

/** Care Planning Regulations 2010 reg 33: first review within 20 working days of becoming looked after. */
export const FIRST_REVIEW_WORKING_DAYS = 20;
/** ...the second within 3 months of the first... */
export const SECOND_REVIEW_MONTHS = 3;
/** ...then at intervals of no more than 6 months. */
export const LATER_REVIEW_MONTHS = 6;
/** s25B(3) referral: the appointed guardian decides the course of action within 2 weeks. */
export const REFERRAL_DECISION_WEEKS = 2;
/** IRO Handbook: formal dispute resolution takes no more than 20 working days in all. */
export const DISPUTE_MAX_WORKING_DAYS = 20;

export interface ScheduledReview {
  number: number;
  dueOn: LocalDate;
  heldOn: LocalDate | null;
}

/**
 * The statutory review dates: each review's deadline runs from the previous review as held (or
 * from its deadline, while it has not been held), so a late review moves the next one.
 * Returns the held reviews with their deadlines, and the next one due.
 */
export function reviewSchedule(calendar: Calendar, lookedAfterSince: LocalDate, heldOn: readonly LocalDate[]): ScheduledReview[] {
  const held = [...heldOn].sort();
  const rows: ScheduledReview[] = [];
  let due = calendar.addWorkingDays(lookedAfterSince, FIRST_REVIEW_WORKING_DAYS);
  for (let i = 0; i <= held.length; i++) {
    rows.push({ number: i + 1, dueOn: due, heldOn: held[i] ?? null });
    const from = held[i] ?? due;
    due = addMonths(from, i === 0 ? SECOND_REVIEW_MONTHS : LATER_REVIEW_MONTHS);
  }
  return rows;
}
