import { spawnSync } from "node:child_process";
import path from "node:path";
import { startTestHub, TestHub, codes, DEMO_USERS } from "./support/test-hub";
import { ROOT } from "./support/hub-process";

/** `npm run audit:verify` against this hub's database, as an operator would run it. */
function auditVerify(hub: TestHub) {
  return spawnSync(process.execPath, [path.join(ROOT, "dist/src/scripts/audit-verify.js")], {
    env: { ...process.env, DATABASE_URL: hub.databaseUrl },
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
    const rows = await rowsFor(res.headers.get("x-request-id")!);
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
      expect(verdict.stdout).toBe(`audit chain holds: ${n} rows verified\n`);
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
        new RegExp(`^audit chain BROKEN at chain position ${Number(victim.chain_seq) + 1} .*row ${Number(victim.chain_seq) + 1} of the chain is missing`),
      );
    });
  });
});
