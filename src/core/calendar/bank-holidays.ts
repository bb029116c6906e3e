import { LocalDate, addDays, dayOfWeek, makeDate } from "./local-date";

// England and Wales bank holidays, computed from the rules in the Banking and Financial
// Dealings Act 1971 and the annual royal proclamations, so the hub needs no yearly data load.
// Years where a proclamation moved or added a day are listed below; further one-off days
// (a future jubilee, a state funeral) are configured with BANK_HOLIDAYS_EXTRA.

/** Easter Sunday (Gregorian), anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return makeDate(year, month, day);
}

function firstMonday(year: number, month: number): LocalDate {
  const first = makeDate(year, month, 1);
  return addDays(first, (8 - dayOfWeek(first)) % 7);
}

function lastMonday(year: number, month: number): LocalDate {
  const last = makeDate(year, month + 1, 0);
  return addDays(last, -((dayOfWeek(last) + 6) % 7));
}

// Proclamations that moved a regular holiday to another day.
const MOVED: Record<string, LocalDate> = {
  "1995-early-may": "1995-05-08", // VE Day 50th anniversary
  "2002-spring": "2002-06-04", // Golden Jubilee
  "2012-spring": "2012-06-04", // Diamond Jubilee
  "2020-early-may": "2020-05-08", // VE Day 75th anniversary
  "2022-spring": "2022-06-02", // Platinum Jubilee
};

// Proclamations that added a day.
export const ONE_OFF_HOLIDAYS: readonly LocalDate[] = [
  "1999-12-31", // Millennium
  "2002-06-03", // Golden Jubilee
  "2011-04-29", // Royal wedding
  "2012-06-05", // Diamond Jubilee
  "2022-06-03", // Platinum Jubilee
  "2022-09-19", // State funeral of Queen Elizabeth II
  "2023-05-08", // Coronation of King Charles III
];

export function bankHolidays(year: number): LocalDate[] {
  const days: LocalDate[] = [];

  // New Year's Day: a weekend date is replaced by the following Monday.
  const newYear = makeDate(year, 1, 1);
  const nyDow = dayOfWeek(newYear);
  days.push(nyDow === 6 ? addDays(newYear, 2) : nyDow === 0 ? addDays(newYear, 1) : newYear);

  const easter = easterSunday(year);
  days.push(addDays(easter, -2), addDays(easter, 1));

  days.push(MOVED[`${year}-early-may`] ?? firstMonday(year, 5));
  days.push(MOVED[`${year}-spring`] ?? lastMonday(year, 5));
  days.push(lastMonday(year, 8));

  // Christmas and Boxing Day: a day that falls at a weekend is replaced by the next weekday
  // not already a holiday (Sat 25th -> Mon 27th and Tue 28th; Sun 25th -> Tue 27th).
  const christmas = makeDate(year, 12, 25);
  switch (dayOfWeek(christmas)) {
    case 5: // Fri 25, Sat 26 -> Mon 28
      days.push(christmas, makeDate(year, 12, 28));
      break;
    case 6: // Sat 25, Sun 26 -> Mon 27, Tue 28
      days.push(makeDate(year, 12, 27), makeDate(year, 12, 28));
      break;
    case 0: // Sun 25, Mon 26 -> Mon 26, Tue 27
      days.push(makeDate(year, 12, 26), makeDate(year, 12, 27));
      break;
    default:
      days.push(christmas, makeDate(year, 12, 26));
  }

  for (const d of ONE_OFF_HOLIDAYS) if (d.startsWith(`${year}-`)) days.push(d);
  return days.sort();
}
