import "reflect-metadata";
import WebSocket from "ws";
import { createClient } from "graphql-ws";
import { openHubDataSource } from "../src/app";
import { BenchHub, percentile, startBenchHub } from "./support";
import { insertCaseEvent } from "../src/core/events/events";
import { CaseEventKind } from "../src/core/events/case-event-kind";
import { Role } from "../src/core/access/roles";
import { nationalFanOut } from "./subscriptions-national";

// Subscription fan-out benchmarks. The hub runs as its own process (`node dist/src/main.js`),
// as in production; the subscribers and the writers share this one.
//
//   npm run bench                      both scenarios below, each on its own hub
//   npm run bench -- burst [subscribers=1000] [changes=200] [writers=4]
//       N graphql-ws subscribers on one case, a burst of M committed changes from W writers:
//       the time from each commit being acknowledged to its writer until each subscriber has it
//   npm run bench -- national [subscribers=10000] [eventsPerSecond=100] [seconds=60] [childrenPerYear=25000] [years=4]
//       subscribers spread over the national data set's people, events at a steady rate on
//       cases with people on them (see subscriptions-national.ts)

const args = process.argv.slice(2);
const mode = /^\d/.test(args[0] ?? "") ? "burst" : (args.shift() ?? "both");
const numbers = args.map(Number);

async function burst(hub: BenchHub, N: number, M: number, W: number) {
  const { url, databaseUrl, token } = hub;
  const users = ["iro.alex", "guardian.grace", "court.clerk", "legal.lee", "sw.sam", "iromgr.morgan", "cafcass.casey"];

  const ds = await openHubDataSource(databaseUrl);
  const [{ id: caseId }] = await ds.query("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
  // Subscribers resume from the end of the feed, so none can miss the burst.
  let start: string | null = null;
  for (;;) {
    const page = await hub.gql("court.clerk", `query($a: String) { caseEventFeed(first: 100, after: $a) { pageInfo { endCursor hasNextPage } } }`, {
      a: start,
    });
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
  // Every subscription is live once each subscriber has had a first event: the measured burst
  // starts only then, so it is not queued behind the hub still accepting subscriptions.
  const writeEvent = (subjectId: string) =>
    ds.transaction((em) =>
      insertCaseEvent(em, {
        kind: CaseEventKind.HEARING_RECORDED,
        proceedingsId: caseId,
        subjectId,
        audience: [Role.LA_LEGAL, Role.SOCIAL_WORKER, Role.IRO, Role.IRO_MANAGER, Role.GUARDIAN, Role.CAFCASS_MANAGER, Role.COURT],
      }),
    );
  const warmUp = crypto.randomUUID();
  await writeEvent(warmUp);
  const live = () => received.filter((got) => got.has(warmUp)).length;
  for (const until = Date.now() + 120_000; live() < N && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
  if (live() < N) throw new Error(`only ${live()} of ${N} subscriptions became live`);
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
        await writeEvent(subjectId);
        committedAt.set(subjectId, performance.now());
      }
    }),
  );
  const burstMs = performance.now() - burstStart;

  const expected = N * committedAt.size;
  const deadline = Date.now() + 60_000;
  const count = () => received.reduce((n, m) => n + m.size, 0);
  while (count() < expected + N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const allDeliveredMs = performance.now() - burstStart;

  const latencies: number[] = [];
  for (const got of received) for (const [id, at] of got) if (committedAt.has(id)) latencies.push(at - committedAt.get(id)!);
  latencies.sort((a, b) => a - b);
  const lost = expected - latencies.length;

  const result = {
    scenario: "burst",
    subscribers: N,
    changes: committedAt.size,
    writers: W,
    connectAndSubscribeMs: connectMs, // until every subscription has had a first event
    burstCommitMs: Math.round(burstMs),
    allDeliveredMs: Math.round(allDeliveredMs),
    deliveries: latencies.length,
    deliveriesPerSecond: Math.round(latencies.length / (allDeliveredMs / 1000)),
    latencyMs: {
      p50: +percentile(latencies, 50).toFixed(1),
      p95: +percentile(latencies, 95).toFixed(1),
      p99: +percentile(latencies, 99).toFixed(1),
      max: +latencies[latencies.length - 1].toFixed(1),
    },
    eventsLost: lost,
    duplicates,
  };
  await Promise.all(clients.map((c) => c.dispose()));
  await ds.destroy();
  return { result, ok: lost === 0 && duplicates === 0 };
}

async function main() {
  let ok = true;
  if (mode === "burst" || mode === "both") {
    const [N = 1000, M = 200, W = 4] = numbers;
    const hub = await startBenchHub();
    const run = await burst(hub, N, M, W);
    console.log(JSON.stringify(run.result, null, 2));
    ok &&= run.ok;
    await hub.stop();
  }
  if (mode === "national" || mode === "both") {
    const [subscribers = 10_000, eventsPerSecond = 100, seconds = 60, childrenPerYear = 25_000, years = 4] = numbers;
    const hub = await startBenchHub();
    const run = await nationalFanOut(hub, { subscribers, eventsPerSecond, seconds, childrenPerYear, years });
    console.log(JSON.stringify(run.result, null, 2));
    ok &&= run.ok;
    await hub.stop();
  }
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
