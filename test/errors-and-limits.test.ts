import http from "node:http";
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

  /** The same request over HTTP and WebSocket: both answers, for side-by-side assertions. */
  async function both(query: string, variables?: Record<string, unknown>, subject: string = DEMO_USERS.legal) {
    const http = await hub.gql(subject, query, variables);
    const ws = await hub.wsRequest(hub.ws(subject), query, variables);
    return { http, ws };
  }

  const strip = (r: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) =>
    (r.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code }));

  it("refuses queries deeper than the limit, on both transports", async () => {
    const { http, ws } = await both(DEEP);
    expect(codes(http)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(http.errors![0].message).toMatch(/levels deep; the limit is 10/);
    expect(strip(ws)).toEqual(strip(http));
  });

  // Twenty fragments, each spreading the one before it twice: about 800 bytes that expand to a
  // million fields. Checking it must cost as little as reading it, with or without a token.
  const fragmentBomb = () => {
    // graphql: not checked (broken on purpose)
    const parts = ["fragment F0 on Query { me { user { id } } }"];
    for (let i = 1; i <= 20; i++) parts.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`); // graphql: not checked (a fragment bomb)
    return `query { ...F20 } ${parts.join(" ")}`;
  };

  it("checks a fragment bomb in linear time, signed in or not, and stays responsive meanwhile", async () => {
    const bomb = fragmentBomb();
    expect(Buffer.byteLength(bomb)).toBeLessThan(1024);
    for (const subject of [null, DEMO_USERS.legal]) {
      const started = performance.now();
      const [res, ready] = await Promise.all([hub.gql(subject, bomb), fetch(hub.server.url.replace(/graphql$/, "readyz"))]);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(ready.status).toBe(200);
      expect(codes(res)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
      expect(res.errors![0].message).toMatch(/would return up to \d+ fields; the limit is 10000/);
    }
    const ws = await hub.wsRequest(hub.ws(DEMO_USERS.legal), bomb);
    expect(strip(ws)).toEqual(strip(await hub.gql(DEMO_USERS.legal, bomb)));
  });

  it("refuses too many aliases before running any of them, and writes no audit rows for them", async () => {
    const [{ n: before }] = await hub.sql("SELECT count(*)::int AS n FROM audit_entry");
    // (1,000 of them would not get past the token limit: see below.)
    const aliases = Array.from({ length: 300 }, (_, i) => `a${i}: me { user { id } }`).join(" ");
    const { http, ws } = await both(`{ ${aliases} }`);
    expect(codes(http)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(http.errors![0].message).toBe("Query uses 300 aliases; the limit is 30");
    expect(strip(ws)).toEqual(strip(http));
    const [{ n: after }] = await hub.sql("SELECT count(*)::int AS n FROM audit_entry");
    expect(after).toBe(before);
  });

  it("weighs lists by their first, whether written in the document or passed as a variable", async () => {
    const cases = (first: string) =>
      `myCases(first: ${first}) { edges { node { id courtCaseNumber issueDate children { id givenName familyName parties { role person { id displayName email } } } hearings { type date } } } }`;
    const ten = Array.from({ length: 10 }, (_, i) => `c${i}: ${cases("100")}`).join(" ");
    const literal = await both(`{ ${ten} }`);
    expect(codes(literal.http)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(literal.http.errors![0].message).toMatch(/would return up to \d+ fields; the limit is 10000/);
    expect(strip(literal.ws)).toEqual(strip(literal.http));

    // graphql: not checked (broken on purpose)
    const viaVariable = `query($n: Int!) { ${Array.from({ length: 10 }, (_, i) => `c${i}: ${cases("$n")}`).join(" ")} }`;
    const big = await both(viaVariable, { n: 100 });
    expect(codes(big.http)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(strip(big.ws)).toEqual(strip(big.http));
    // The same document with a small page is an ordinary request.
    const small = await both(viaVariable, { n: 2 });
    expect(small.http.errors).toBeUndefined();
    expect(small.ws.errors).toBeUndefined();
    expect(small.ws.data).toEqual(small.http.data);
  });

  it("reads no more than the limit of a body sent without a length, and shrugs off a client that hangs up mid-body", async () => {
    const url = new URL(hub.server.url);
    const raw = (headers: Record<string, string>, write: (req: http.ClientRequest) => void) =>
      new Promise<{ status?: number; body: string; error?: string }>((resolve) => {
        const req = http.request({ host: url.hostname, port: url.port, path: "/graphql", method: "POST", headers }, (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode, body }));
        });
        req.on("error", (err) => resolve({ body: "", error: String(err) }));
        write(req);
      });
    const signedIn = { "content-type": "application/json", authorization: `Bearer ${hub.token(DEMO_USERS.legal)}` };
    // Chunked: no content-length to refuse up front, so the limit is counted as the bytes come.
    const chunked = await raw({ ...signedIn, "transfer-encoding": "chunked" }, (req) => {
      req.write(`{"query":"{ __typename }","x":"`);
      for (let i = 0; i < 12; i++) req.write("y".repeat(64 * 1024));
      req.end(`"}`);
    });
    // Answered 413, or (the client still writing when the hub closed the connection) reset.
    if (chunked.error) expect(chunked.error).toMatch(/ECONNRESET|EPIPE/);
    else expect(chunked.status).toBe(413);
    // Promises 1,000 bytes, sends 10 and goes.
    await raw({ ...signedIn, "content-length": "1000" }, (req) => {
      req.write(`{"query":"`);
      setTimeout(() => req.destroy(), 50);
    });
    const after = await hub.gql(DEMO_USERS.legal, "{ __typename }");
    expect(after.data).toEqual({ __typename: "Query" });
  });

  it("limits the document's size and token count before parsing it", async () => {
    const huge = `{ me { user { id } } } # ${"x".repeat(1024 * 1024)}`;
    const r = await fetch(hub.server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${hub.token(DEMO_USERS.legal)}` },
      body: JSON.stringify({ query: huge }),
    });
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ errors: [{ message: "The request body is too large", extensions: { code: "PAYLOAD_TOO_LARGE" } }] });

    const long = `{ me { user { id } } } # ${"x".repeat(40 * 1024)}`;
    const { http, ws } = await both(long);
    expect(http.status).toBe(413);
    expect(strip(http)).toEqual([{ message: expect.stringMatching(/^The query document is \d+ bytes; the limit is 32768$/), code: "BAD_REQUEST" }]);
    expect(strip(ws)).toEqual(strip(http));

    const manyTokens = `{ __typename @skip(if: [${"1 ".repeat(5000)}]) }`;
    const t = await both(manyTokens);
    expect(codes(t.http)).toEqual(["GRAPHQL_PARSE_FAILED"]);
    expect(t.http.errors![0].message).toMatch(/Document contains more th\w+ 3000 tokens/);
    expect(strip(t.ws)).toEqual(strip(t.http));
  });

  it("reads no more than a small document from a caller without a token", async () => {
    const res = await hub.gql(null, `{ __typename } # ${"x".repeat(2000)}`);
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(["UNAUTHENTICATED"]);
    expect((await hub.gql(null, "{ __typename }")).data).toEqual({ __typename: "Query" });
  });

  it("refuses introspection without a token, and allows it signed in (development)", async () => {
    const intro = "{ __schema { queryType { name } } }";
    expect(codes(await hub.gql(null, intro))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await hub.gql(null, `{ __type(name: "Query") { name } }`))).toEqual(["UNAUTHENTICATED"]);
    const { http, ws } = await both(intro);
    expect(http.data).toEqual({ __schema: { queryType: { name: "Query" } } });
    expect(ws.data).toEqual(http.data);
  });

  it("answers client mistakes with the same codes and messages over WebSocket as over HTTP", async () => {
    const mistakes: [string, string, Record<string, unknown>?][] = [
      // graphql: not checked (broken on purpose)
      ["GRAPHQL_VALIDATION_FAILED", "{ me { usr { id } } }"],
      ["BAD_USER_INPUT", "query($id: ID!) { proceedings(id: $id) { id } }", { id: { not: "an id" } }],
      ["BAD_USER_INPUT", "query($id: ID!) { proceedings(id: $id) { id } }", {}],
      // graphql: not checked (broken on purpose)
      ["GRAPHQL_VALIDATION_FAILED", "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }"],
      ["GRAPHQL_VALIDATION_FAILED", `{ __typename ${"@include(if: true) ".repeat(100)} }`],
      ["GRAPHQL_PARSE_FAILED", "{ me { user "],
    ];
    for (const [code, query, variables] of mistakes) {
      const { http, ws } = await both(query, variables);
      expect(codes(http)[0]).toBe(code);
      expect(strip(ws)).toEqual(strip(http));
    }
    // graphql: not checked (broken on purpose)
    const typo = await both("{ me { usr { id } } }");
    expect(typo.ws.errors![0].message).toMatch(/Did you mean "user"\?/);
  });

  it("answers every HTTP error as JSON with a stable code, never an HTML page", async () => {
    const base = hub.server.url.replace(/\/graphql$/, "");
    const auth = { authorization: `Bearer ${hub.token(DEMO_USERS.legal)}` };
    const cases: [string, RequestInit, number, string][] = [
      ["/graphql", { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: "{ not json" }, 400, "BAD_REQUEST"],
      [
        "/graphql",
        { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ query: "x".repeat(10 * 1024 * 1024) }) },
        413,
        "PAYLOAD_TOO_LARGE",
      ],
      [
        "/graphql",
        { method: "POST", headers: { ...auth, "content-type": "application/json; charset=latin1" }, body: JSON.stringify({ query: "{ __typename }" }) },
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      ],
      [
        "/graphql",
        { method: "POST", headers: { ...auth, "content-type": "application/json; charset=utf-16le; foo" }, body: JSON.stringify({ query: "{ __typename }" }) },
        400,
        "BAD_REQUEST",
      ],
      ["/no/such/page", { method: "GET" }, 404, "NOT_FOUND"],
      ["/documents/not-a-uuid/content", { method: "GET" }, 401, "UNAUTHENTICATED"],
    ];
    for (const [path, init, status, code] of cases) {
      const r = await fetch(base + path, init);
      expect(r.status).toBe(status);
      expect(r.headers.get("content-type")).toMatch(/^application\/json/);
      const text = await r.text();
      expect(JSON.parse(text).errors[0].extensions.code).toBe(code);
      expect(text).not.toMatch(/<html|stack|\/work\/|node_modules|at .*\.js/i);
    }
    // UTF-8 said out loud is the plain case.
    const utf8 = await fetch(hub.server.url, {
      method: "POST",
      headers: { ...auth, "content-type": 'application/json; charset="UTF-8"' },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(utf8.status).toBe(200);
    expect(await utf8.json()).toEqual({ data: { __typename: "Query" } });
    // Another Unicode charset is decoded as it says, not read as UTF-8.
    const utf16 = await fetch(hub.server.url, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json; charset=utf-16le" },
      body: new Uint8Array(Buffer.from(JSON.stringify({ query: "{ __typename }" }), "utf16le")),
    });
    expect(utf16.status).toBe(200);
    expect(await utf16.json()).toEqual({ data: { __typename: "Query" } });
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
