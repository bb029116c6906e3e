import { createContext, HubRuntime } from "./context";

// The one scheduler for the modules' background jobs (module.ts: BackgroundJob). Every hub
// process runs them; each job is safe to repeat and to run in several processes at once (the
// overdue notices, for one, are raised once through a unique key).

export interface Scheduler {
  stop(): void;
  /** Runs every job once now (the clock was set: what is overdue may have changed). */
  runNow(): void;
}

export function startJobs(runtime: HubRuntime): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<string>();
  const runs: (() => Promise<void>)[] = [];
  for (const module of runtime.modules) {
    for (const job of module.jobs ?? []) {
      const run = async () => {
        // A slow run is not overtaken by the next tick of the same job.
        if (running.has(job.name)) return;
        running.add(job.name);
        try {
          const done = await job.run(createContext(runtime, null, "http", `job-${module.name}`));
          if (typeof done === "number" && done > 0) runtime.logger.info("background job did work", { job: job.name, count: done });
        } catch (err) {
          runtime.logger.warn("background job failed", { job: job.name, error: String(err) });
        } finally {
          running.delete(job.name);
        }
      };
      runs.push(run);
      if (job.atStart) void run();
      const timer = setInterval(run, job.everyMs(runtime.config));
      // Jobs never keep the process alive on their own: shutdown is main.ts's decision.
      timer.unref();
      timers.push(timer);
    }
  }
  return {
    stop() {
      timers.forEach(clearInterval);
    },
    runNow() {
      for (const run of runs) void run();
    },
  };
}

const MAX_BACKOFF_MS = 60 * 60_000;

/** How long to wait after `failures` failed attempts in a row: doubling from the base, at most an hour. */
export function backoffMs(baseMs: number, failures: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);
}

/** The next attempt's time for a TypeORM update, on the database's clock (the jobs' leases use it too). */
export function retryAt(baseMs: number, failures: number): () => string {
  return () => `now() + make_interval(secs => ${backoffMs(baseMs, failures) / 1000})`;
}
