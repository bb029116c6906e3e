import "reflect-metadata";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { createClient } from "graphql-ws";
import { openDataSource } from "../src/core/db/data-source";
import { startEmbeddedPostgres } from "../src/core/db/embedded";
import { ensureDevIssuerKeys, signToken } from "../src/core/auth/dev-issuer";
import { recordCaseEvent } from "../src/core/events/events";
import { CaseEventKind } from "../src/core/events/case-event-kind";
import { Role } from "../src/core/access/roles";

// Subscription fan-out benchmark: N graphql-ws subscribers on one case, a burst of M committed
// changes, and the time from each commit being acknowledged to its writer until each
// subscriber has the event. The hub runs as its own process (`node dist/src/main.js`), as in
// production; the subscribers and the writer share this one.
//
//   npm run bench -- [subscribers=1000] [changes=200] [writers=4]

const [N = 1000, M = 200, W = 4] = process.argv.slice(2).map(Number);
const ROOT = path.resolve(__dirname, "../..");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-bench-"));
  fs.chmodSync(dataDir, 0o755); // PostgreSQL runs as its own OS user when we are root
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: await freePort(), persistent: false });
  await pg.createDatabase("bench");
  const databaseUrl = pg.url("bench");
  const port = await freePort();

  const nodeArgs = (process.env.HUB_NODE_ARGS ?? "").split(" ").filter(Boolean); // e.g. "--cpu-prof" to profile the hub
  const hub = spawn(process.execPath, [...nodeArgs, path.join(ROOT, "dist/src/main.js")], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", HUB_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 300) throw new Error("hub did not start");
    await new Promise((r) => setTimeout(r, 100));
  }

  const keys = ensureDevIssuerKeys(dataDir);
  const token = (sub: string) => signToken(keys, { issuer: "https://dev-issuer.proceedings-hub.local", audience: "proceedings-hub", subject: sub });
  const users = ["iro.alex", "guardian.grace", "court.clerk", "legal.lee", "sw.sam", "iromgr.morgan", "cafcass.casey"];

  const ds = await openDataSource(databaseUrl);
  const [{ id: caseId }] = await ds.query("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
  const feed = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token("court.clerk")}` },
    body: JSON.stringify({ query: `{ caseEventFeed(first: 100) { pageInfo { endCursor } } }` }),
  }).then((r) => r.json() as Promise<any>);
  let start: string | null = feed.data.caseEventFeed.pageInfo.endCursor;
  // Page to the end of the feed: subscribers resume from there, so none can miss the burst.
  for (;;) {
    const page: any = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token("court.clerk")}` },
      body: JSON.stringify({ query: `query($a: String) { caseEventFeed(first: 100, after: $a) { pageInfo { endCursor hasNextPage } } }`, variables: { a: start } }),
    }).then((r) => r.json());
    start = page.data.caseEventFeed.pageInfo.endCursor ?? start;
    if (!page.data.caseEventFeed.pageInfo.hasNextPage) break;
  }

  // --- subscribers ---
  const received: Map<string, number>[] = [];
  const clients = [];
  let duplicates = 0;
  const t0 = Date.now();
  for (let i = 0; i < N; i++) {
    const got = new Map<string, number>();
    received.push(got);
    const client = createClient({
      url: url.replace("http", "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token(users[i % users.length])}` },
      retryAttempts: 0,
      lazy: false,
    });
    clients.push(client);
    client.subscribe(
      {
        query: `subscription($id: ID, $after: String) { caseEvents(proceedingsId: $id, after: $after, kinds: [HEARING_RECORDED]) { subjectId } }`,
        variables: { id: caseId, after: start },
      },
      {
        next: (v: any) => {
          const id = v.data.caseEvents.subjectId;
          if (got.has(id)) duplicates++;
          else got.set(id, performance.now());
        },
        error: (e) => console.error("subscription error", e),
        complete: () => undefined,
      },
    );
  }
  await new Promise((r) => setTimeout(r, 2000 + N * 2));
  const connectMs = Date.now() - t0;

  // --- the burst: M changes from W concurrent writers, each its own transaction ---
  const committedAt = new Map<string, number>();
  let next = 0;
  const burstStart = performance.now();
  await Promise.all(
    Array.from({ length: W }, async () => {
      while (next < M) {
        next++;
        const subjectId = crypto.randomUUID();
        await ds.transaction((em) =>
          recordCaseEvent(em, {
            kind: CaseEventKind.HEARING_RECORDED,
            proceedingsId: caseId,
            subjectId,
            audience: [Role.LA_LEGAL, Role.SOCIAL_WORKER, Role.IRO, Role.IRO_MANAGER, Role.GUARDIAN, Role.CAFCASS_MANAGER, Role.COURT],
          }),
        );
        committedAt.set(subjectId, performance.now());
      }
    }),
  );
  const burstMs = performance.now() - burstStart;

  const expected = N * committedAt.size;
  const deadline = Date.now() + 60_000;
  const count = () => received.reduce((n, m) => n + m.size, 0);
  while (count() < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const allDeliveredMs = performance.now() - burstStart;

  const latencies: number[] = [];
  for (const got of received) for (const [id, at] of got) if (committedAt.has(id)) latencies.push(at - committedAt.get(id)!);
  latencies.sort((a, b) => a - b);
  const lost = expected - latencies.length;

  const result = {
    subscribers: N,
    changes: committedAt.size,
    writers: W,
    connectAndSubscribeMs: connectMs,
    burstCommitMs: Math.round(burstMs),
    allDeliveredMs: Math.round(allDeliveredMs),
    deliveries: latencies.length,
    latencyMs: {
      p50: +percentile(latencies, 50).toFixed(1),
      p95: +percentile(latencies, 95).toFixed(1),
      p99: +percentile(latencies, 99).toFixed(1),
      max: +latencies[latencies.length - 1].toFixed(1),
    },
    eventsLost: lost,
    duplicates,
  };
  console.log(JSON.stringify(result, null, 2));

  await Promise.all(clients.map((c) => c.dispose()));
  await ds.destroy();
  hub.kill("SIGTERM");
  await new Promise((r) => hub.once("exit", r));
  await pg.stop();
  process.exit(lost === 0 && duplicates === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
