import { Column, Entity, PrimaryColumn } from "typeorm";
import { EntityManager } from "typeorm";
import { Calendar, LocalDate, addDays, makeDate } from "./calendar";

// The calendar module's working days, written into the database so that reports can count
// working days in SQL (national aggregates must not load every row into the hub). The table is
// derived: rebuilt from the Calendar (bank holidays and BANK_HOLIDAYS_EXTRA) at a start that
// finds it different.
@Entity()
export class CalendarDay {
  @PrimaryColumn({ type: "date" })
  day: LocalDate;

  @Column({ type: "boolean" })
  isWorkingDay: boolean;

  /** Working days from the table's first day up to and including this one. */
  @Column({ type: "int" })
  workingOrdinal: number;
}

export const CALENDAR_TABLE_YEARS = { from: 2000, to: 2050 };

export async function syncCalendarTable(em: EntityManager, calendar: Calendar): Promise<void> {
  await em.transaction(async (tx) => {
    const days: string[] = [];
    const working: boolean[] = [];
    const ordinals: number[] = [];
    let ordinal = 0;
    const last = makeDate(CALENDAR_TABLE_YEARS.to, 12, 31);
    for (let d = makeDate(CALENDAR_TABLE_YEARS.from, 1, 1); d <= last; d = addDays(d, 1)) {
      const w = calendar.isWorkingDay(d);
      if (w) ordinal++;
      days.push(d);
      working.push(w);
      ordinals.push(ordinal);
    }
    // Unchanged (the usual restart): leave the table alone, so that nothing derived from it
    // (the compliance rollup) has to be worked out again.
    const existing: { day: string; is_working_day: boolean; working_ordinal: number }[] = await tx.query(
      "SELECT to_char(day, 'YYYY-MM-DD') AS day, is_working_day, working_ordinal FROM calendar_day ORDER BY day",
    );
    const same =
      existing.length === days.length && existing.every((r, i) => r.day === days[i] && r.is_working_day === working[i] && r.working_ordinal === ordinals[i]);
    if (same) return;
    await tx.query("DELETE FROM calendar_day");
    await tx.query("INSERT INTO calendar_day (day, is_working_day, working_ordinal) SELECT * FROM unnest($1::date[], $2::boolean[], $3::int[])", [
      days,
      working,
      ordinals,
    ]);
  });
}
