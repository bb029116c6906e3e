import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { AddressInfo } from "node:net";
import { cloneDatabase, ISSUER, AUDIENCE, DEMO_USERS } from "./support/test-hub";
import { ROOT, HubProcess, eventually, freePort, hubProcessEnv, spawnHub } from "./support/hub-process";
import { readDevIssuerKeys, signToken } from "../src/core/auth/dev-issuer";

// Traces through OpenTelemetry reach an OTLP receiver (here a plain HTTP server taking OTLP/JSON
// as a collector would): one trace per request, from the HTTP server span through GraphQL to the
// SQL it ran; and no secret in any span (a calendar feed's path, a bearer token).

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

describe("traces over OTLP", () => {
  let receiver: http.Server;
  const bodies: string[] = [];
  let hub: HubProcess;
  let port: number;
  let dataDir: string;

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        if (req.url === "/v1/traces") bodies.push(body);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    port = await freePort();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-traces-"));
    const db = await cloneDatabase();
    hub = spawnHub(process.execPath, [path.join(ROOT, "dist/src/main.js")], {
      env: hubProcessEnv(db, dataDir, {
        PORT: String(port),
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
        OTEL_BSP_SCHEDULE_DELAY: "100",
        OTEL_SERVICE_NAME: "proceedings-hub-test",
      }),
    });
    await hub.waitFor("Proceedings Hub ready", 30_000);
  }, 40_000);
  afterAll(async () => {
    hub.child.kill("SIGTERM");
    await hub.exited();
    await new Promise((r) => receiver.close(r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const spans = (): Span[] =>
    bodies.flatMap((b) => {
      const body = JSON.parse(b) as { resourceSpans: { scopeSpans: { spans: Span[] }[] }[] };
      return body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    });

  it("exports one trace per request: the HTTP server span, GraphQL and the SQL it ran; and no secret", async () => {
    const token = signToken(readDevIssuerKeys(dataDir)!, { issuer: ISSUER, audience: AUDIENCE, subject: DEMO_USERS.iroAlex });
    const gql = (query: string) =>
      fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      }).then((r) => r.json() as Promise<{ data: any }>);
    const answer = await gql(`query TraceMe { myCases(first: 5) { edges { node { courtCaseNumber } } } }`);
    expect(answer.data.myCases.edges.length).toBeGreaterThan(0);
    const feed = (await gql(`mutation { createCalendarFeed { url } }`)).data.createCalendarFeed.url as string;
    const secret = /\/calendar\/([^/]+)\.ics/.exec(feed)![1];
    expect((await fetch(`http://127.0.0.1:${port}${new URL(feed).pathname}`)).status).toBe(200);

    await eventually(() => spans().some((s) => s.kind === 2 && JSON.stringify(s.attributes).includes("[secret]")), 15_000, "the calendar request's span");
    await eventually(() => spans().some((s) => s.name.includes("TraceMe") || JSON.stringify(s.attributes).includes("TraceMe")), 15_000, "the query's spans");
    const all = spans();
    const graphqlSpan = all.find((s) => JSON.stringify(s.attributes).includes("TraceMe"))!;
    const trace = all.filter((s) => s.traceId === graphqlSpan.traceId);
    // The request's server span (kind 2), GraphQL's spans and the SQL, in one trace.
    expect(trace.some((s) => s.kind === 2 && !s.parentSpanId)).toBe(true);
    expect(trace.some((s) => s.name.startsWith("pg.query"))).toBe(true);
    expect(trace.filter((s) => /graphql/i.test(s.name)).length).toBeGreaterThan(0);
    const text = JSON.stringify(bodies);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(token.split(".")[2]);
    expect(text).toContain("proceedings-hub-test");
  }, 40_000);
});
