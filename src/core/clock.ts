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

/**
 * A clock that can be set (tests, and outside production an administrator through `setHubClock`,
 * so that a check from outside the process can step a day); it still ticks in real time from the
 * set point. Every date rule and job reads the hub's clock, so they all move with it.
 */
export class SettableClock implements Clock {
  private offsetMs = 0;
  setNow(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
  /** How far the clock is from real time (the hub's processes tell each other this). */
  get offset(): number {
    return this.offsetMs;
  }
  setOffset(ms: number): void {
    this.offsetMs = ms;
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
