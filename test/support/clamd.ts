import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { scannerAnswers } from "../../src/core/scanning/clamd";
import { freePort } from "./hub-process";

// A real ClamAV daemon (Debian's clamav-daemon, which .ci/run installs) for the tests, on a
// signature database of the project's own: the public mirrors cannot be reached from here. Two
// body signatures: the EICAR test file's string (found wherever it appears, as inside a PDF) and
// a marker of the tests' own.

export const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
export const TEST_MARKER = "PROCEEDINGS-HUB-TEST-MALWARE-MARKER";

const hex = (s: string) => Buffer.from(s, "latin1").toString("hex");

function clamdBinary(): string {
  const found = [process.env.CLAMD_BIN, "/usr/sbin/clamd", "/usr/bin/clamd"].find((p) => p && fs.existsSync(p));
  if (!found) throw new Error("clamd not found: install Debian's clamav-daemon (.ci/run does), or set CLAMD_BIN");
  return found;
}

export interface TestClamd {
  url: string;
  /** Stops the daemon (the port stays this scanner's: start() brings it back there). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

export async function startClamd(): Promise<TestClamd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-test-clamd-"));
  const db = path.join(dir, "db");
  const tmp = path.join(dir, "tmp");
  fs.mkdirSync(db);
  fs.mkdirSync(tmp);
  fs.writeFileSync(path.join(db, "hub-test.ndb"), `Eicar-Test-Signature:0:*:${hex(EICAR)}\nHub-Test-Marker:0:*:${hex(TEST_MARKER)}\n`);
  const port = await freePort();
  const conf = path.join(dir, "clamd.conf");
  fs.writeFileSync(
    conf,
    [
      "Foreground yes",
      `TCPSocket ${port}`,
      "TCPAddr 127.0.0.1",
      `DatabaseDirectory ${db}`,
      `TemporaryDirectory ${tmp}`,
      // No bytecode signatures here: without this clamd spends seconds starting its bytecode engine.
      "Bytecode no",
      // Small, so that a test can send a file over it (production sets it to MAX_UPLOAD_BYTES).
      "StreamMaxLength 1M",
      "AlertExceedsMax yes",
      ...(process.getuid?.() === 0 ? ["User root"] : []),
    ].join("\n") + "\n",
  );
  const url = `tcp://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let output = "";

  const start = async () => {
    output = "";
    const c = spawn(clamdBinary(), ["-c", conf], { stdio: ["ignore", "pipe", "pipe"] });
    child = c;
    c.stdout!.on("data", (d) => (output += d));
    c.stderr!.on("data", (d) => (output += d));
    const deadline = Date.now() + 30_000;
    while (!(await scannerAnswers(url, 1000))) {
      if (c.exitCode !== null || Date.now() > deadline) throw new Error(`clamd did not start:\n${output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill("SIGKILL");
    });
  };
  await start();
  return {
    url,
    start,
    stop,
    async close() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
