import { Client } from "pg";
import { compareCursors } from "../../core/events/events";
import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";

const EVENTS = `subscription($id: ID, $after: String, $kinds: [CaseEventKind!]) {
  caseEvents(proceedingsId: $id, after: $after, kinds: $kinds) { cursor kind proceedingsId childId subjectId occurredAt } }`;
const APPOINT_IRO = `mutation($i: AppointPersonInput!) { appointIro(input: $i) { id } }`;
const HEARING = `mutation($i: RecordHearingInput!) { recordHearing(input: $i) { id } }`;
const FEED = `query($id: ID, $after: String, $first: Int!) { caseEventFeed(proceedingsId: $id, after: $after, first: $first) {
  edges { node { cursor kind subjectId } } pageInfo { hasNextPage endCursor } } }`;

async function feed(hub: TestHub, who: string, caseId: string, after: string | null = null, settle = true) {
  if (settle) await hub.eventsSettled();
  const nodes: any[] = [];
  for (;;) {
    const res: any = await hub.gql(who, FEED, { id: caseId, after, first: 100 });
    expect(res.errors).toBeUndefined();
    nodes.push(...res.data.caseEventFeed.edges.map((e: { node: unknown }) => e.node));
    after = res.data.caseEventFeed.pageInfo.endCursor;
    if (!res.data.caseEventFeed.pageInfo.hasNextPage) return { nodes, end: after };
  }
}

