import { Calendar, LocalDate, addWeeks, daysBetween } from "./calendar";

// Statutory and product timescales, named in the domain's own words. Each rule states its
// source; the arithmetic itself is the Calendar's.

/** Children Act 1989 s32(1)(a): proceedings to finish within 26 weeks of issue, plus extensions. */
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
export function guardianWindowEnds(orderDate: LocalDate, weeks: number): LocalDate {
  return addWeeks(orderDate, weeks);
}

export interface ProceedingsTimetable {
  twentySixWeekDate: LocalDate;
  extensionWeeks: number;
  finalHearingDueDate: LocalDate;
  cmhDueDate: LocalDate;
  advocatesMeetingDueDate: LocalDate;
  weeksRunning: number;
}

export function proceedingsTimetable(
  calendar: Calendar,
  issueDate: LocalDate,
  extensionWeeks: number,
  today: LocalDate,
): ProceedingsTimetable {
  const twentySixWeekDate = addWeeks(issueDate, PROCEEDINGS_WEEKS);
  const cmhDueDate = calendar.timetableDay(issueDate, CMH_TIMETABLE_DAY);
  return {
    twentySixWeekDate,
    extensionWeeks,
    finalHearingDueDate: addWeeks(twentySixWeekDate, extensionWeeks),
    cmhDueDate,
    advocatesMeetingDueDate: calendar.addWorkingDays(cmhDueDate, -ADVOCATES_MEETING_WORKING_DAYS_BEFORE_CMH),
    weeksRunning: Math.max(0, Math.floor(daysBetween(issueDate, today) / 7)),
  };
}
