import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { createClient, Client as WsClient } from "graphql-ws";
import { Client } from "pg";
import { cloneDatabase, startTestHub, TestHub, DEMO_USERS, ISSUER, AUDIENCE, codes } from "./support/test-hub";
import { ROOT, HubProcess, eventually, freePort, spawnHub } from "./support/hub-process";
import { readDevIssuerKeys, signToken } from "../src/core/auth/dev-issuer";
import { startEmbeddedPostgres, EmbeddedDatabase } from "../src/core/db/embedded";
import { openHubDataSource } from "../src/app";
import { compareCursors, decodeEventCursor } from "../src/core/events/events";

// Faults the hub must survive, made for real: a hub process killed with SIGKILL mid-burst and
// mid-upload, and its database restarted under it.

const CASE_EVENTS = `subscription($id: ID, $after: String) { caseEvents(proceedingsId: $id, after: $after, kinds: [HEARING_RECORDED]) { cursor subjectId } }`;
const RECORD_HEARING = `mutation($i: RecordHearingInput!) { recordHearing(input: $i) { id } }`;
const READ_CASES = `{ myCases(first: 20) { edges { node { id courtCaseNumber children { givenName parties { role person { displayName } } } hearings { date } } } } }`;

/** A subscriber that reconnects after any failure and resumes from the last cursor it handled. */
function resilientSubscriber(wsUrl: () => string, token: () => string, caseId: string) {
  const received = new Map<string, number>();
  let cursor: string | null = null;
  let client: WsClient | null = null;
  let stopped = false;
  const start = () => {
    if (stopped) return;
    client = createClient({
      url: wsUrl(),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token()}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
    });
    let restarted = false;
    const restart = () => {
      if (restarted) return;
      restarted = true;
      void client?.dispose();
      setTimeout(start, 200);
    };
    client.on("closed", restart);
    client.subscribe(
      { query: CASE_EVENTS, variables: { id: caseId, after: cursor } },
      {
        next: (v: any) => {
          const e = v.data?.caseEvents;
          if (!e) return;
          received.set(e.subjectId, (received.get(e.subjectId) ?? 0) + 1);
          cursor = e.cursor;
        },
        error: restart,
        complete: restart,
      },
    );
  };
  return {
    received,
    start,
    setCursor: (c: string | null) => (cursor = c),
    stop: async () => {
      stopped = true;
      await client?.dispose();
    },
  };
}

