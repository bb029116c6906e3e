// A calendar date with no time or zone ("YYYY-MM-DD"). Statutory deadlines count whole days in
// England, so dates travel as strings and arithmetic happens on UTC midnights, where no
// daylight-saving shift can move a day.
export type LocalDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== "string") return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export function toUtc(date: LocalDate): Date {
  if (!isLocalDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  return new Date(`${date}T00:00:00Z`);
}

export function fromUtc(d: Date): LocalDate {
  return d.toISOString().slice(0, 10);
}

export function makeDate(year: number, month: number, day: number): LocalDate {
  return fromUtc(new Date(Date.UTC(year, month - 1, day)));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtc(new Date(toUtc(date).getTime() + days * DAY_MS));
}

export function addWeeks(date: LocalDate, weeks: number): LocalDate {
  return addDays(date, weeks * 7);
}

// Calendar months, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb), which is
// how "within 6 months" is read: never later than the same day number, never overflowing.
export function addMonths(date: LocalDate, months: number): LocalDate {
  const d = toUtc(date);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return fromUtc(target);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY_MS);
}

/** 0 = Sunday ... 6 = Saturday */
export function dayOfWeek(date: LocalDate): number {
  return toUtc(date).getUTCDay();
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// "Today" is the date in England, not in UTC: between midnight and 1am BST they differ.
const ENGLAND = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

// Asked on every request: the date only changes on the minute, so one answer serves a minute.
let lastMinute = NaN;
let lastDate = "";

export function todayInEngland(now: Date = new Date()): LocalDate {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDate = ENGLAND.format(now);
    lastMinute = minute;
  }
  return lastDate;
}

const HOUR_IN_ENGLAND = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" });

/** The hour (0-23) on England's clocks. */
export function hourInEngland(now: Date = new Date()): number {
  return Number(HOUR_IN_ENGLAND.format(now));
}

const LONG = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" });

/** "Monday 7 December 2026", as GOV.UK writes dates. */
export function formatLongDate(date: LocalDate): string {
  return LONG.format(toUtc(date)).replace(",", "");
}
