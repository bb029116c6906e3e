import fs from "node:fs";
import WebSocket from "ws";
import { createClient, Client } from "graphql-ws";
import { openHubDataSource } from "../src/app";
import { BenchHub, percentile, seedNational } from "./support";
import { insertCaseEvent, EVERYONE_ON_THE_CASE } from "../src/core/events/events";
import { CaseEventKind } from "../src/core/events/case-event-kind";
import { todayInEngland } from "../src/core/calendar/calendar";
import { appointmentCaseAccess } from "../src/modules/appointments/appointments.module";
import { HubUser, principalOfUser } from "../src/modules/directory/directory.module";

// Subscribers spread over a national data set: every generated person holds a few connections
// (console tabs, devices), each subscribed to all their cases as the console is; events arrive
// at a steady rate on cases that have people on them, each about the case or its child. Every
// delivery is checked against who may see the event, worked out beforehand per person with the
// per-person access predicate (not with the audience query the hub uses to fan out).

export interface NationalOptions {
  subscribers: number;
  eventsPerSecond: number;
  seconds: number;
  childrenPerYear: number;
  years: number;
}

function procStatus(pid: number): { rssKb: number; cpuTicks: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return { rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)![1]), cpuTicks: Number(stat[11]) + Number(stat[12]) };
}

/** Waits until the hub has used under 5% of a core for a whole second (it has taken in every subscription). */
async function hubSettled(pid: number): Promise<void> {
  for (let last = procStatus(pid).cpuTicks; ;) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = procStatus(pid).cpuTicks;
    if (now - last <= 5) return; // clock ticks are 1/100 s
    last = now;
  }
}

