import { ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { cloneDatabase } from "./support/test-hub";

// The hub as a user starts it: `node dist/src/main.js` (what `npm start` runs after building),
// here against an external database via DATABASE_URL. It migrates, trusts the development
// issuer, loads the demo, answers the README's first query, and stops cleanly on SIGTERM.
const ROOT = path.resolve(__dirname, "../..");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe("the hub process", () => {
  let child: ChildProcess;
  let output = "";
  let port: number;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    port = await freePort();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-main-"));
    env = { ...process.env, DATABASE_URL: await cloneDatabase(), PORT: String(port), HOST: "127.0.0.1", HUB_DATA_DIR: dataDir, LOG_LEVEL: "info" };
    child = spawn(process.execPath, [path.join(ROOT, "dist/src/main.js")], { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const deadline = Date.now() + 30_000;
    while (!output.includes("Proceedings Hub ready")) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`hub did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 40_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });

  it("answers the README's first query with a token from `npm run token`", async () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const query = /```graphql\n([\s\S]*?)```/.exec(readme)![1];
    const tokenRun = spawnSync(process.execPath, [path.join(ROOT, "dist/src/scripts/token.js"), "iro.alex"], { env, encoding: "utf8" });
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

  it("logs structured lines with a request id", async () => {
    // The log line may reach us a moment after the response did.
    for (let i = 0; i < 40 && !output.includes('"path":"/graphql"'); i++) await new Promise((r) => setTimeout(r, 50));
    const requestLine = output
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === "request" && l.path === "/graphql");
    expect(requestLine).toMatchObject({ level: "info", method: "POST", status: 200, requestId: expect.any(String) });
  });

  it("stops cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  });
});