describe("case events: outbox, cursors and subscriptions", () => {
  let hub: TestHub;
  let caseA: string;
  let caseB: string;

  beforeAll(async () => {
    // No jobs: the events here are the tests' own (overdue ones raised at start would interleave).
    hub = await startTestHub({ jobs: false });
    [{ id: caseA }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    [{ id: caseB }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00057'");
  });
  afterAll(() => hub.stop());

  const recordHearing = async (who = DEMO_USERS.court, proceedingsId = caseA) => {
    const res = await hub.gql(who, HEARING, { i: { proceedingsId, type: "OTHER", date: hub.clock.today() } });
    expect(res.errors).toBeUndefined();
    return res.data.recordHearing.id as string;
  };

  it("every state change wrote its event in the same transaction", async () => {
    const { nodes } = await feed(hub, DEMO_USERS.iroManager, caseA);
    const kinds = nodes.map((n) => n.kind);
    expect(kinds[0]).toBe("PROCEEDINGS_REGISTERED");
    expect(kinds).toEqual(expect.arrayContaining(["HEARING_RECORDED", "APPOINTMENT_MADE", "PROTOCOL_NOTICE_SENT"]));
    // A refused write leaves no event behind.
    const before = (await feed(hub, DEMO_USERS.iroManager, caseA)).nodes.length;
    const bad = await hub.gql(DEMO_USERS.court, HEARING, { i: { proceedingsId: caseA, type: "OTHER", date: "2001-01-01" } });
    expect(codes(bad)).toEqual(["BAD_USER_INPUT"]);
    expect((await feed(hub, DEMO_USERS.iroManager, caseA)).nodes.length).toBe(before);
  });

  it("a subscriber that was away for 100 changes resumes with its cursor: exactly the missed ones, in order, then live", async () => {
    const { end: start } = await feed(hub, DEMO_USERS.iroAlex, caseA);
    const first = hub.subscribe(hub.ws(DEMO_USERS.iroAlex), EVENTS, { id: caseA, after: start });
    const before = await recordHearing();
    const [seen] = await first.waitFor(1);
    expect(seen.subjectId).toBe(before);
    first.stop();

    const missed: string[] = [];
    for (let i = 0; i < 100; i++) missed.push(await recordHearing());

    const resumed = hub.subscribe(hub.ws(DEMO_USERS.iroAlex), EVENTS, { id: caseA, after: seen.cursor });
    const replayed = await resumed.waitFor(100);
    expect(replayed.map((e) => e.subjectId)).toEqual(missed);
    const live = await recordHearing();
    const all = await resumed.waitFor(101);
    expect(all[100].subjectId).toBe(live);
    expect(new Set(all.map((e) => e.cursor)).size).toBe(101);
    resumed.stop();

    // The polling feed returns the same events with the same cursors.
    const polled = await feed(hub, DEMO_USERS.iroAlex, caseA, seen.cursor);
    expect(polled.nodes.map((n) => n.cursor)).toEqual(all.map((e) => e.cursor));
  });

  it("never passes over an event whose transaction commits late (the sequence-order trap)", async () => {
    const { end: start } = await feed(hub, DEMO_USERS.court, caseA);
    const sub = hub.subscribe(hub.ws(DEMO_USERS.court), EVENTS, { id: caseA, after: start });
    const late = new Client({ connectionString: hub.databaseUrl });
    await late.connect();
    try {
      // T1 takes the lower id and keeps its transaction open...
      await late.query("BEGIN");
      const [{ id: lateId, tx_id: lateTx }] = (
        await late.query(
          "INSERT INTO case_event (kind, proceedings_id, subject_id, audience) VALUES ('HEARING_RECORDED', $1, gen_random_uuid(), '{COURT}') RETURNING id, tx_id",
          [caseA],
        )
      ).rows;
      await late.query("SELECT pg_notify('hub_case_events', '')");
      // ...while T2 takes a higher id and commits first.
      const early = await recordHearing();
      const [{ id: earlyId }] = await hub.sql("SELECT id FROM case_event WHERE subject_id = $1", [early]);
      expect(BigInt(earlyId)).toBeGreaterThan(BigInt(lateId));

      // Nothing may be delivered past T1 while it is open (a reader taking id > cursor would
      // deliver T2 now and skip T1 forever). The hub looks again after T2's commit, and still
      // reads no further than before T1; a subscriber receives nothing the hub has not read.
      await hub.runtime.eventHub!.poll();
      expect(compareCursors(hub.runtime.eventHub!.highWater, { txId: BigInt(lateTx), id: BigInt(lateId) })).toBeLessThan(0);
      expect(sub.events).toEqual([]);
      expect((await feed(hub, DEMO_USERS.court, caseA, start, false)).nodes).toEqual([]);

      await late.query("COMMIT");
      const delivered = await sub.waitFor(2);
      expect(delivered.map((e) => e.subjectId)[1]).toBe(early);
      const [{ subject_id: lateSubject }] = await hub.sql("SELECT subject_id FROM case_event WHERE id = $1", [lateId]);
      expect(delivered[0].subjectId).toBe(lateSubject);
    } finally {
      await late.end();
      sub.stop();
    }
  });

  it("loses nothing under concurrent writers that commit in random order", async () => {
    const { end: start } = await feed(hub, DEMO_USERS.court, caseA);
    const sub = hub.subscribe(hub.ws(DEMO_USERS.court), EVENTS, { id: caseA, after: start });
    const writers = 8;
    const perWriter = 25;
    const written: string[] = [];
    await Promise.all(
      Array.from({ length: writers }, async () => {
        const c = new Client({ connectionString: hub.databaseUrl });
        await c.connect();
        for (let i = 0; i < perWriter; i++) {
          await c.query("BEGIN");
          const { rows } = await c.query(
            "INSERT INTO case_event (kind, proceedings_id, subject_id, audience) VALUES ('HEARING_RECORDED', $1, gen_random_uuid(), '{COURT}') RETURNING subject_id",
            [caseA],
          );
          await c.query("SELECT pg_notify('hub_case_events', '')");
          await new Promise((r) => setTimeout(r, Math.random() * 15));
          await c.query("COMMIT");
          written.push(rows[0].subject_id);
        }
        await c.end();
      }),
    );
    await sub.waitFor(writers * perWriter, 20_000);
    // One more event, written after them all: once it arrives, any repeat would have too.
    const last = await recordHearing();
    const got = await sub.waitUntil((e) => e.subjectId === last);
    expect(got.length).toBe(writers * perWriter + 1);
    expect(new Set(got.slice(0, -1).map((e) => e.subjectId))).toEqual(new Set(written));
    sub.stop();
  });

  it("events committed through one hub process reach subscribers of another", async () => {
    const other = await startTestHub({ attachTo: hub, jobs: false });
    try {
      const { end: start } = await feed(hub, DEMO_USERS.guardianGrace, caseA);
      const onOther = other.subscribe(other.ws(DEMO_USERS.guardianGrace), EVENTS, { id: caseA, after: start });
      const liveOnly = other.subscribe(other.ws(DEMO_USERS.guardianGrace), EVENTS, { id: caseA });
      await other.streamsOpen(2);
      const hearing = await recordHearing(); // through the first process
      expect((await onOther.waitFor(1))[0].subjectId).toBe(hearing);
      expect((await liveOnly.waitFor(1))[0].subjectId).toBe(hearing);
      onOther.stop();
      liveOnly.stop();
      // Stopped subscriptions leave nothing running in the process.
      await other.streamsOpen(0);
    } finally {
      await other.stop();
    }
  });

  it("subscribers asking the same question share each event's result; a variable under the field is a question of its own", async () => {
    const SHAPED = `subscription($id: ID, $after: String, $withKind: Boolean!) {
      caseEvents(proceedingsId: $id, after: $after, kinds: [HEARING_RECORDED]) { subjectId kind @include(if: $withKind) } }`;
    const start = await hub.feedEnd(DEMO_USERS.court);
    const withKind = [DEMO_USERS.iroAlex, DEMO_USERS.court].map((who) => hub.subscribe(hub.ws(who), SHAPED, { id: caseA, after: start, withKind: true }));
    const without = hub.subscribe(hub.ws(DEMO_USERS.guardianGrace), SHAPED, { id: caseA, after: start, withKind: false });
    const leaving = hub.subscribe(hub.ws(DEMO_USERS.legal), SHAPED, { id: caseA, after: start, withKind: true });
    await hub.streamsOpen(4);

    // A burst: written together, delivered in order to each.
    const burst = await Promise.all([recordHearing(), recordHearing(), recordHearing()]);
    await hub.eventsSettled();
    for (const sub of [...withKind, without, leaving]) await sub.waitFor(3);
    const order = withKind[0].events.map((e) => e.subjectId);
    expect([...order].sort()).toEqual([...burst].sort());
    for (const sub of withKind) expect(sub.events).toEqual(order.map((subjectId) => ({ subjectId, kind: "HEARING_RECORDED" })));
    expect(without.events).toEqual(order.map((subjectId) => ({ subjectId })));

    // One leaves: the others go on, and its stream is closed.
    leaving.stop();
    await hub.streamsOpen(3);
    const after = await recordHearing();
    for (const sub of [...withKind, without]) await sub.waitFor(4);
    expect(without.events[3]).toEqual({ subjectId: after });
    expect(leaving.events).toHaveLength(3);
    for (const sub of [...withKind, without]) {
      expect(sub.errors).toEqual([]);
      sub.stop();
    }
    await hub.streamsOpen(0);
  });

  it("authorises at subscription and for every event: someone taken off the case stops receiving", async () => {
    const FOREIGN = hub.subscribe(hub.ws(DEMO_USERS.guardianGrace), EVENTS, { id: caseB });
    await expect(FOREIGN.waitFor(1)).rejects.toMatchObject({ errors: [expect.objectContaining({ extensions: { code: "NOT_FOUND" } })] });

    // Alex also reviews the child in the other case, so that a hearing there can show how far
    // his stream has read.
    const [{ id: childB }] = await hub.sql("SELECT id FROM child WHERE proceedings_id = $1 LIMIT 1", [caseB]);
    const alexId = await hub.userId(DEMO_USERS.iroAlex);
    expect((await hub.gql(DEMO_USERS.iroManager, APPOINT_IRO, { i: { childId: childB, userId: alexId, startsOn: hub.clock.today() } })).errors).toBeUndefined();
    const { end: start } = await feed(hub, DEMO_USERS.iroAlex, caseA);
    const alex = hub.subscribe(hub.ws(DEMO_USERS.iroAlex), EVENTS, { after: start, kinds: ["HEARING_RECORDED"] });
    const h1 = await recordHearing();
    expect((await alex.waitFor(1))[0].subjectId).toBe(h1);

    // The IRO manager replaces Alex with Bea on both children from today.
    const bea = await hub.userId(DEMO_USERS.iroBea);
    for (const { id } of await hub.sql("SELECT id FROM child WHERE proceedings_id = $1", [caseA])) {
      const res = await hub.gql(DEMO_USERS.iroManager, APPOINT_IRO, { i: { childId: id, userId: bea, startsOn: hub.clock.today() } });
      expect(res.errors).toBeUndefined();
    }
    const beaSub = hub.subscribe(hub.ws(DEMO_USERS.iroBea), EVENTS, { after: start, kinds: ["HEARING_RECORDED"] });
    const h2 = await recordHearing();
    expect((await beaSub.waitFor(2)).map((e) => e.subjectId)).toEqual([h1, h2]);
    const onB = await recordHearing(DEMO_USERS.court, caseB);
    expect((await alex.waitUntil((e) => e.subjectId === onB)).map((e) => e.subjectId)).toEqual([h1, onB]);
    alex.stop();
    beaSub.stop();
  });

  it("delivers only the kinds a role may receive (no significant events to the court)", async () => {
    const { end: start } = await feed(hub, DEMO_USERS.court, caseA);
    const court = hub.subscribe(hub.ws(DEMO_USERS.court), EVENTS, { id: caseA, after: start });
    const sw = hub.subscribe(hub.ws(DEMO_USERS.socialWorker), EVENTS, { id: caseA, after: start });
    const [{ id: child }] = await hub.sql("SELECT id FROM child WHERE proceedings_id = $1 LIMIT 1", [caseA]);
    const sig = await hub.gql(DEMO_USERS.socialWorker, `mutation($i: RecordSignificantEventInput!) { recordSignificantEvent(input: $i) { id } }`, {
      i: { childId: child, kind: "MISSING_FROM_PLACEMENT", occurredOn: hub.clock.today(), summary: "Missing overnight", changesPlan: false },
    });
    expect(sig.errors).toBeUndefined();
    const h = await recordHearing();
    expect((await sw.waitFor(2)).map((e) => e.kind)).toEqual(["SIGNIFICANT_EVENT_RECORDED", "HEARING_RECORDED"]);
    const after = await recordHearing();
    expect((await court.waitUntil((e) => e.subjectId === after)).map((e) => e.subjectId)).toEqual([h, after]);
    court.stop();
    sw.stop();
  });

  it("refuses an unauthenticated subscription and a forged cursor", async () => {
    const res = await hub.gql(null, `{ caseEventFeed(first: 5) { edges { cursor } } }`);
    expect(codes(res)).toEqual(["UNAUTHENTICATED"]);
    const bad = hub.subscribe(hub.ws(DEMO_USERS.court), EVENTS, { id: caseA, after: "not-a-cursor" });
    await expect(bad.waitFor(1)).rejects.toMatchObject({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) })],
    });
  });
});

