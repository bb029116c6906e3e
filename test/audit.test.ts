import { spawnSync } from "node:child_process";
import path from "node:path";
import { startTestHub, TestHub, codes, DEMO_USERS } from "./support/test-hub";
import { ROOT } from "./support/hub-process";
import { Client } from "pg";
import { createContext } from "../src/core/context";
import { verifyAuditChain } from "../src/core/audit/audit-chain";
import { readCheckpoints } from "../src/core/audit/audit-checkpoints";
import { signAuditCheckpoint } from "../src/modules/audit-trail/audit-trail.module";

/** `npm run audit:verify` against this hub's database, as an operator would run it. */
function auditVerify(hub: TestHub) {
  return spawnSync(process.execPath, [path.join(ROOT, "dist/src/scripts/audit-verify.js")], {
    env: {
      ...process.env,
      DATABASE_URL: hub.databaseUrl,
      AUDIT_KEY_FILE: hub.runtime.config.auditKeyFile,
      AUDIT_CHECKPOINT_DIR: hub.runtime.config.auditCheckpointDir,
    },
    encoding: "utf8",
  });
}

describe("the audit trail", () => {
  let hub: TestHub;
  let caseA: string;
  let caseB: string;

  beforeAll(async () => {
    hub = await startTestHub();
    [{ id: caseA }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    [{ id: caseB }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00057'");
  });
  afterAll(() => hub.stop());

  const rowsFor = (requestId: string) =>
    hub.sql(
      "SELECT u.subject, e.operation, e.proceedings_id, e.child_id, e.outcome FROM audit_entry e LEFT JOIN hub_user u ON u.id = e.user_id WHERE e.request_id = $1 ORDER BY e.id",
      [requestId],
    );
  /** The rows once there are `count` of them (or after 10 s, whatever is there). */
  const eventuallyRowsFor = async (requestId: string, count: number) => {
    const deadline = Date.now() + 10_000;
    let rows = await rowsFor(requestId);
    while (rows.length < count && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      rows = await rowsFor(requestId);
    }
    return rows;
  };

  it("records reads: who, which operation, which case, the outcome", async () => {
    const ok = await hub.gql(DEMO_USERS.guardianGrace, `query($id: ID!) { proceedings(id: $id) { id } }`, { id: caseA });
    expect(await rowsFor(ok.headers.get("x-request-id")!)).toEqual([
      { subject: DEMO_USERS.guardianGrace, operation: "Query.proceedings", proceedings_id: caseA, child_id: null, outcome: "OK" },
    ]);

    const refused = await hub.gql(DEMO_USERS.guardianGrace, `query($id: ID!) { proceedings(id: $id) { id } }`, { id: caseB });
    expect(codes(refused)).toEqual(["NOT_FOUND"]);
    expect(await rowsFor(refused.headers.get("x-request-id")!)).toEqual([
      { subject: DEMO_USERS.guardianGrace, operation: "Query.proceedings", proceedings_id: caseB, child_id: null, outcome: "NOT_FOUND" },
    ]);
  });

  it("keeps the outcome of each root field of one request apart", async () => {
    const res = await hub.gql(DEMO_USERS.guardianGrace, `query($a: ID!, $b: ID!) { mine: proceedings(id: $a) { id } other: proceedings(id: $b) { id } }`, {
      a: caseA,
      b: caseB,
    });
    expect(codes(res)).toEqual(["NOT_FOUND"]); // (the non-null field nulls the whole result)
    // The answer can leave as soon as one field fails, while the other is still being read: its
    // audit row follows it.
    const rows = await eventuallyRowsFor(res.headers.get("x-request-id")!, 2);
    expect(rows.map((r: { proceedings_id: string; outcome: string }) => [r.proceedings_id, r.outcome]).sort()).toEqual(
      [
        [caseA, "OK"],
        [caseB, "NOT_FOUND"],
      ].sort(),
    );
  });

  it("records one row per case a list returned", async () => {
    const res = await hub.gql(DEMO_USERS.court, `{ myCases(first: 10) { edges { node { id } } } }`);
    const rows = await rowsFor(res.headers.get("x-request-id")!);
    expect(rows.map((r: { proceedings_id: string }) => r.proceedings_id).sort()).toEqual([caseA, caseB].sort());
    expect(new Set(rows.map((r: { operation: string }) => r.operation))).toEqual(new Set(["Query.myCases"]));
  });

  it("commits a write and its audit together, and records a refused write without the write", async () => {
    const RECORD = `mutation($input: RecordHearingInput!) { recordHearing(input: $input) { id } }`;
    const ok = await hub.gql(DEMO_USERS.court, RECORD, { input: { proceedingsId: caseA, type: "OTHER", date: hub.clock.today() } });
    expect(ok.errors).toBeUndefined();
    expect(await rowsFor(ok.headers.get("x-request-id")!)).toEqual([
      { subject: DEMO_USERS.court, operation: "Mutation.recordHearing", proceedings_id: caseA, child_id: null, outcome: "OK" },
    ]);

    const hearingsBefore = await hub.sql("SELECT count(*)::int AS n FROM hearing");
    const bad = await hub.gql(DEMO_USERS.court, RECORD, { input: { proceedingsId: caseA, type: "OTHER", date: "2001-01-01" } });
    expect(codes(bad)).toEqual(["BAD_USER_INPUT"]);
    expect(await hub.sql("SELECT count(*)::int AS n FROM hearing")).toEqual(hearingsBefore);
    expect(await rowsFor(bad.headers.get("x-request-id")!)).toEqual([
      { subject: DEMO_USERS.court, operation: "Mutation.recordHearing", proceedings_id: caseA, child_id: null, outcome: "BAD_USER_INPUT" },
    ]);
  });

  it("records operations refused for the caller's role", async () => {
    const res = await hub.gql(DEMO_USERS.iroAlex, `mutation { deactivateUser(userId: "${caseA}") { id } }`);
    expect(codes(res)).toEqual(["FORBIDDEN"]);
    expect(await rowsFor(res.headers.get("x-request-id")!)).toEqual([
      { subject: DEMO_USERS.iroAlex, operation: "Mutation.deactivateUser", proceedings_id: null, child_id: null, outcome: "FORBIDDEN" },
    ]);
  });

  it("an IRO manager and an administrator read a case's trail, newest first, paged", async () => {
    const TRAIL = `query($id: ID!, $after: String) { caseAuditTrail(proceedingsId: $id, first: 1, after: $after) {
      edges { node { operation outcome user { displayName } occurredAt requestId } } pageInfo { hasNextPage endCursor } } }`;
    const page1 = await hub.gql(DEMO_USERS.iroManager, TRAIL, { id: caseB });
    expect(page1.errors).toBeUndefined();
    const nodes = page1.data.caseAuditTrail.edges.map((e: { node: unknown }) => e.node);
    // A read is recorded once it has been answered: the newest entry is the court's list.
    expect(nodes[0]).toMatchObject({ operation: "Query.myCases", outcome: "OK", user: { displayName: "Court Clerk" } });
    expect(page1.data.caseAuditTrail.pageInfo.hasNextPage).toBe(true);
    const page2 = await hub.gql(DEMO_USERS.iroManager, TRAIL, { id: caseB, after: page1.data.caseAuditTrail.pageInfo.endCursor });
    expect(page2.data.caseAuditTrail.edges.length).toBeGreaterThan(0);

    const admin = await hub.gql(DEMO_USERS.admin, TRAIL, { id: caseB });
    expect(admin.data.caseAuditTrail.edges[0].node).toMatchObject({ operation: "Query.caseAuditTrail", user: { displayName: "Morgan IRO Manager" } });
    // The refused read by guardian.grace earlier is in case B's trail.
    const all = await hub.sql("SELECT outcome FROM audit_entry WHERE proceedings_id = $1 AND outcome = 'NOT_FOUND'", [caseB]);
    expect(all.length).toBeGreaterThan(0);

    expect(codes(await hub.gql(DEMO_USERS.admin, TRAIL, { id: "0b7f3a52-1111-4f4f-9d9d-123456789abc" }))).toEqual(["NOT_FOUND"]);
  });

  describe("hash chain", () => {
    it("chains every row in order, also when many requests write at once", async () => {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          hub.gql(i % 2 ? DEMO_USERS.court : DEMO_USERS.guardianGrace, `query($id: ID!) { proceedings(id: $id) { id } }`, { id: i % 3 ? caseA : caseB }),
        ),
      );
      const [{ n, max, distinct }] = await hub.sql(
        "SELECT count(*)::int AS n, max(chain_seq)::int AS max, count(DISTINCT chain_seq)::int AS distinct FROM audit_entry",
      );
      expect(max).toBe(n);
      expect(distinct).toBe(n);
      const verdict = auditVerify(hub);
      expect(verdict.stdout).toMatch(new RegExp(`^audit chain holds: ${n} rows verified; \\d+ of them under \\d+ signed checkpoints?`));
      expect(verdict.status).toBe(0);
    });

    it("names the first row a database owner altered behind the triggers' back", async () => {
      const [victim] = await hub.sql("SELECT id, chain_seq FROM audit_entry WHERE outcome = 'NOT_FOUND' ORDER BY chain_seq LIMIT 1");
      await hub.sql("ALTER TABLE audit_entry DISABLE TRIGGER USER");
      try {
        await hub.sql("UPDATE audit_entry SET outcome = 'OK' WHERE id = $1", [victim.id]);
      } finally {
        await hub.sql("ALTER TABLE audit_entry ENABLE TRIGGER USER");
      }
      const verdict = auditVerify(hub);
      expect(verdict.status).toBe(1);
      expect(verdict.stdout).toBe(
        `audit chain BROKEN at chain position ${victim.chain_seq} (audit_entry id ${victim.id}): its content does not match its hash (the row was altered); ${Number(victim.chain_seq) - 1} rows before it hold\n`,
      );

      // Restoring the content is not enough to hide a deletion further on.
      await hub.sql("ALTER TABLE audit_entry DISABLE TRIGGER USER");
      try {
        await hub.sql("UPDATE audit_entry SET outcome = 'NOT_FOUND' WHERE id = $1", [victim.id]);
        await hub.sql("DELETE FROM audit_entry WHERE chain_seq = $1", [Number(victim.chain_seq) + 1]);
      } finally {
        await hub.sql("ALTER TABLE audit_entry ENABLE TRIGGER USER");
      }
      const after = auditVerify(hub);
      expect(after.status).toBe(1);
      expect(after.stdout).toMatch(
        new RegExp(`^audit chain BROKEN at chain position ${Number(victim.chain_seq) + 1}\\b.*row ${Number(victim.chain_seq) + 1} of the chain is missing`),
      );
    });
  });
});

