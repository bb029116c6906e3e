import { startTestHub, TestHub, codes, DEMO_USERS } from "./support/test-hub";

describe("errors and limits, over HTTP and WebSocket alike", () => {
  let hub: TestHub;
  let caseA: string;
  beforeAll(async () => {
    hub = await startTestHub();
    [{ id: caseA }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
  });
  afterAll(() => hub.stop());

  // 12 levels: deeper than MAX_QUERY_DEPTH (10).
  const DEEP = `{ myCases(first: 1) { edges { node { children { proceedings { children { proceedings { children { proceedings { children { proceedings { id } } } } } } } } } } } }`;

  it("refuses queries deeper than the limit, on both transports", async () => {
    const http = await hub.gql(DEMO_USERS.legal, DEEP);
    expect(codes(http)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(http.errors![0].message).toMatch(/levels deep; the limit is 10/);

    const ws = await hub.wsRequest(hub.ws(DEMO_USERS.legal), DEEP);
    expect(codes(ws)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(ws.errors![0].message).toMatch(/levels deep; the limit is 10/);
  });

  it("gives the same codes and field details over WebSocket", async () => {
    const client = hub.ws(DEMO_USERS.legal);
    const notFound = await hub.wsRequest(client, `{ proceedings(id: "0b7f3a52-1111-4f4f-9d9d-123456789abc") { id } }`);
    expect(codes(notFound)).toEqual(["NOT_FOUND"]);

    const bad = await hub.wsRequest(client, `mutation($i: RecordHearingInput!) { recordHearing(input: $i) { id } }`, {
      i: { proceedingsId: caseA, type: "OTHER", date: "2001-01-01" },
    });
    expect(codes(bad)).toEqual(["BAD_USER_INPUT"]);
    expect(bad.errors![0].extensions!.fields).toEqual([{ field: "date", message: expect.stringMatching(/before the issue date/) }]);

    const ok = await hub.wsRequest(client, `query($id: ID!) { proceedings(id: $id) { courtCaseNumber } }`, { id: caseA });
    expect(ok.data).toEqual({ proceedings: { courtCaseNumber: "NS26C00041" } });
  });

  it("reports class-validator failures field by field", async () => {
    const res = await hub.gql(DEMO_USERS.admin, `mutation($i: RegisterUserInput!) { registerUser(input: $i) { id } }`, {
      i: { organisationId: "nope", subject: "", displayName: "X", email: "not-an-email", roles: [] },
    });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    const fields = (res.errors![0].extensions!.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(["email", "organisationId", "roles", "subject"]);
  });

  it("masks unexpected failures: no stack trace, no SQL", async () => {
    await hub.sql("ALTER TABLE hearing RENAME TO hearing_moved");
    try {
      const res = await hub.gql(DEMO_USERS.legal, `query($id: ID!) { proceedings(id: $id) { hearings { date } } }`, { id: caseA });
      expect(codes(res)).toEqual(["INTERNAL_SERVER_ERROR"]);
      expect(res.errors![0].message).toBe("Internal server error");
      expect(JSON.stringify(res)).not.toMatch(/hearing_moved|relation|SELECT|stack|\.js:/i);
    } finally {
      await hub.sql("ALTER TABLE hearing_moved RENAME TO hearing");
    }
  });

  it("names syntax errors and unknown fields without internals", async () => {
    expect(codes(await hub.gql(DEMO_USERS.legal, `{ myCases(first: 1) { edges `))).toEqual(["GRAPHQL_PARSE_FAILED"]);
    expect(codes(await hub.gql(DEMO_USERS.legal, `{ nothingHere }`))).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
  });

  it("serves health and readiness", async () => {
    const base = hub.server.url.replace(/\/graphql$/, "");
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(await ready.json()).toEqual({ status: "ready" });
    expect(ready.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
