import "reflect-metadata";
import crypto from "node:crypto";
import { Client, Pool } from "pg";
import { DataSource } from "typeorm";
import WebSocket from "ws";
import { createClient, Client as WsClient } from "graphql-ws";
import { loadConfig, HubConfig } from "../../src/core/config";
import { createLogger } from "../../src/core/logger";
import { Calendar } from "../../src/core/calendar/calendar";
import { SettableClock } from "../../src/core/clock";
import { QueryCounter } from "../../src/core/db/data-source";
import { MODULES, openHubDataSource } from "../../src/app";
import { HubRuntime } from "../../src/core/context";
import { signToken } from "../../src/core/auth/dev-issuer";
import { ensureDevIssuer, seedDemo, DEMO_USERS } from "../../src/demo/seed";
import { HubServer, startServer } from "../../src/server";
import { startJobs } from "../../src/core/jobs";
import { TrustedIssuer } from "../../src/modules/directory/directory.module";
import { FileSystemStorage } from "../../src/core/storage/fs-storage";
import { DocumentStorage } from "../../src/core/storage/storage";
import { syncCalendarTable } from "../../src/core/calendar/calendar-day.entity";
import { generateAuditKeyPem, readAuditKey } from "../../src/core/audit/audit-key";
import { ORIGIN, hasPendingEvents } from "../../src/core/events/events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// A real hub for a test file: its own database cloned from the migrated template, the demo
// data as a fixture, a real HTTP/WebSocket server on a free port, and clients that talk to it
// the way any other client would.

export const ISSUER = "https://dev-issuer.proceedings-hub.local";
export const AUDIENCE = "proceedings-hub";

export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown }; path?: unknown[] }[];
  headers: Headers;
}

export interface TestHub {
  server: HubServer;
  runtime: HubRuntime;
  dataSource: DataSource;
  queryCounter: QueryCounter;
  clock: SettableClock;
  keys: { privateKeyPem: string; publicKeyPem: string };
  /** The role the hub serves as (owns nothing). */
  databaseUrl: string;
  /** The database owner's URL: what `sql` runs as. */
  ownerUrl: string;
  /** Where this hub's document storage keeps files. */
  storageDir: string;
  token(subject: string, claims?: Partial<{ issuer: string; audience: string; expiresInSeconds: number; notBefore: number }>): string;
  gql<T = any>(subjectOrToken: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
  ws(subjectOrToken: string): WsClient;
  wsRequest<T = any>(client: WsClient, query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
  subscribe(client: WsClient, query: string, variables?: Record<string, unknown>): Subscription;
  /** PUT bytes to an upload URL (relative to the server) as a user. */
  upload(subjectOrToken: string, uploadUrl: string, body: Buffer): Promise<{ status: number; body: any }>;
  /** GET a document's content as a user. */
  download(subjectOrToken: string, url: string): Promise<{ status: number; body: Buffer; headers: Headers }>;
  userId(subject: string): Promise<string>;
  /** Files a small PDF (a C110A unless `input` says otherwise) as the legal department; returns its document id. */
  filePaper(proceedingsId: string, input?: Record<string, unknown>): Promise<string>;
  /**
   * Waits until every committed case event is final (readable by the feed) and this process has
   * read it. Transaction ids are
   * cluster-wide, so another test file's open transaction briefly holds events back everywhere.
   */
  eventsSettled(): Promise<void>;
  /** Waits until this process serves exactly `count` case-event streams (a live-only subscriber's starting point is fixed once its stream opens). */
  streamsOpen(count: number): Promise<void>;
  /** The cursor at the end of a user's case event feed: subscribe `after` it to miss nothing from now on. */
  feedEnd(subjectOrToken: string): Promise<string | null>;
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export { DEMO_USERS };

/** A fresh database cloned from the migrated template: the serving role's URL, and the owner's. */
export async function cloneDatabase(): Promise<{ servingUrl: string; ownerUrl: string }> {
  const serverUrl = process.env.HUB_TEST_SERVER_URL!;
  const template = process.env.HUB_TEST_TEMPLATE!;
  const name = `hub_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template} OWNER hub_test_owner`);
        break;
      } catch (err) {
        // Two files cloning at the same instant can collide on the template; try again.
        if (attempt > 20) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const at = (url: string) => {
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  return { servingUrl: at(process.env.HUB_TEST_SERVING_URL!), ownerUrl: at(process.env.HUB_TEST_OWNER_URL!) };
}

export async function startTestHub(
  options: {
    today?: string;
    config?: Partial<HubConfig>;
    seed?: boolean;
    /** Serve another hub's database (a second process), trusting the same test issuer. */
    attachTo?: TestHub;
    /** Document storage other than a temporary directory (e.g. an S3-compatible server). */
    storage?: DocumentStorage;
    /** A migrated, empty database of the test's own instead of a clone of the template. */
    databaseUrl?: string;
    /** Run the modules' background jobs (default true); off for tests that count SQL statements. */
    jobs?: boolean;
  } = {},
): Promise<TestHub> {
  const clone = options.attachTo || options.databaseUrl ? null : await cloneDatabase();
  const databaseUrl = options.attachTo?.databaseUrl ?? options.databaseUrl ?? clone!.servingUrl;
  const ownerUrl = options.attachTo?.ownerUrl ?? options.databaseUrl ?? clone!.ownerUrl;
  const queryCounter = new QueryCounter();
  const dataSource = await openHubDataSource(databaseUrl, queryCounter);
  // The test's own statements (setting up, tampering) run as the database's owner, not as the hub.
  const owner = new Pool({ connectionString: ownerUrl, max: 2 });
  owner.on("error", () => undefined);
  const clock = new SettableClock();
  const storageDir = options.attachTo?.storageDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "hub-test-storage-"));
  if (options.today) clock.setToday(options.today);
  const auditDir = options.attachTo
    ? path.dirname(options.attachTo.runtime.config.auditCheckpointDir)
    : fs.mkdtempSync(path.join(os.tmpdir(), "hub-test-audit-"));
  const auditKeyFile = path.join(auditDir, "audit-key.pem");
  if (!options.attachTo) fs.writeFileSync(auditKeyFile, generateAuditKeyPem(), { mode: 0o600 });
  const config: HubConfig = {
    ...loadConfig({}),
    logLevel: "silent",
    auditKeyFile,
    auditCheckpointDir: path.join(auditDir, "checkpoints"),
    ...options.config,
  };
  const runtime: HubRuntime = {
    config,
    databaseUrl,
    dataSource,
    logger: createLogger(process.env.HUB_TEST_LOG === "1" ? "debug" : "silent"),
    calendar: new Calendar(config.extraBankHolidays),
    clock,
    modules: MODULES,
    storage: options.storage ?? new FileSystemStorage(storageDir),
    auditKey: readAuditKey(auditKeyFile),
  };
  if (!options.attachTo) await syncCalendarTable(dataSource.manager, runtime.calendar);
  let keys = options.attachTo?.keys;
  if (!keys) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    keys = {
      privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    };
    const issuer: TrustedIssuer = await ensureDevIssuer(runtime, { issuer: ISSUER, audience: AUDIENCE, publicKeyPem: keys.publicKeyPem });
    if (options.seed !== false) await seedDemo(runtime, issuer);
  }
  const signingKeys = keys;
  if (config.devIssuer.enabled) runtime.devIssuer = { issuer: ISSUER, audience: AUDIENCE, privateKeyPem: keys.privateKeyPem };
  const server = await startServer(runtime, { port: 0, host: "127.0.0.1" });
  const jobs = options.jobs === false ? { stop: async () => undefined, runNow: () => undefined, leading: () => false } : startJobs(runtime);
  runtime.jobs = jobs;

