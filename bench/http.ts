import "reflect-metadata";
import http from "node:http";
import { fork, ChildProcess } from "node:child_process";
import path from "node:path";
import { openHubDataSource } from "../src/app";
import { MY_CASES_BODY, freePort, percentile, post, seedNational, startBenchHub } from "./support";

// HTTP throughput and latency, side by side in one run: bare node:http answering the same JSON,
// Apollo Server 5 standalone with one trivial field (the floor of the framework the hub must
// use), and the hub (anonymous and signed-in trivial queries, `me`, and the README's myCases
// for a Cafcass manager on the national data set), 20 connections each; then myCases at a fixed
// 200 requests a second. Each server is its own process; the load comes from this one.
//
//   npm run bench:http -- [seconds=5] [childrenPerYear=25000] [years=4]
//   BENCH_ONLY=myCases HUB_NODE_ARGS=--cpu-prof npm run bench:http   (only the rows naming it, to profile one)

const [SECONDS = 5, PER_YEAR = 25_000, YEARS = 4] = process.argv.slice(2).map(Number);
const CONNECTIONS = 20;

interface Result {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p975: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });

function summarise(latencies: number[], errors: number, ms: number): Result {
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: Math.round((latencies.length / ms) * 1000),
    p50: +percentile(latencies, 50).toFixed(1),
    p975: +percentile(latencies, 97.5).toFixed(1),
  };
}

/** As fast as CONNECTIONS requests in flight allow, for SECONDS (after a one-second warm-up). */
async function closedLoop(url: string, body: string, headers: Record<string, string> = {}): Promise<Result> {
  const target = new URL(url);
  const run = async (ms: number) => {
    const latencies: number[] = [];
    let errors = 0;
    const end = performance.now() + ms;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < end) {
          const t = performance.now();
          errors += await post(target, body, headers, agent);
          latencies.push(performance.now() - t);
        }
      }),
    );
    return summarise(latencies, errors, ms);
  };
  await run(1000);
  return run(SECONDS * 1000);
}

/** A fixed rate, each request timed from when it was due (so a slow server cannot hide its queue). */
async function openLoop(url: string, body: string, headers: Record<string, string>, rate: number): Promise<Result & { achievedRps: number }> {
  const target = new URL(url);
  const latencies: number[] = [];
  let errors = 0;
  const total = rate * SECONDS;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      post(target, body, headers, agent).then((e) => {
        errors += e;
        latencies.push(performance.now() - due);
      }),
    );
  }
  await Promise.all(pending);
  const elapsed = performance.now() - start;
  const r = summarise(latencies, errors, elapsed);
  return { ...r, achievedRps: Math.round((total / elapsed) * 1000) };
}

function startChild(script: string, port: number): Promise<ChildProcess> {
  const child = fork(path.join(__dirname, script), [String(port)], { stdio: "inherit" });
  process.once("exit", () => child.kill("SIGKILL"));
  return new Promise((resolve) => child.once("message", () => resolve(child)));
}

async function main() {
  const barePort = await freePort();
  const apolloPort = await freePort();
  const bare = await startChild("http-bare-server.js", barePort);
  const apollo = await startChild("http-apollo-server.js", apolloPort);

  const hub = await startBenchHub({ LOG_LEVEL: "warn" });
  const ds = await openHubDataSource(hub.databaseUrl);
  const data = await seedNational(ds, PER_YEAR, YEARS);
  // Something the Cafcass manager can find: a case of their area, a child of it, its LA reference.
  const [sample]: { number: string; name: string; ref: string }[] = await ds.query(
    `SELECT p.court_case_number AS number, c.family_name AS name, c.la_reference AS ref
       FROM child c JOIN proceedings p ON p.id = c.proceedings_id JOIN organisation ct ON ct.id = p.court_id
       JOIN hub_user m ON m.organisation_id = ct.cafcass_area_id AND m.subject = $1
      ORDER BY p.issue_date LIMIT 1`,
    [data.firstArea.managerSubject],
  );
  await ds.destroy();

  const trivial = JSON.stringify({ query: "{ __typename }" });
  const me = JSON.stringify({ query: "{ me { user { id displayName } } }" });
  const myCases = MY_CASES_BODY;
  // A token lasting the whole run, as a client would hold one.
  const auth = (subject: string) => ({ authorization: `Bearer ${hub.token(subject)}` });
  const manager = auth(data.firstArea.managerSubject);

  const rows: [string, Result & { achievedRps?: number }][] = [];
  const only = process.env.BENCH_ONLY;
  const measure = async (name: string, f: () => Promise<Result & { achievedRps?: number }>) => {
    if (only && !name.includes(only)) return;
    const r = await f();
    rows.push([name, r]);
    process.stderr.write(`${name}: ${JSON.stringify(r)}\n`);
  };
  await measure("bare node:http, the same JSON", () => closedLoop(`http://127.0.0.1:${barePort}/graphql`, trivial));
  await measure("Apollo Server 5 standalone, one trivial field", () => closedLoop(`http://127.0.0.1:${apolloPort}/`, trivial));
  await measure("hub, anonymous { __typename }", () => closedLoop(hub.url, trivial));
  await measure("hub, signed in { __typename }", () => closedLoop(hub.url, trivial, manager));
  await measure("hub, { me { user { id displayName } } }", () => closedLoop(hub.url, me, manager));
  await measure("hub, README myCases(first: 10), Cafcass manager, national data", () => closedLoop(hub.url, myCases, manager));
  await measure("the same at a fixed 200 requests/s", () => openLoop(hub.url, myCases, manager, 200));
  // The console's search (issue 23: under 300 ms on the national data set), the same page shape.
  const search = (term: string) =>
    JSON.stringify({
      query: (JSON.parse(MY_CASES_BODY) as { query: string }).query
        .replace("myCases(first: 10)", "myCases(first: 20, search: $q)")
        .replace(/^\{/, "query($q: String) {"),
      variables: { q: term },
    });
  await measure(`hub, myCases search by case number (${sample.number})`, () => closedLoop(hub.url, search(sample.number), manager));
  await measure(`hub, myCases search by a child's family name (${sample.name})`, () => closedLoop(hub.url, search(sample.name), manager));
  await measure(`hub, myCases search by LA reference (${sample.ref})`, () => closedLoop(hub.url, search(sample.ref), manager));
  await measure("hub, myCases search matching nothing", () => closedLoop(hub.url, search("zzzz-nobody"), manager));

  const apolloRps = rows.find(([name]) => name.startsWith("Apollo"))?.[1].rps ?? NaN;
  console.log(`\nOn ${SECONDS} s per row, ${CONNECTIONS} connections (national data: ${PER_YEAR} children a year for ${YEARS} years)\n`);
  console.log("| what | requests/s | vs Apollo | p50 ms | p97.5 ms | errors |");
  console.log("|---|---|---|---|---|---|");
  for (const [name, r] of rows) {
    const rps = r.achievedRps !== undefined ? `${r.achievedRps} achieved` : String(r.rps);
    console.log(`| ${name} | ${rps} | ${r.achievedRps !== undefined ? "" : (r.rps / apolloRps).toFixed(2)} | ${r.p50} | ${r.p975} | ${r.errors} |`);
  }
  bare.kill();
  apollo.kill();
  await hub.stop();
  agent.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
