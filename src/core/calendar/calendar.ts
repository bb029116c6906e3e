import { bankHolidays } from "./bank-holidays";
import { LocalDate, addDays, dayOfWeek, compareDates, isLocalDate } from "./local-date";

export * from "./local-date";

// The one place where the hub turns statutory timescales into dates. Every deadline (PLO
// timetable, paper acknowledgements, reviews, disputes) is computed here so that a rule is
// written, reviewed and tested once.
export class Calendar {
  private readonly extra: Set<LocalDate>;
  private readonly byYear = new Map<number, Set<LocalDate>>();

  constructor(extraHolidays: readonly LocalDate[] = []) {
    for (const d of extraHolidays) {
      if (!isLocalDate(d)) throw new RangeError(`extra bank holiday is not a date: ${d}`);
    }
    this.extra = new Set(extraHolidays);
  }

  bankHolidaysIn(year: number): Set<LocalDate> {
    let days = this.byYear.get(year);
    if (!days) {
      days = new Set(bankHolidays(year));
      for (const d of this.extra) if (d.startsWith(`${year}-`)) days.add(d);
      this.byYear.set(year, days);
    }
    return days;
  }

  isBankHoliday(date: LocalDate): boolean {
    return this.bankHolidaysIn(Number(date.slice(0, 4))).has(date);
  }

  isWorkingDay(date: LocalDate): boolean {
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6 && !this.isBankHoliday(date);
  }

  /** The date n working days after `date` (n < 0 counts back). The start day itself is not counted. */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    // Pages of cases ask the same questions again and again (each case's timetable on every
    // request): the answers never change for a calendar, so the recent ones are kept.
    const key = `${date}|${n}`;
    const known = this.shifted.get(key);
    if (known !== undefined) return known;
    const d = this.walkWorkingDays(date, n);
    if (this.shifted.size >= 50_000) this.shifted.clear();
    this.shifted.set(key, d);
    return d;
  }

  private readonly shifted = new Map<string, LocalDate>();

  private walkWorkingDays(date: LocalDate, n: number): LocalDate {
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let d = date;
    while (remaining > 0) {
      d = addDays(d, step);
      if (this.isWorkingDay(d)) remaining--;
    }
    return d;
  }

  /** Working days after `from` up to and including `to` (0 when to <= from). */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    let count = 0;
    for (let d = addDays(from, 1); compareDates(d, to) <= 0; d = addDays(d, 1)) {
      if (this.isWorkingDay(d)) count++;
    }
    return count;
  }

  /** The date itself when it is a working day, otherwise the next working day. */
  nextWorkingDayOnOrAfter(date: LocalDate): LocalDate {
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  /** The date itself when it is a working day, otherwise the previous working day. */
  workingDayOnOrBefore(date: LocalDate): LocalDate {
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, -1);
    return d;
  }

  /**
   * Day n of a timetable that counts the start as day 1 in working days, as the PLO does
   * ("day 12" from issue). A start on a non-working day makes the next working day day 1.
   */
  timetableDay(start: LocalDate, n: number): LocalDate {
    return this.addWorkingDays(this.nextWorkingDayOnOrAfter(start), n - 1);
  }
}
