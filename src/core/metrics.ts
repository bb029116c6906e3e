import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { DataSource } from "typeorm";

// Metrics for Prometheus (prom-client), one registry per hub runtime. What an operator watches:
// GraphQL requests and their latency by operation and outcome, WebSocket connections and
// subscriptions, how far behind this process reads case events, the email outbox, webhook
// endpoints, background jobs, the database pool. Served at /metrics only with METRICS_TOKEN (or
// on METRICS_PORT, a port of its own for the internal network): never public.

export class HubMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<"operation" | "outcome">;
  readonly latency: Histogram<"operation" | "outcome">;
  readonly eventReadLag: Histogram;
  readonly jobRuns: Counter<"job" | "outcome">;
  readonly jobDuration: Histogram<"job">;
  readonly paperScans: Counter<"outcome">;
  /** Read at scrape time (set by the server: its sockets, streams and jobs). */
  readonly live = { connections: () => 0, subscriptions: () => 0, leading: () => false };

  constructor(dataSource: DataSource) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: "hub_" });
    this.requests = new Counter({
      name: "hub_graphql_requests_total",
      help: "GraphQL operations answered, by operation (type and root field) and outcome (OK or the first error's code)",
      labelNames: ["operation", "outcome"],
      registers,
    });
    this.latency = new Histogram({
      name: "hub_graphql_request_duration_seconds",
      help: "Time to answer a GraphQL operation over HTTP",
      labelNames: ["operation", "outcome"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.eventReadLag = new Histogram({
      name: "hub_case_event_read_lag_seconds",
      help: "From a case event's commit to this process reading it for its subscribers",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.jobRuns = new Counter({ name: "hub_job_runs_total", help: "Background job runs, by job and outcome", labelNames: ["job", "outcome"], registers });
    this.jobDuration = new Histogram({
      name: "hub_job_duration_seconds",
      help: "Background job run time",
      labelNames: ["job"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    });
    this.paperScans = new Counter({
      name: "hub_paper_scans_total",
      help: "Virus scans of papers' files, by outcome: clean, found (quarantined), unavailable (the scanner could not be reached), error",
      labelNames: ["outcome"],
      registers,
    });
    const live = this.live;
    new Gauge({ name: "hub_websocket_connections", help: "Open WebSocket connections", registers, collect: countOf(() => live.connections()) });
    new Gauge({ name: "hub_subscriptions", help: "Case-event streams this process serves", registers, collect: countOf(() => live.subscriptions()) });
    new Gauge({ name: "hub_job_leader", help: "1 when this process runs the background jobs", registers, collect: countOf(() => (live.leading() ? 1 : 0)) });

    // The database pool (pg's Pool under TypeORM).
    const pool = () => (dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
    new Gauge({
      name: "hub_db_pool_connections",
      help: "Database connections held by this process",
      registers,
      collect: countOf(() => pool()?.totalCount ?? 0),
    });
    new Gauge({ name: "hub_db_pool_idle", help: "Idle database connections", registers, collect: countOf(() => pool()?.idleCount ?? 0) });
    new Gauge({ name: "hub_db_pool_waiting", help: "Queries waiting for a database connection", registers, collect: countOf(() => pool()?.waitingCount ?? 0) });

    // The outbox and the webhooks, read from the database at scrape time (small, indexed queries).
    const outbox = new Gauge({ name: "hub_email_outbox", help: "Notice emails by status", labelNames: ["status"], registers });
    const oldest = new Gauge({ name: "hub_email_oldest_pending_seconds", help: "Age of the oldest email waiting to be sent", registers });
    const held = new Gauge({
      name: "hub_papers_held_for_scan",
      help: "Papers not yet released because the scanner has not passed them, by scan status",
      labelNames: ["status"],
      registers,
    });
    const heldFor = new Gauge({ name: "hub_papers_held_oldest_seconds", help: "How long the oldest paper held for the scanner has waited", registers });
    const endpoints = new Gauge({ name: "hub_webhook_endpoints", help: "Webhook endpoints by status", labelNames: ["status"], registers });
    const behind = new Gauge({
      name: "hub_webhook_oldest_undelivered_seconds",
      help: "Age of the oldest case event an active endpoint has not yet been sent",
      registers,
    });
    new Gauge({
      name: "hub_metrics_database_read_ok",
      help: "1 when the scrape could read the outbox and webhook figures",
      registers,
      async collect() {
        try {
          const [mail] = (await dataSource.query(
            `SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending, count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
                    coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'PENDING')), 0)::float AS oldest
               FROM email_message`,
          )) as { pending: number; failed: number; oldest: number }[];
          outbox.set({ status: "pending" }, mail.pending);
          outbox.set({ status: "failed" }, mail.failed);
          oldest.set(mail.oldest);
          const [scan] = (await dataSource.query(
            `SELECT count(*) FILTER (WHERE scan_status = 'AWAITING_SCAN')::int AS awaiting, count(*) FILTER (WHERE scan_status = 'SCANNER_UNAVAILABLE')::int AS unavailable,
                    coalesce(extract(epoch FROM now() - min(filed_at)), 0)::float AS oldest
               FROM court_document WHERE scan_status IN ('AWAITING_SCAN', 'SCANNER_UNAVAILABLE') AND status <> 'WITHDRAWN'`,
          )) as { awaiting: number; unavailable: number; oldest: number }[];
          held.set({ status: "awaiting_scan" }, scan.awaiting);
          held.set({ status: "scanner_unavailable" }, scan.unavailable);
          heldFor.set(scan.oldest);
          const hooks = (await dataSource.query(
            `SELECT status, count(*)::int AS n,
                    max(extract(epoch FROM now() - (SELECT e.occurred_at FROM case_event e
                                                     WHERE (e.tx_id, e.id) > (w.cursor_tx_id, w.cursor_id)
                                                     ORDER BY e.tx_id, e.id LIMIT 1))) FILTER (WHERE status = 'ACTIVE')::float AS behind
               FROM webhook_endpoint w GROUP BY status`,
          )) as { status: string; n: number; behind: number | null }[];
          endpoints.reset();
          for (const h of hooks) endpoints.set({ status: h.status.toLowerCase() }, h.n);
          behind.set(Math.max(0, ...hooks.map((h) => h.behind ?? 0)));
          this.set(1);
        } catch {
          this.set(0);
        }
      },
    });
  }

  paperScan(outcome: "clean" | "found" | "unavailable" | "error"): void {
    this.paperScans.inc({ outcome });
  }

  /** A job's run, as jobs.ts times it. */
  jobRun(job: string, outcome: "ok" | "failed", ms: number): void {
    this.jobRuns.inc({ job, outcome });
    this.jobDuration.observe({ job }, ms / 1000);
  }
}

function countOf(read: () => number) {
  return function (this: Gauge) {
    this.set(read());
  };
}
