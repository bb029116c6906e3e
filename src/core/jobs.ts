import { Client } from "pg";
import { createContext, HubRuntime } from "./context";

// The one scheduler for the modules' background jobs (module.ts: BackgroundJob). However many hub
// processes serve one database, one of them runs the jobs: the leader, the process holding a
// PostgreSQL advisory lock on a connection of its own. The lock goes with the connection, so a
// leader that dies (even by SIGKILL) hands over to whichever process asks next. Each job stays
// safe to repeat (a handover may repeat a run: overdue notices, for one, are raised once through
// a unique key). A new leader runs every job at once: what fell due while no one led is not left
// waiting for the first interval.

export interface Scheduler {
  stop(): Promise<void>;
  /** Runs every job once now (the clock was set: what is overdue may have changed); only the leader does. */
  runNow(): void;
  /** Whether this process leads (for tests and the metrics). */
  leading(): boolean;
}

/** "PH-JOBS" as a number: the advisory lock every hub process of one database asks for. */
const JOBS_LOCK = 0x50482d4a4f4253n;

export function startJobs(runtime: HubRuntime): Scheduler {
  const { logger, config } = runtime;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<string>();
  const runs: (() => Promise<void>)[] = [];
  const intervals: [() => Promise<void>, number][] = [];
  for (const module of runtime.modules) {
    for (const job of module.jobs ?? []) {
      const run = async () => {
        // A slow run is not overtaken by the next tick of the same job.
        if (running.has(job.name) || !leader) return;
        running.add(job.name);
        const started = Date.now();
        try {
          const done = await job.run(createContext(runtime, null, "http", `job-${module.name}`));
          if (typeof done === "number" && done > 0) logger.info("background job did work", { job: job.name, count: done });
          runtime.metrics?.jobRun(job.name, "ok", Date.now() - started);
        } catch (err) {
          logger.warn("background job failed", { job: job.name, error: String(err) });
          runtime.metrics?.jobRun(job.name, "failed", Date.now() - started);
        } finally {
          running.delete(job.name);
        }
      };
      runs.push(run);
      intervals.push([run, job.everyMs(config)]);
    }
  }

  let leader = false;
  let stopped = false;
  let client: Client | null = null;
  let retry: NodeJS.Timeout | undefined;

  const lead = () => {
    leader = true;
    logger.info("this process runs the background jobs", { jobs: runs.length });
    for (const [run, every] of intervals) {
      void run();
      const timer = setInterval(run, every);
      // Jobs never keep the process alive on their own: shutdown is main.ts's decision.
      timer.unref();
      timers.push(timer);
    }
  };
  const follow = (why: string) => {
    if (leader) logger.warn("this process no longer runs the background jobs", { why });
    leader = false;
    timers.splice(0).forEach(clearInterval);
    const c = client;
    client = null;
    c?.end().catch(() => undefined);
    if (!stopped) {
      retry = setTimeout(() => void tryToLead(), config.jobLeaderRetryMs);
      retry.unref();
    }
  };
  const tryToLead = async () => {
    if (stopped || client) return;
    const c = new Client({ connectionString: runtime.databaseUrl, application_name: "proceedings-hub jobs" });
    // A lost connection is a lost lock: stop at once, and ask again.
    c.on("error", (err) => client === c && follow(String(err)));
    c.on("end", () => client === c && follow("connection ended"));
    client = c;
    try {
      await c.connect();
      const [row] = (await c.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [JOBS_LOCK.toString()])).rows;
      if (stopped) {
        await c.end();
        return;
      }
      if (row.locked) lead();
      else {
        // Another process leads: keep no connection open while waiting.
        client = null;
        await c.end();
        retry = setTimeout(() => void tryToLead(), config.jobLeaderRetryMs);
        retry.unref();
      }
    } catch (err) {
      if (client === c) follow(String(err));
    }
  };
  void tryToLead();

  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      timers.splice(0).forEach(clearInterval);
      leader = false;
      const c = client;
      client = null;
      // Ending the connection releases the lock: another process takes over at its next try.
      await c?.end().catch(() => undefined);
    },
    runNow() {
      for (const run of runs) void run();
    },
    leading: () => leader,
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
