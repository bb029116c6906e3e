// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePrometheusTextFormat: (text: string) => Family[] = require("parse-prometheus-text-format");
import fs from "node:fs";
import path from "node:path";
import { startTestHub, TestHub, DEMO_USERS } from "./support/test-hub";
import { ROOT } from "./support/hub-process";

// /metrics for Prometheus: not public, in the text format a Prometheus parser reads, and moving
// when work happens (requests, sockets and subscriptions, case events read, jobs, the outbox).

interface Family {
  name: string;
  type: string;
  metrics: { labels?: Record<string, string>; value?: string; count?: string; buckets?: Record<string, string> }[];
}

describe("metrics for Prometheus", () => {
  let hub: TestHub;
  let base: string;
  const TOKEN = "metrics-test-token-0123456789";
  beforeAll(async () => {
    hub = await startTestHub({ config: { metricsToken: TOKEN } });
    base = hub.server.url.replace(/\/graphql$/, "");
  });
  afterAll(() => hub.stop());

  const scrape = async () => {
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const families = parsePrometheusTextFormat(text);
    return Object.assign(new Map(families.map((f) => [f.name, f])), { text });
  };
  const value = (families: Map<string, Family>, name: string, labels: Record<string, string> = {}) => {
    const m = families.get(name)?.metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
    // (This parser keeps a histogram's buckets only: its count is the +Inf bucket.)
    return Number(m?.value ?? m?.buckets?.["+Inf"] ?? 0);
  };

  it("is not public: no token, a wrong one or a signed-in user's gets nothing", async () => {
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${hub.token(DEMO_USERS.admin)}`]) {
      const res = await fetch(`${base}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toMatch(/hub_graphql/);
    }
  });

  it("parses as Prometheus text and moves when work happens", async () => {
    const before = await scrape();
    for (const name of [
      "hub_graphql_requests_total",
      "hub_graphql_request_duration_seconds",
      "hub_websocket_connections",
      "hub_subscriptions",
      "hub_case_event_read_lag_seconds",
      "hub_email_outbox",
      "hub_email_oldest_pending_seconds",
      "hub_webhook_endpoints",
      "hub_webhook_oldest_undelivered_seconds",
      "hub_job_runs_total",
      "hub_job_duration_seconds",
      "hub_job_leader",
      "hub_db_pool_connections",
      "hub_process_cpu_seconds_total",
    ])
      expect([name, before.has(name)]).toEqual([name, true]);
    expect(value(before, "hub_metrics_database_read_ok")).toBe(1);

    // Requests by operation and outcome.
    expect((await hub.gql(DEMO_USERS.iroAlex, `{ me { user { id } } }`)).errors).toBeUndefined();
    await hub.gql(DEMO_USERS.iroAlex, `{ proceedings(id: "00000000-0000-0000-0000-000000000000") { id } }`);
    // A socket with a subscription, and a case event read for it.
    const ws = hub.ws(DEMO_USERS.iroAlex);
    const sub = hub.subscribe(ws, `subscription { caseEvents { kind } }`);
    await hub.streamsOpen(1);
    const [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    await hub.filePaper(caseId);
    await sub.waitFor(1);
    hub.runtime.jobs!.runNow();
    await new Promise((r) => setTimeout(r, 500));

    const after = await scrape();
    expect(
      value(after, "hub_graphql_requests_total", { operation: "query.me", outcome: "OK" }) -
        value(before, "hub_graphql_requests_total", { operation: "query.me", outcome: "OK" }),
    ).toBe(1);
    expect(value(after, "hub_graphql_requests_total", { operation: "query.proceedings", outcome: "NOT_FOUND" })).toBeGreaterThanOrEqual(1);
    expect(after.text).toMatch(/^hub_graphql_request_duration_seconds_count\{operation="query\.me",outcome="OK"\} [1-9]/m);
    expect(value(after, "hub_websocket_connections")).toBeGreaterThanOrEqual(1);
    expect(value(after, "hub_subscriptions")).toBe(1);
    expect(value(after, "hub_case_event_read_lag_seconds")).toBeGreaterThan(value(before, "hub_case_event_read_lag_seconds"));
    expect(value(after, "hub_job_leader")).toBe(1);
    const jobRuns = (f: Map<string, Family>) => f.get("hub_job_runs_total")!.metrics.reduce((n, m) => n + Number(m.value), 0);
    expect(jobRuns(after)).toBeGreaterThan(jobRuns(before));
    expect(value(after, "hub_db_pool_connections")).toBeGreaterThan(0);
    sub.stop();
  });

  it("serves every metric the Grafana dashboard in docker/ charts", async () => {
    const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, "docker/grafana-dashboard.json"), "utf8")) as { panels: { targets: { expr: string }[] }[] };
    const used = new Set(
      dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/hub_[a-z0-9_]+/g) ?? [])).map((n) => n.replace(/_(bucket|sum|count)$/, "")),
    );
    expect(used.size).toBeGreaterThan(10);
    const served = await scrape();
    for (const name of used) expect([name, served.has(name)]).toEqual([name, true]);
  });
});