describe("a hub process killed with SIGKILL", () => {
  let port: number;
  let env: NodeJS.ProcessEnv;
  let databaseUrl: string;
  let keys: { privateKeyPem: string };
  let hub: HubProcess;
  const token = (subject: string) => signToken(keys, { issuer: ISSUER, audience: AUDIENCE, subject });
  const start = async () => {
    hub = spawnHub(process.execPath, [path.join(ROOT, "dist/src/main.js")], { env });
    await hub.waitFor("Proceedings Hub ready", 30_000);
  };
  const gql = async (subject: string, query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token(subject)}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: any; errors?: any[] };
  };

  beforeAll(async () => {
    port = await freePort();
    const clone = await cloneDatabase();
    databaseUrl = clone.ownerUrl;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-faults-"));
    env = {
      ...process.env,
      DATABASE_URL: clone.servingUrl,
      DATABASE_OWNER_URL: clone.ownerUrl,
      DEV_ISSUER: "true",
      PORT: String(port),
      HOST: "127.0.0.1",
      HUB_DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      ORPHAN_GRACE_MINUTES: "0",
      EVENT_POLL_INTERVAL_MS: "200",
    };
    await start();
    keys = readDevIssuerKeys(dataDir)!;
  }, 40_000);
  afterAll(() => {
    if (hub.child.exitCode === null) hub.child.kill("SIGKILL");
  });

  it("loses and duplicates nothing: after a restart every committed change reaches every entitled subscriber once", async () => {
    const db = new Client({ connectionString: databaseUrl });
    // The database is stopped under this test's feet: a dropped connection is expected.
    db.on("error", () => undefined);
    await db.connect();
    try {
      const [{ id: caseId, issue_date: issued }] = (await db.query("SELECT id, issue_date::text FROM proceedings WHERE court_case_number = 'NS26C00041'")).rows;
      // Everyone on the case subscribes from the end of the feed, once the feed has reached the
      // demo's last event: the test files share one PostgreSQL, and another file's open
      // transaction can hold the demo's events back from being final (readable in order) for a
      // while. Until then the feed is empty, and a subscriber starting from "now" would rightly
      // receive the demo's events once they became final.
      const [last] = (
        await db.query("SELECT tx_id, id FROM case_event WHERE proceedings_id = $1 AND 'COURT' = ANY(audience) ORDER BY tx_id DESC, id DESC LIMIT 1", [caseId])
      ).rows;
      expect(last).toBeDefined();
      const demoEnd = { txId: BigInt(last.tx_id), id: BigInt(last.id) };
      let from: string | null = null;
      await eventually(
        async () => {
          const feed = await gql(DEMO_USERS.court, `query($id: ID) { caseEventFeed(proceedingsId: $id, first: 100) { pageInfo { endCursor } } }`, {
            id: caseId,
          });
          from = feed.data.caseEventFeed.pageInfo.endCursor;
          return from !== null && compareCursors(decodeEventCursor(from), demoEnd) >= 0;
        },
        30_000,
        "the demo's events to be final",
      );
      const subscribers = [DEMO_USERS.court, DEMO_USERS.legal, DEMO_USERS.iroAlex, DEMO_USERS.guardianGrace].map((subject) => {
        const s = resilientSubscriber(
          () => `ws://127.0.0.1:${port}/graphql`,
          () => token(subject),
          caseId,
        );
        s.setCursor(from);
        s.start();
        return s;
      });

      // Four writers record hearings until 120 are acknowledged; the hub is killed after 40.
      const acknowledged = new Set<string>();
      let killed = false;
      let restarting: Promise<void> | null = null;
      const writer = async () => {
        while (acknowledged.size < 120) {
          try {
            const res = await gql(DEMO_USERS.court, RECORD_HEARING, { i: { proceedingsId: caseId, type: "OTHER", date: issued } });
            if (res.data?.recordHearing) acknowledged.add(res.data.recordHearing.id);
          } catch {
            await (restarting ?? new Promise((r) => setTimeout(r, 100)));
          }
          if (!killed && acknowledged.size >= 40) {
            killed = true;
            hub.child.kill("SIGKILL");
            restarting = hub.exited().then(start);
          }
        }
      };
      await Promise.all([writer(), writer(), writer(), writer()]);
      await restarting;

      // What committed is what the database holds; every acknowledged write is among it, and
      // each committed hearing has exactly one event (nothing half-written).
      const committed = (
        await db.query(
          "SELECT h.id, count(e.id)::int AS events FROM hearing h LEFT JOIN case_event e ON e.subject_id = h.id AND e.kind = 'HEARING_RECORDED' WHERE h.proceedings_id = $1 AND h.type = 'OTHER' GROUP BY h.id",
          [caseId],
        )
      ).rows;
      expect(committed.every((r: { events: number }) => r.events === 1)).toBe(true);
      const committedIds = new Set(committed.map((r: { id: string }) => r.id));
      for (const id of acknowledged) expect(committedIds.has(id)).toBe(true);
      expect(committedIds.size).toBeGreaterThanOrEqual(120);

      for (const s of subscribers) {
        await eventually(() => [...committedIds].every((id) => s.received.has(id)), 30_000, "every committed change to reach a subscriber");
        expect([...s.received.values()].every((n) => n === 1)).toBe(true);
      }
      // A write in flight at the kill may commit after the first look: what subscribers got is
      // exactly what the database holds now, each once.
      const final = new Set(
        (await db.query("SELECT id FROM hearing WHERE proceedings_id = $1 AND type = 'OTHER'", [caseId])).rows.map((r: { id: string }) => r.id),
      );
      for (const s of subscribers) {
        await eventually(() => [...final].every((id) => s.received.has(id)), 30_000, "every committed change to reach a subscriber");
        expect(new Set(s.received.keys())).toEqual(final);
      }
      await Promise.all(subscribers.map((s) => s.stop()));
    } finally {
      await db.end();
    }
  }, 120_000);

  it("leaves no document, delivery or event for an upload it was killed in the middle of, and sweeps the bytes", async () => {
    const db = new Client({ connectionString: databaseUrl });
    // The database is stopped under this test's feet: a dropped connection is expected.
    db.on("error", () => undefined);
    await db.connect();
    try {
      const [{ id: caseId, issue_date: issued }] = (await db.query("SELECT id, issue_date::text FROM proceedings WHERE court_case_number = 'NS26C00041'")).rows;
      const slot = await gql(DEMO_USERS.legal, `mutation($i: CreateUploadSlotInput!) { createUploadSlot(input: $i) { id uploadUrl documentId } }`, {
        i: {
          proceedingsId: caseId,
          type: "C110A_APPLICATION",
          title: "killed mid-upload",
          documentDate: issued,
          confidentiality: "OPEN",
          fileName: "big.pdf",
          contentType: "application/pdf",
          idempotencyKey: randomUUID(),
        },
      });
      expect(slot.errors).toBeUndefined();
      const { uploadUrl, documentId } = slot.data.createUploadSlot;
      const storage = path.join(env.HUB_DATA_DIR!, "storage");
      const filesIn = (dir: string): string[] =>
        fs.existsSync(dir)
          ? fs
              .readdirSync(dir, { recursive: true, withFileTypes: true })
              .filter((e) => e.isFile())
              .map((e) => path.join(e.parentPath, e.name))
          : [];
      const before = new Set(filesIn(storage));

      const body = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(8 * 1024 * 1024, 0x20)]);
      const req = http.request(new URL(uploadUrl, `http://127.0.0.1:${port}`), {
        method: "PUT",
        headers: { authorization: `Bearer ${token(DEMO_USERS.legal)}`, "content-type": "application/pdf", "content-length": String(body.length) },
      });
      req.on("error", () => undefined);
      req.write(body.subarray(0, 2 * 1024 * 1024));
      // Once part of the file has reached storage, kill the hub.
      await eventually(() => filesIn(storage).some((f) => !before.has(f) && fs.statSync(f).size > 0), 10_000, "the upload to reach storage");
      hub.child.kill("SIGKILL");
      await hub.exited();
      req.destroy();
      expect(filesIn(storage).filter((f) => !before.has(f)).length).toBeGreaterThan(0);

      await start(); // ORPHAN_GRACE_MINUTES=0: the start-up sweep removes the partial file
      await eventually(() => filesIn(storage).every((f) => before.has(f)), 10_000, "the partial upload to be swept");
      const [counts] = (
        await db.query(
          `SELECT (SELECT count(*)::int FROM court_document WHERE id = $1) AS documents,
                  (SELECT count(*)::int FROM paper_delivery WHERE document_id = $1) AS deliveries,
                  (SELECT count(*)::int FROM case_event WHERE subject_id = $1) AS events`,
          [documentId],
        )
      ).rows;
      expect(Object.entries(counts)).toEqual([
        ["documents", 0],
        ["deliveries", 0],
        ["events", 0],
      ]);
    } finally {
      await db.end();
    }
  }, 90_000);
});