describe("the audit trail, tampered with by the database's owner, against signed checkpoints", () => {
  let hub: TestHub;
  let caseA: string;
  let covered: number;
  let k: number;

  /** Performs a tampering as the owner, checks the trail in the same snapshot, and undoes it. */
  async function tamper(sql: (k: number) => string[]): Promise<{ chainSeq: string; reason: string } | null> {
    const client = new Client({ connectionString: hub.ownerUrl });
    await client.connect();
    try {
      await client.query("BEGIN");
      for (const statement of sql(k)) await client.query(statement);
      const { checkpoints, problems } = readCheckpoints(hub.runtime.config.auditCheckpointDir, hub.runtime.auditKey.publicKey);
      expect(problems).toEqual([]);
      const verdict = await verifyAuditChain(client, { macKey: hub.runtime.auditKey.macKey, checkpoints });
      return verdict.ok ? null : { chainSeq: verdict.brokenAt.chainSeq, reason: verdict.brokenAt.reason };
    } finally {
      await client.query("ROLLBACK").catch(() => undefined);
      await client.end();
    }
  }

  const TRIGGERS_OFF = ["ALTER TABLE audit_entry DISABLE TRIGGER USER", "ALTER TABLE audit_chain_head DISABLE TRIGGER USER"];
  /** What an owner who knows the scheme does to hide a change: recompute the chain from entry `from` with the database's own digest. */
  const recompute = (from: number) => `
      DO $$ DECLARE r record; prev text;
      BEGIN
        SELECT hash INTO prev FROM audit_entry WHERE chain_seq = ${from - 1};
        FOR r IN SELECT * FROM audit_entry WHERE chain_seq >= ${from} ORDER BY chain_seq LOOP
          UPDATE audit_entry SET prev_hash = prev, hash = audit_entry_digest(prev, r.id, r.chain_seq, r.occurred_at, r.request_id, r.user_id,
            r.organisation_id, r.operation, r.proceedings_id, r.child_id, r.outcome) WHERE id = r.id RETURNING hash INTO prev;
        END LOOP;
        UPDATE audit_chain_head SET seq = (SELECT coalesce(max(chain_seq), 0) FROM audit_entry), hash = coalesce(prev, 'genesis');
      END $$`;

  afterAll(() => hub.stop());
  beforeAll(async () => {
    // No background jobs: the test signs the checkpoint itself, and the job's own run at start
    // could sign beside it (seen once under CI on Node 24).
    hub = await startTestHub({ jobs: false });
    [{ id: caseA }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    await Promise.all(Array.from({ length: 10 }, () => hub.gql(DEMO_USERS.court, `query($id: ID!) { proceedings(id: $id) { id } }`, { id: caseA })));
    // The job that runs every AUDIT_CHECKPOINT_INTERVAL_MS, run now.
    await signAuditCheckpoint(createContext(hub.runtime, null, "http", "test"));
    const { checkpoints } = readCheckpoints(hub.runtime.config.auditCheckpointDir, hub.runtime.auditKey.publicKey);
    covered = Number(checkpoints[checkpoints.length - 1].seq);
    k = covered - 5;
    expect(k).toBeGreaterThan(1);
    expect(await tamper(() => [])).toBeNull();
  });

  const tamperings: [string, (k: number) => string[], (k: number) => { chainSeq: string; reason: RegExp }][] = [
    // Inconsistent: the chain itself shows them.
    [
      "a row changed with the triggers off",
      (k) => [...TRIGGERS_OFF, `UPDATE audit_entry SET outcome = 'TAMPERED' WHERE chain_seq = ${k}`],
      (k) => ({ chainSeq: `${k}`, reason: /does not match its hash/ }),
    ],
    [
      "the head moved back",
      () => [...TRIGGERS_OFF, `UPDATE audit_chain_head SET seq = seq - 1`],
      () => ({ chainSeq: `${covered + 1}`, reason: /its head says/ }),
    ],
    [
      "an entry renumbered (its id, the trail's order)",
      (k) => [...TRIGGERS_OFF, `UPDATE audit_entry SET id = id + 1000000 WHERE chain_seq = ${k}`],
      (k) => ({ chainSeq: `${k}`, reason: /does not match its hash/ }),
    ],
    ["a row deleted", (k) => [...TRIGGERS_OFF, `DELETE FROM audit_entry WHERE chain_seq = ${k}`], (k) => ({ chainSeq: `${k}`, reason: /is missing/ })],
    [
      "rows deleted from the end, the head left",
      () => [...TRIGGERS_OFF, `DELETE FROM audit_entry WHERE chain_seq > ${covered - 2}`],
      () => ({ chainSeq: `${covered - 1}`, reason: /a signed checkpoint covers/ }),
    ],
    [
      "two rows swapped",
      (k) => [
        ...TRIGGERS_OFF,
        `UPDATE audit_entry SET chain_seq = -1 WHERE chain_seq = ${k}`,
        `UPDATE audit_entry SET chain_seq = ${k} WHERE chain_seq = ${k + 1}`,
        `UPDATE audit_entry SET chain_seq = ${k + 1} WHERE chain_seq = -1`,
      ],
      (k) => ({ chainSeq: `${k}`, reason: /differs from the entry a signed checkpoint recorded/ }),
    ],
    [
      "a row slipped in with a made-up hash",
      (k) => [
        ...TRIGGERS_OFF,
        `UPDATE audit_entry SET chain_seq = chain_seq + 1000000 WHERE chain_seq >= ${k}`,
        `INSERT INTO audit_entry (request_id, operation, outcome, chain_seq, prev_hash, hash) VALUES ('x', 'Query.forged', 'OK', ${k}, 'x', 'y')`,
      ],
      (k) => ({ chainSeq: `${k}`, reason: /differs from the entry a signed checkpoint recorded/ }),
    ],
    [
      "a hash overwritten",
      (k) => [...TRIGGERS_OFF, `UPDATE audit_entry SET hash = repeat('0', 64) WHERE chain_seq = ${k}`],
      (k) => ({ chainSeq: `${k}`, reason: /differs from the entry a signed checkpoint recorded/ }),
    ],
    // Consistent: the chain holds against itself; the checkpoints and MACs show them.
    [
      "rows deleted from the end and the head moved back",
      () => [
        ...TRIGGERS_OFF,
        `DELETE FROM audit_entry WHERE chain_seq > ${covered - 2}`,
        `UPDATE audit_chain_head SET seq = ${covered - 2}, hash = (SELECT hash FROM audit_entry WHERE chain_seq = ${covered - 2})`,
      ],
      () => ({ chainSeq: `${covered - 1}`, reason: /the chain ends at \d+ but a signed checkpoint covers/ }),
    ],
    [
      "a row changed and the chain recomputed",
      (k) => [...TRIGGERS_OFF, `UPDATE audit_entry SET outcome = 'TAMPERED', user_id = NULL WHERE chain_seq = ${k}`, recompute(k)],
      (k) => ({ chainSeq: `${k}`, reason: /differs from the entry a signed checkpoint recorded/ }),
    ],
    [
      "a row deleted, the rest renumbered and the chain recomputed",
      (k) => [
        ...TRIGGERS_OFF,
        `DELETE FROM audit_entry WHERE chain_seq = ${k}`,
        `UPDATE audit_entry SET chain_seq = chain_seq + 1000000 WHERE chain_seq > ${k}`,
        `UPDATE audit_entry SET chain_seq = chain_seq - 1000001 WHERE chain_seq > 1000000`,
        recompute(k),
      ],
      (k) => ({ chainSeq: `${k}`, reason: /differs from the entry a signed checkpoint recorded/ }),
    ],
    [
      "everything truncated and the head reset",
      () => [...TRIGGERS_OFF, "TRUNCATE audit_entry", "UPDATE audit_chain_head SET seq = 0, hash = 'genesis'"],
      () => ({ chainSeq: "1", reason: /the chain ends at 0 but a signed checkpoint covers/ }),
    ],
    [
      "a forged row appended, chained by the database's own trigger",
      () => ["INSERT INTO audit_entry (request_id, operation, outcome) VALUES ('forged', 'Query.child', 'OK')"],
      () => ({ chainSeq: expect.any(String) as unknown as string, reason: /has no MAC: the hub did not write it/ }),
    ],
    [
      "a forged row appended with a made-up MAC",
      () => [`INSERT INTO audit_entry (request_id, operation, outcome, mac) VALUES ('forged', 'Query.child', 'OK', repeat('a', 64))`],
      () => ({ chainSeq: expect.any(String) as unknown as string, reason: /MAC does not hold/ }),
    ],
  ];

  it.each(tamperings)("reports %s at the entry it starts at", async (_name, sql, expected) => {
    const found = await tamper(sql);
    const want = expected(k);
    expect(found).toEqual({ chainSeq: want.chainSeq, reason: expect.stringMatching(want.reason) });
  });

  it("audit:verify names a committed rewrite, and the checkpoint job refuses to sign over it", async () => {
    expect(auditVerify(hub).status).toBe(0);
    await hub.sql("ALTER TABLE audit_entry DISABLE TRIGGER USER");
    await hub.sql("ALTER TABLE audit_chain_head DISABLE TRIGGER USER");
    try {
      await hub.sql(`UPDATE audit_entry SET outcome = 'TAMPERED' WHERE chain_seq = ${k}`);
      await hub.sql(recompute(k));
    } finally {
      await hub.sql("ALTER TABLE audit_entry ENABLE TRIGGER USER");
      await hub.sql("ALTER TABLE audit_chain_head ENABLE TRIGGER USER");
    }
    const [{ id }] = await hub.sql("SELECT id FROM audit_entry WHERE chain_seq = $1", [k]);
    const verdict = auditVerify(hub);
    expect(verdict.status).toBe(1);
    expect(verdict.stdout).toMatch(
      new RegExp(`^audit chain BROKEN at chain position ${k} \\(audit_entry id ${id}\\): it differs from the entry a signed checkpoint recorded`),
    );
    const before = readCheckpoints(hub.runtime.config.auditCheckpointDir, hub.runtime.auditKey.publicKey).checkpoints.length;
    await hub.gql(DEMO_USERS.court, `{ me { user { id } } }`);
    expect(await signAuditCheckpoint(createContext(hub.runtime, null, "http", "test"))).toBe(0);
    expect(readCheckpoints(hub.runtime.config.auditCheckpointDir, hub.runtime.auditKey.publicKey).checkpoints.length).toBe(before);
  });
});
