import { LocalDate, todayInEngland } from "./calendar/calendar";

// Time is injected, so that deadline behaviour can be tested at any date through the API.
export interface Clock {
  now(): Date;
  today(): LocalDate;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => todayInEngland(),
};

/** A clock tests can set; it still ticks in real time from the set point. */
export class SettableClock implements Clock {
  private offsetMs = 0;
  setNow(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
  setToday(date: LocalDate): void {
    this.setNow(new Date(`${date}T12:00:00Z`));
  }
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  today(): LocalDate {
    return todayInEngland(this.now());
  }
}