export async function nationalFanOut(hub: BenchHub, o: NationalOptions) {
  const pid = hub.process.pid!;
  const ds = await openHubDataSource(hub.databaseUrl);
  const today = todayInEngland();
  await seedNational(ds, o.childrenPerYear, o.years);

  // The cases events happen on: open ones with someone appointed today, and their children.
  const targets: { case_id: string; child_id: string }[] = await ds.query(
    `SELECT DISTINCT ON (a.proceedings_id) a.proceedings_id AS case_id, a.child_id
       FROM appointment a WHERE a.user_id IS NOT NULL AND a.starts_on <= $1 AND (a.ends_on IS NULL OR a.ends_on >= $1)
      ORDER BY a.proceedings_id, random() LIMIT 500`,
    [today],
  );
  const caseIds = targets.map((t) => t.case_id);
  const childIds = targets.map((t) => t.child_id);

  // Who may see each target case and child, person by person (a few thousand queries).
  const people = (await ds.manager.find(HubUser)).filter((u) => u.subject.startsWith("nat-"));
  const seesCase = new Map<string, Set<string>>(); // case -> user ids
  const seesChild = new Map<string, Set<string>>();
  for (const user of people) {
    const principal = (await principalOfUser(ds.manager, user))!;
    const cases = appointmentCaseAccess.cases(principal, today, "p");
    for (const r of await ds
      .createQueryBuilder()
      .select("p.id", "id")
      .from("proceedings", "p")
      .where("p.id = ANY(:ids)", { ids: caseIds })
      .andWhere(cases.sql, cases.params)
      .getRawMany()) {
      if (!seesCase.has(r.id)) seesCase.set(r.id, new Set());
      seesCase.get(r.id)!.add(user.id);
    }
    const children = appointmentCaseAccess.childRecords(principal, today, "c", "p");
    for (const r of await ds
      .createQueryBuilder()
      .select("c.id", "id")
      .from("child", "c")
      .innerJoin("proceedings", "p", "p.id = c.proceedings_id")
      .where("c.id = ANY(:ids)", { ids: childIds })
      .andWhere(children.sql, children.params)
      .getRawMany()) {
      if (!seesChild.has(r.id)) seesChild.set(r.id, new Set());
      seesChild.get(r.id)!.add(user.id);
    }
  }

  // --- subscribers: every person a few times over, connected in waves ---
  const rssBefore = procStatus(pid).rssKb;
  const [{ cursor: start }] = await hub.gql(people[0].subject, "{ caseEventCursor }").then((r) => [{ cursor: r.data.caseEventCursor as string }]);
  const received: Map<string, number>[] = [];
  const holders: string[] = []; // user id per subscriber
  const clients: Client[] = [];
  let duplicates = 0;
  let errors = 0;
  const t0 = Date.now();
  const WAVE = 250;
  for (let from = 0; from < o.subscribers; from += WAVE) {
    const wave: Promise<void>[] = [];
    for (let i = from; i < Math.min(o.subscribers, from + WAVE); i++) {
      const person = people[i % people.length];
      const got = new Map<string, number>();
      received.push(got);
      holders.push(person.id);
      wave.push(
        new Promise<void>((connected) => {
          const client = createClient({
            url: hub.url.replace("http", "ws"),
            webSocketImpl: WebSocket,
            connectionParams: { authorization: `Bearer ${hub.token(person.subject)}` },
            retryAttempts: 0,
            lazy: false,
            on: { connected: () => connected() },
          });
          clients.push(client);
          client.subscribe(
            { query: `subscription($after: String) { caseEvents(after: $after) { subjectId } }`, variables: { after: start } },
            {
              next: (v: any) => {
                const id = v.data.caseEvents.subjectId;
                if (got.has(id)) duplicates++;
                else got.set(id, performance.now());
              },
              error: () => errors++,
              complete: () => undefined,
            },
          );
        }),
      );
    }
    await Promise.all(wave);
  }
  await hubSettled(pid);
  const connectMs = Date.now() - t0;
  const rssAfter = procStatus(pid).rssKb;

  // --- events at a steady rate, each in its own transaction ---
  const committedAt = new Map<string, number>();
  const expectedFor = new Map<string, Set<string>>(); // subject id -> user ids that may see it
  const writes: Promise<void>[] = [];
  const total = o.eventsPerSecond * o.seconds;
  const began = performance.now();
  for (let n = 0; n < total; n++) {
    const due = began + (n * 1000) / o.eventsPerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const target = targets[n % targets.length];
    const aboutChild = n % 2 === 0;
    const subjectId = crypto.randomUUID();
    expectedFor.set(subjectId, (aboutChild ? seesChild.get(target.child_id) : seesCase.get(target.case_id)) ?? new Set());
    writes.push(
      ds
        .transaction((em) =>
          insertCaseEvent(em, {
            kind: aboutChild ? CaseEventKind.CARE_PLAN_VERSION_RECORDED : CaseEventKind.HEARING_RECORDED,
            proceedingsId: target.case_id,
            childId: aboutChild ? target.child_id : null,
            subjectId,
            audience: EVERYONE_ON_THE_CASE,
          }),
        )
        .then(() => void committedAt.set(subjectId, performance.now())),
    );
  }
  await Promise.all(writes);
  const writeMs = performance.now() - began;

  let expected = 0;
  for (const holder of holders) for (const users of expectedFor.values()) if (users.has(holder)) expected++;
  const count = () => received.reduce((n, got) => n + [...got.keys()].filter((id) => committedAt.has(id)).length, 0);
  for (const until = Date.now() + 30_000; count() < expected && Date.now() < until;) await new Promise((r) => setTimeout(r, 200));

  const latencies: number[] = [];
  let unexpected = 0;
  received.forEach((got, i) => {
    for (const [id, at] of got) {
      if (!committedAt.has(id)) continue;
      if (!expectedFor.get(id)!.has(holders[i])) unexpected++;
      else latencies.push(at - committedAt.get(id)!);
    }
  });
  latencies.sort((a, b) => a - b);
  const result = {
    scenario: "national",
    subscribers: o.subscribers,
    people: people.length,
    eventsWritten: committedAt.size,
    eventsPerSecondAchieved: Math.round(committedAt.size / (writeMs / 1000)),
    connectAndSubscribeMs: connectMs, // until the hub was idle again
    deliveriesExpected: expected,
    deliveries: latencies.length,
    latencyMs: {
      p50: +percentile(latencies, 50).toFixed(1),
      p95: +percentile(latencies, 95).toFixed(1),
      p99: +percentile(latencies, 99).toFixed(1),
      max: latencies.length ? +latencies[latencies.length - 1].toFixed(1) : null,
    },
    eventsLost: expected - latencies.length,
    duplicates,
    deliveredToSomeoneNotEntitled: unexpected,
    subscriptionErrors: errors,
    hubRssMb: { before: Math.round(rssBefore / 1024), withSubscribers: Math.round(rssAfter / 1024) },
    hubKbPerConnection: +((rssAfter - rssBefore) / o.subscribers).toFixed(1),
  };
  await Promise.all(clients.map((c) => c.dispose()));
  await ds.destroy();
  return { result, ok: result.eventsLost === 0 && duplicates === 0 && unexpected === 0 && errors === 0 };
}
