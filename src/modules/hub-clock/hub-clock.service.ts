import { AuthorisedContext, HubContext } from "../../core/context";
import { badInput, forbidden } from "../../core/errors";
import { SettableClock } from "../../core/clock";
import { Channel, notify } from "../../core/notify/channels";

// The hub's clock, for checks and demonstrations from outside the process: outside production an
// administrator sets it (to a time, or on by days), every process of the hub follows (NOTIFY),
// and every job runs at once, so what became overdue is raised as it would be on that day. In
// production the clock is the system's and cannot be set: the attempt is refused and logged.

export interface HubClockView {
  now: Date;
  today: string;
  settable: boolean;
  offsetSeconds: number;
}

export function hubClock(ctx: HubContext): HubClockView {
  const clock = ctx.runtime.clock;
  const settable = clock instanceof SettableClock && ctx.runtime.config.mode !== "production";
  return { now: clock.now(), today: clock.today(), settable, offsetSeconds: clock instanceof SettableClock ? Math.round(clock.offset / 1000) : 0 };
}

export async function setHubClock(
  ctx: AuthorisedContext,
  change: { to?: Date | null; advanceDays?: number | null; reset?: boolean | null },
): Promise<HubClockView> {
  const clock = ctx.runtime.clock;
  if (!(clock instanceof SettableClock) || ctx.runtime.config.mode === "production") {
    ctx.logger.warn("refused: an attempt to set the hub's clock in production", { userId: ctx.principal.userId });
    throw forbidden("The hub's clock can be set only outside production");
  }
  const given = [change.to != null, change.advanceDays != null, !!change.reset].filter(Boolean).length;
  if (given !== 1) throw badInput("to", "Give one of: to, advanceDays, reset");
  let offset: number;
  if (change.reset) offset = 0;
  else if (change.to) offset = change.to.getTime() - Date.now();
  else offset = clock.offset + change.advanceDays! * 86_400_000;
  clock.setOffset(offset);
  ctx.logger.warn("the hub's clock was set", { userId: ctx.principal.userId, now: clock.now().toISOString() });
  // Every process, this one too, hears of it when this commits (server.ts); the one that runs
  // the jobs then runs them all on the new day.
  await notify(ctx.em, Channel.CLOCK_SET, String(offset));
  return hubClock(ctx);
}
