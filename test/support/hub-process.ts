import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

// The hub as a user runs it: a separate process (node dist/src/main.js, or npm start), watched
// through its output. For the tests that start, kill and restart the real thing.

export const ROOT = path.resolve(__dirname, "../../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface HubProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves once the output contains `text` (or matches it); rejects if the process exits first. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  exited(): Promise<number | null>;
  /** JSON log lines so far. */
  logLines(): Record<string, any>[];
}

export function spawnHub(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): HubProcess {
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited: () => exit,
    async waitFor(text, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      const found = () => (typeof text === "string" ? out.includes(text) : text.test(out));
      while (!found()) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`hub exited (${child.exitCode ?? child.signalCode}) before "${text}":\n${out}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}":\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    logLines() {
      return out
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => {
          try {
            return JSON.parse(l);
          } catch {
            return {};
          }
        });
    },
  };
}

/** Is anything accepting TCP connections on this port? */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 15_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** The environment of a hub process on a test database (cloneDatabase), with the development issuer on. */
export function hubProcessEnv(db: { servingUrl: string; ownerUrl: string }, dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: db.servingUrl,
    DATABASE_OWNER_URL: db.ownerUrl,
    DEV_ISSUER: "true",
    HOST: "127.0.0.1",
    HUB_DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    ...extra,
  };
}
