import "reflect-metadata";
import { execSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { Client } from "pg";
import { openHubDataSource } from "../src/app";
import { MY_CASES_BODY, post, seedNational, startBenchHub } from "./support";

// What one request costs in CPU, the hub's and PostgreSQL's, read from /proc around a run of
// requests: a figure that does not move with the machine's other load the way throughput does.
//
//   npm run bench:cost -- [requests=1000] [childrenPerYear=25000] [years=4]

const [REQUESTS = 1000, PER_YEAR = 25_000, YEARS = 4] = process.argv.slice(2).map(Number);
const CONCURRENCY = 10;
const TICK_MS = 1000 / Number(execSync("getconf CLK_TCK").toString().trim() || 100); // /proc counts in clock ticks

function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
  } catch {
    return 0; // the process has gone
  }
}

async function main() {
  const hub = await startBenchHub({ LOG_LEVEL: "warn" });
  const ds = await openHubDataSource(hub.databaseUrl);
  const data = await seedNational(ds, PER_YEAR, YEARS);
  await ds.destroy();
  const pg = new Client({ connectionString: hub.databaseUrl });
  await pg.connect();
  const backends = async () =>
    (await pg.query("SELECT pid FROM pg_stat_activity WHERE application_name = 'proceedings-hub'")).rows.map((r: { pid: number }) => r.pid);

  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const headers = { authorization: `Bearer ${hub.token(data.firstArea.managerSubject)}` };
  const one = async () => {
    if (await post(hub.url, MY_CASES_BODY, headers, agent)) throw new Error("a case list request failed");
  };
  const run = async (n: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < n) await one();
      }),
    );
  };

  await run(200); // warm: the hub's code, its pool's connections, PostgreSQL's caches
  const pids = await backends();
  const hubBefore = cpuMs(hub.process.pid!);
  const pgBefore = pids.map(cpuMs);
  const started = Date.now();
  await run(REQUESTS);
  const elapsed = Date.now() - started;
  const hubMs = cpuMs(hub.process.pid!) - hubBefore;
  // A connection closed meanwhile reads as 0 and is left out (the pool keeps its connections, so
  // this is rare). PostgreSQL's parallel workers are processes of their own and not counted:
  // the case list's statements are too small to be given any.
  const pgMs = pids.map(cpuMs).reduce((sum, ms, i) => sum + (ms > 0 ? ms - pgBefore[i] : 0), 0);
  console.log(
    `myCases(first: 10), Cafcass manager, ${REQUESTS} requests, ${CONCURRENCY} at a time: hub ${(hubMs / REQUESTS).toFixed(2)} ms CPU a request, PostgreSQL ${(pgMs / REQUESTS).toFixed(2)} ms (${pids.length} connections), ${Math.round((REQUESTS / elapsed) * 1000)} requests/s`,
  );
  await pg.end();
  agent.destroy();
  await hub.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
