import "reflect-metadata";
import { auditKeyFrom, generateAuditKeyPem } from "../src/core/audit/audit-key";
import os from "node:os";
import path from "node:path";
import { MODULES, openHubDataSource } from "../src/app";
import { Calendar } from "../src/core/calendar/calendar";
import { systemContext, HubRuntime } from "../src/core/context";
import { loadConfig } from "../src/core/config";
import { QueryCounter } from "../src/core/db/data-source";
import { createLogger } from "../src/core/logger";
import { FileSystemStorage } from "../src/core/storage/fs-storage";
import { SettableClock } from "../src/core/clock";
import { seedNational, startBenchHub } from "./support";

// The periodic deadline jobs on the national data set: each module's job run as the hub runs
// it, timed, with the SQL statements it sent counted; then run again at once (nothing new is
// overdue: the steady state).
//
//   npm run bench:jobs -- [childrenPerYear=25000] [years=4]

const [PER_YEAR = 25_000, YEARS = 4] = process.argv.slice(2).map(Number);

async function main() {
  // A migrated database with the national data set; the hub process's own overdue jobs first run
  // after OVERDUE_CHECK_INTERVAL_MS, long after this benchmark.
  const hub = await startBenchHub({ SEED_DEMO: "false", OVERDUE_CHECK_INTERVAL_MS: String(24 * 3600_000) });
  const counter = new QueryCounter();
  const dataSource = await openHubDataSource(hub.databaseUrl, counter);
  const config = { ...loadConfig({}), logLevel: "silent" as const };
  const calendar = new Calendar(config.extraBankHolidays);
  await seedNational(dataSource, PER_YEAR, YEARS);
  const [{ children }] = await dataSource.query("SELECT count(*)::int AS children FROM child");
  const runtime: HubRuntime = {
    config,
    databaseUrl: hub.databaseUrl,
    dataSource,
    logger: createLogger("silent"),
    calendar,
    clock: new SettableClock(),
    modules: MODULES,
    storage: new FileSystemStorage(path.join(os.tmpdir(), "hub-bench-jobs-storage")),
    auditKey: auditKeyFrom(generateAuditKeyPem()),
  };
  const overdueJobs = MODULES.flatMap((m) => (m.jobs ?? []).filter((j) => j.name.startsWith("overdue")));
  const rows = [];
  for (const job of overdueJobs) {
    for (const pass of ["first run", "again at once"]) {
      counter.count = 0;
      const t = performance.now();
      const raised = await job.run(systemContext(runtime, null));
      rows.push({ job: job.name, pass, seconds: +((performance.now() - t) / 1000).toFixed(2), sqlStatements: counter.count, raised });
      process.stderr.write(`${JSON.stringify(rows[rows.length - 1])}\n`);
    }
  }
  console.log(JSON.stringify({ children, jobs: rows }, null, 2));
  await dataSource.destroy();
  await hub.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
