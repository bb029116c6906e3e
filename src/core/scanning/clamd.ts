import net from "node:net";
import { Readable } from "node:stream";

// A small client for ClamAV's daemon (clamd): its INSTREAM command over TCP or a Unix socket.
// The whole protocol is: "zINSTREAM\0", then the bytes in chunks, each after its length as a
// 4-byte big-endian number, then a zero length; clamd answers one line, "stream: OK",
// "stream: <signature> FOUND" or "<reason> ERROR" (size limit exceeded, for one). Anything but a
// clear OK or FOUND is the scanner being unavailable: the caller holds the file (fail closed).

export type ScanVerdict = { clean: true } | { clean: false; signature: string };

/** clamd could not be reached, gave up, or answered something other than OK or FOUND. */
export class ScannerUnavailable extends Error {}

/** Where clamd listens: `tcp://host:port`, or `unix:///path/to/clamd.ctl` (or just the path). */
export function scannerAddress(url: string): net.NetConnectOpts {
  if (url.startsWith("/")) return { path: url };
  const u = new URL(url);
  if (u.protocol === "unix:") return { path: u.pathname };
  if (u.protocol === "tcp:" && u.hostname && u.port) return { host: u.hostname.replace(/^\[|\]$/g, ""), port: Number(u.port) };
  throw new Error(`CLAMD_URL must be tcp://host:port or unix:///path, got "${url}"`);
}

/** The largest chunk sent at once (clamd reads each into a buffer of its own). */
const CHUNK = 64 * 1024;

function talk(url: string, timeoutMs: number, send: (socket: net.Socket) => Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(scannerAddress(url));
    let answer = "";
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(err instanceof ScannerUnavailable ? err : new ScannerUnavailable(`clamd at ${url}: ${err instanceof Error ? err.message : String(err)}`));
    };
    socket.setTimeout(timeoutMs, () => fail(new ScannerUnavailable(`clamd at ${url} did not answer within ${timeoutMs} ms`)));
    socket.on("error", fail);
    socket.on("data", (d) => (answer += d.toString("latin1")));
    // clamd answers, then closes; it may answer early (a size limit) while we are still sending.
    socket.on("close", () => {
      if (settled) return;
      settled = true;
      resolve(answer.replace(/\0+$/, "").trim());
    });
    socket.once("connect", () => send(socket).catch(fail));
  });
}

function write(socket: net.Socket, data: Buffer): Promise<void> {
  if (socket.destroyed || socket.writableEnded) return Promise.resolve();
  return socket.write(data) ? Promise.resolve() : new Promise((resolve) => socket.once("drain", resolve));
}

/** Scans a stream's bytes with clamd. A failure to read the stream itself rejects with that error. */
export async function scanStream(url: string, body: Readable, timeoutMs: number): Promise<ScanVerdict> {
  let readError: unknown = null;
  const answer = await talk(url, timeoutMs, async (socket) => {
    await write(socket, Buffer.from("zINSTREAM\0", "latin1"));
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        for (let at = 0; at < chunk.length; at += CHUNK) {
          const part = chunk.subarray(at, at + CHUNK);
          const length = Buffer.alloc(4);
          length.writeUInt32BE(part.length);
          await write(socket, length);
          await write(socket, part);
        }
      }
    } catch (err) {
      // The stored file could not be read: say so, not that the scanner failed.
      readError = err;
      socket.destroy();
      return;
    }
    await write(socket, Buffer.alloc(4));
  });
  if (readError) throw readError;
  return verdictOf(url, answer);
}

export function verdictOf(url: string, answer: string): ScanVerdict {
  if (answer === "stream: OK") return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(answer);
  if (found) return { clean: false, signature: found[1] };
  throw new ScannerUnavailable(`clamd at ${url} answered ${answer ? JSON.stringify(answer) : "nothing"}`);
}

/** Whether clamd answers PING (for the readiness check and the tests). */
export async function scannerAnswers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    return (await talk(url, timeoutMs, (s) => write(s, Buffer.from("zPING\0", "latin1")))) === "PONG";
  } catch {
    return false;
  }
}