  const token: TestHub["token"] = (subject, claims = {}) => signToken(signingKeys, { issuer: ISSUER, audience: AUDIENCE, subject, ...claims });
  const bearer = (subjectOrToken: string) => (subjectOrToken.split(".").length === 3 ? subjectOrToken : token(subjectOrToken));

  const sockets: WsClient[] = [];
  const hub: TestHub = {
    server,
    runtime,
    dataSource,
    queryCounter,
    clock,
    keys,
    databaseUrl,
    storageDir,
    token,
    async gql(subjectOrToken, query, variables) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (subjectOrToken) headers.authorization = `Bearer ${bearer(subjectOrToken)}`;
      const res = await fetch(server.url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: unknown; errors?: GqlResponse["errors"] };
      return { status: res.status, data: body.data as any, errors: body.errors, headers: res.headers };
    },
    ws(subjectOrToken) {
      const client = createClient({
        url: server.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${bearer(subjectOrToken)}` },
        retryAttempts: 0,
        lazy: true,
        lazyCloseTimeout: 60_000, // keep the socket open between operations, as a real client would
      });
      sockets.push(client);
      return client;
    },
    wsRequest(client, query, variables) {
      return new Promise((resolve, reject) => {
        let result: GqlResponse | undefined;
        client.subscribe(
          { query, variables },
          {
            next: (value) => {
              result = { status: 200, data: value.data as any, errors: value.errors as any, headers: new Headers() };
            },
            error: (err) => {
              if (Array.isArray(err)) resolve({ status: 200, errors: err as any, headers: new Headers() });
              else reject(err);
            },
            complete: () => resolve(result!),
          },
        );
      });
    },
    async upload(subjectOrToken, uploadUrl, body) {
      const res = await fetch(new URL(uploadUrl, server.url), {
        method: "PUT",
        headers: { authorization: `Bearer ${bearer(subjectOrToken)}`, "content-type": "application/octet-stream" },
        body: new Uint8Array(body),
      });
      return { status: res.status, body: await res.json() };
    },
    async download(subjectOrToken, url) {
      const res = await fetch(new URL(url, server.url), { headers: { authorization: `Bearer ${bearer(subjectOrToken)}` } });
      return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
    },
    subscribe(client, query, variables) {
      return collect(client, query, variables);
    },
    async eventsSettled() {
      const deadline = Date.now() + 30_000;
      while (await hasPendingEvents(dataSource.manager, ORIGIN)) {
        if (Date.now() > deadline) throw new Error("case events were still not final after 30 s: a transaction elsewhere is held open");
        await new Promise((r) => setTimeout(r, 20));
      }
      // ...and this process has read them, so its end of the stream is past them too.
      await runtime.eventHub?.poll();
    },
    async streamsOpen(count) {
      for (let i = 0; i < 400 && runtime.eventHub?.streams !== count; i++) await new Promise((r) => setTimeout(r, 25));
      if (runtime.eventHub?.streams !== count) throw new Error(`expected ${count} open case-event streams, found ${runtime.eventHub?.streams}`);
    },
    async feedEnd(subjectOrToken) {
      await hub.eventsSettled();
      let after: string | null = null;
      for (;;) {
        const res: GqlResponse = await hub.gql(
          subjectOrToken,
          `query($a: String) { caseEventFeed(first: 100, after: $a) { pageInfo { hasNextPage endCursor } } }`,
          { a: after },
        );
        after = res.data.caseEventFeed.pageInfo.endCursor ?? after;
        if (!res.data.caseEventFeed.pageInfo.hasNextPage) return after;
      }
    },
    async filePaper(proceedingsId, input = {}) {
      const slot = await hub.gql(DEMO_USERS.legal, `mutation($i: CreateUploadSlotInput!) { createUploadSlot(input: $i) { uploadUrl documentId } }`, {
        i: {
          proceedingsId,
          type: "C110A_APPLICATION",
          title: "Application",
          documentDate: clock.today(),
          confidentiality: "OPEN",
          fileName: "application.pdf",
          contentType: "application/pdf",
          idempotencyKey: crypto.randomUUID(),
          ...input,
        },
      });
      if (slot.errors) throw new Error(`upload slot refused: ${JSON.stringify(slot.errors)}`);
      const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(500, 0x20), Buffer.from("\n%%EOF\n")]);
      const up = await hub.upload(DEMO_USERS.legal, slot.data.createUploadSlot.uploadUrl, pdf);
      if (up.status !== 201) throw new Error(`upload refused: ${up.status} ${JSON.stringify(up.body)}`);
      return slot.data.createUploadSlot.documentId;
    },
    async userId(subject) {
      const [row] = await dataSource.query("SELECT id FROM hub_user WHERE subject = $1", [subject]);
      if (!row) throw new Error(`no user ${subject}`);
      return row.id;
    },
    ownerUrl,
    async sql(text, params) {
      return (await owner.query(text, params)).rows;
    },
    async stop() {
      await Promise.all(sockets.map((s) => s.dispose()));
      await jobs.stop();
      await server.close();
      await dataSource.destroy();
      await owner.end().catch(() => undefined);
      // Nothing left in the temporary directory (a hub attached to another shares its folders).
      if (!options.attachTo) fs.rmSync(auditDir, { recursive: true, force: true });
      if (!options.attachTo && !options.storage) fs.rmSync(storageDir, { recursive: true, force: true });
    },
  };
  // The demo's events must be final and read before any test takes "the end of the feed":
  // another file's open transaction in the shared PostgreSQL can hold them back for a while.
  if (!options.attachTo) await hub.eventsSettled();
  return hub;
}

/** The codes of a response's errors, for compact assertions. */
export function codes(res: GqlResponse): (string | undefined)[] {
  return (res.errors ?? []).map((e) => e.extensions?.code);
}

/** A live subscription whose events a test can wait for. */
export interface Subscription {
  events: any[];
  errors: unknown[];
  waitFor(count: number, timeoutMs?: number): Promise<any[]>;
  /** Waits until an event matching `found` has arrived; returns every event so far. */
  waitUntil(found: (event: any) => boolean, timeoutMs?: number): Promise<any[]>;
  stop(): void;
}

function collect(client: WsClient, query: string, variables?: Record<string, unknown>): Subscription {
  const events: any[] = [];
  const errors: unknown[] = [];
  let notify: (() => void) | null = null;
  const stop = client.subscribe(
    { query, variables },
    {
      next: (v) => {
        if (v.errors) errors.push(...v.errors);
        if (v.data) events.push(Object.values(v.data)[0]);
        notify?.();
      },
      error: (e) => {
        errors.push(e);
        notify?.();
      },
      complete: () => undefined,
    },
  );
  // Woken by each event, with a periodic look as a backstop.
  async function waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<any[]> {
    const deadline = Date.now() + timeoutMs;
    while (!done() && !errors.length) {
      if (Date.now() > deadline) throw new Error(`waited for ${what}, got ${events.length} events`);
      await new Promise<void>((r) => {
        notify = r;
        setTimeout(r, 50);
      });
    }
    if (errors.length) throw Object.assign(new Error("subscription failed"), { errors });
    return events;
  }
  return {
    events,
    errors,
    async waitFor(count, timeoutMs = 10_000) {
      return waitUntil(() => events.length >= count, timeoutMs, `${count} events`);
    },
    async waitUntil(found, timeoutMs = 10_000) {
      return waitUntil(() => events.some(found), timeoutMs, "a matching event");
    },
    stop,
  };
}
