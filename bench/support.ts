import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { EmbeddedDatabase, startEmbeddedPostgres } from "../src/core/db/embedded";
import type { DataSource } from "typeorm";
import { ensureDevIssuerKeys, signToken } from "../src/core/auth/dev-issuer";
import { Calendar, todayInEngland } from "../src/core/calendar/calendar";
import { generateNationalData, NationalData } from "../src/demo/national-data";

// A hub as production runs it, for benchmarks: its own embedded PostgreSQL and a separate
// `node dist/src/main.js` process with the demo data, on loopback ports.
export const ROOT = path.resolve(__dirname, "../..");

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface BenchHub {
  dataDir: string;
  databaseUrl: string;
  url: string;
  process: ChildProcess;
  token(subject: string): string;
  gql(subject: string, query: string, variables?: Record<string, unknown>): Promise<any>;
  stop(): Promise<void>;
}

export async function startBenchHub(env: Record<string, string> = {}): Promise<BenchHub> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-bench-"));
  fs.chmodSync(dataDir, 0o755); // PostgreSQL runs as its own OS user when we are root
  const pg: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: await freePort(), persistent: false });
  await pg.createDatabase("bench");
  const databaseUrl = pg.url("bench");
  const port = await freePort();
  const nodeArgs = (process.env.HUB_NODE_ARGS ?? "").split(" ").filter(Boolean); // e.g. "--cpu-prof" to profile the hub
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, "dist/src/main.js")], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      HUB_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      DEV_ISSUER: "true",
      ...env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  process.once("exit", () => child.kill("SIGKILL")); // never leave a hub behind if the bench fails
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 300) throw new Error("hub did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  const keys = ensureDevIssuerKeys(dataDir);
  const token = (sub: string) => signToken(keys, { issuer: "https://dev-issuer.proceedings-hub.local", audience: "proceedings-hub", subject: sub });
  const url = `http://127.0.0.1:${port}/graphql`;
  return {
    dataDir,
    databaseUrl,
    url,
    process: child,
    token,
    async gql(subject, query, variables) {
      const send = () =>
        fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token(subject)}` },
          body: JSON.stringify({ query, variables }),
        });
      // A kept-alive connection may have been closed by the server during a long benchmark step.
      const res = await send().catch(() => send());
      return res.json();
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The synthetic national data set (153 local authorities) in a bench hub's database, its
 * statistics refreshed; with `admin`, also a hub administrator (subject "admin") to ask for the
 * national figures.
 */
export async function seedNational(ds: DataSource, childrenPerYear: number, years: number, o: { admin?: boolean } = {}): Promise<NationalData> {
  const [issuer] = await ds.query("SELECT id FROM trusted_issuer LIMIT 1");
  const data = await generateNationalData(ds.manager, new Calendar(), {
    localAuthorities: 153,
    childrenPerYear,
    years,
    today: todayInEngland(),
    issuerId: issuer.id,
  });
  if (o.admin) {
    const [{ id: hubOrg }] = await ds.query("INSERT INTO organisation (name, kind, issuer_id) VALUES ('Hub', 'HUB', $1) RETURNING id", [issuer.id]);
    await ds.query(
      "INSERT INTO hub_user (organisation_id, issuer_id, subject, display_name, email, roles) VALUES ($1, $2, 'admin', 'Admin', 'a@x.uk', '{HUB_ADMIN}')",
      [hubOrg, issuer.id],
    );
  }
  await ds.query("ANALYZE");
  return data;
}

/** The README's case list query (its `myCases` part), as the HTTP benchmarks send it. */
export const MY_CASES_BODY = JSON.stringify({
  query: `{ myCases(first: 10) { edges { node { courtCaseNumber issueDate timetable { finalHearingDueDate cmhDueDate weeksRunning }
      children { givenName familyName parties { role person { displayName email } current } } hearings { type date }
      protocolNotices { step sentTo contacts { name email phone } } } } } }`,
});

/** POSTs a JSON body; resolves 0 for a 200 answer without GraphQL errors, 1 for anything else. */
export function post(url: URL | string, body: string, headers: Record<string, string>, agent: http.Agent): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        let ok = res.statusCode === 200;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          if (ok && Buffer.concat(chunks).includes('"errors"')) ok = false;
          resolve(ok ? 0 : 1);
        });
      },
    );
    req.on("error", () => resolve(1));
    req.end(body);
  });
}