describe("the database restarted under a running hub", () => {
  let pg: EmbeddedDatabase;
  let dataDir: string;
  let pgPort: number;
  let hub: TestHub;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-restart-pg-"));
    pgPort = await freePort();
    pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: pgPort, persistent: true });
    await pg.createDatabase("hub");
    const ds = await openHubDataSource(pg.url("hub"));
    await ds.runMigrations({ transaction: "each" });
    await ds.destroy();
    hub = await startTestHub({ databaseUrl: pg.url("hub"), config: { eventPollIntervalMs: 200 } });
  }, 60_000);
  afterAll(async () => {
    await hub.stop().catch(() => undefined);
    await pg.stop();
  });

  it("answers retryably while the database is down, says so on /readyz, and recovers by itself with no event missed", async () => {
    const [{ id: caseId, issue_date: issued }] = await hub.sql("SELECT id, issue_date::text FROM proceedings WHERE court_case_number = 'NS26C00041'");
    const from = await hub.feedEnd(DEMO_USERS.court);
    const sub = hub.subscribe(hub.ws(DEMO_USERS.court), CASE_EVENTS, { id: caseId, after: from });
    const first = await hub.gql(DEMO_USERS.court, RECORD_HEARING, { i: { proceedingsId: caseId, type: "OTHER", date: issued } });
    expect(first.errors).toBeUndefined();
    await sub.waitFor(1);

    // Reads in flight as the database goes: each answers in full, or 503 SERVICE_UNAVAILABLE, never 200 with errors.
    const inFlight = Array.from({ length: 24 }, () => hub.gql(DEMO_USERS.court, READ_CASES));
    await pg.stop();
    for (const res of await Promise.all(inFlight)) {
      expect({ status: res.status, codes: codes(res) }).toEqual(
        res.errors ? { status: 503, codes: expect.arrayContaining(["SERVICE_UNAVAILABLE"]) } : { status: 200, codes: [] },
      );
    }
    const read = await hub.gql(DEMO_USERS.court, READ_CASES);
    expect({ status: read.status, codes: [...new Set(codes(read))] }).toEqual({ status: 503, codes: ["SERVICE_UNAVAILABLE"] });
    const down = await hub.gql(DEMO_USERS.court, RECORD_HEARING, { i: { proceedingsId: caseId, type: "OTHER", date: issued } });
    expect(down.status).toBe(503);
    expect(codes(down)).toEqual(["SERVICE_UNAVAILABLE"]);
    expect(down.errors![0].extensions!.retryable).toBe(true);
    const readyz = hub.server.url.replace(/graphql$/, "readyz");
    const notReady = await fetch(readyz);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: "database unavailable" });

    pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: pgPort, persistent: true });
    await eventually(async () => (await fetch(readyz)).status === 200, 20_000, "readiness after the restart");
    // Written while the hub's listener may still be reconnecting: the subscription that was
    // open across the outage receives it, and the one before it, exactly once each.
    const second = await hub.gql(DEMO_USERS.court, RECORD_HEARING, { i: { proceedingsId: caseId, type: "OTHER", date: issued } });
    expect(second.errors).toBeUndefined();
    const events = await sub.waitFor(2, 20_000);
    expect(events.map((e) => e.subjectId)).toEqual([first.data.recordHearing.id, second.data.recordHearing.id]);
    expect(sub.errors).toEqual([]);
    // The listener reconnected too: a NOTIFY wakes the hub again (not just its periodic look).
    await eventually(
      async () => (await hub.sql("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'proceedings-hub-listener'"))[0].n === 1,
      10_000,
      "the listener to reconnect",
    );
  }, 90_000);
});