describe("the cursor at the end of the stream", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it("lets a client subscribe from now and miss nothing written after it asked", async () => {
    const [{ id: caseId, issue_date: issued }] = await hub.sql("SELECT id, issue_date::text FROM proceedings WHERE court_case_number = 'NS26C00041'");
    // The cursor is the end of what this process has read: everything final is read first, or
    // an earlier test's last event, read a moment later, would (rightly) come after it too.
    await hub.eventsSettled();
    const now = (await hub.gql(DEMO_USERS.court, "{ caseEventCursor }")).data.caseEventCursor;
    // Written before the subscription starts, but after the cursor was taken: still delivered.
    const early = await hub.gql(DEMO_USERS.court, HEARING, { i: { proceedingsId: caseId, type: "OTHER", date: issued } });
    const sub = hub.subscribe(hub.ws(DEMO_USERS.court), EVENTS, { after: now });
    const late = await hub.gql(DEMO_USERS.court, HEARING, { i: { proceedingsId: caseId, type: "OTHER", date: issued } });
    const events = await sub.waitFor(2);
    expect(events.filter((e) => e.kind === "HEARING_RECORDED").map((e) => e.subjectId)).toEqual([early.data.recordHearing.id, late.data.recordHearing.id]);
    sub.stop();
  });

  it("pages one child's events", async () => {
    const [amber] = await hub.sql("SELECT id FROM child WHERE given_name = 'Amber'");
    const res = await hub.gql(DEMO_USERS.iroAlex, `query($c: ID) { caseEventFeed(childId: $c, first: 100) { edges { node { childId kind } } } }`, {
      c: amber.id,
    });
    expect(res.errors).toBeUndefined();
    const nodes = res.data.caseEventFeed.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n: any) => n.childId === amber.id)).toBe(true);
    expect(
      codes(await hub.gql(DEMO_USERS.iroBea, `query($c: ID) { caseEventFeed(childId: $c, first: 10) { edges { node { kind } } } }`, { c: amber.id })),
    ).toEqual(["NOT_FOUND"]);
  });
});
