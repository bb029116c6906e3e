import net from "node:net";
import { Readable } from "node:stream";

// A small client for ClamAV's daemon (clamd): its INSTREAM command over TCP or a Unix socket.
// The whole protocol is: "zINSTREAM\0", then the bytes in chunks, each after its length as a
// 4-byte big-endian number, then a zero length; clamd answers one line, "stream: OK",
// "stream: <signature> FOUND" or "<reason> ERROR" (size limit exceeded, for one). Anything but a
// clear OK or FOUND is the scanner being unavailable: the caller holds the file (fail closed).

export type ScanVerdict = { clean: true } | { clean: false; signature: string };

/** clamd could not be reached, or did not answer in time: every paper waits until it does. */
export class ScannerUnavailable extends Error {}

/**
 * clamd answered, but could not scan this file (over its StreamMaxLength, or past the limits it
 * scans within, with AlertExceedsMax on): this paper is held, the others go on being scanned.
 */
export class ScanFailed extends Error {}

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
    const deadline = setTimeout(() => fail(new ScannerUnavailable(`clamd at ${url} did not answer within ${timeoutMs} ms`)), timeoutMs);
    const fail = (err: unknown) => {
      if (settled) return;
      // An answer already in (clamd refused the stream, then closed before we stopped sending)
      // is the verdict; the write that failed after it is not.
      if (answer && !(err instanceof ScannerUnavailable && /did not answer/.test(err.message))) {
        settled = true;
        clearTimeout(deadline);
        socket.destroy();
        resolve(answer.replace(/\0+$/, "").trim());
        return;
      }
      settled = true;
      clearTimeout(deadline);
      socket.destroy();
      reject(err instanceof ScannerUnavailable ? err : new ScannerUnavailable(`clamd at ${url}: ${err instanceof Error ? err.message : String(err)}`));
    };
    socket.on("error", fail);
    socket.on("data", (d) => (answer += d.toString("latin1")));
    // clamd answers, then closes; it may answer early (a size limit) while we are still sending.
    socket.on("close", () => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(answer.replace(/\0+$/, "").trim());
    });
    socket.once("connect", () => send(socket).catch(fail));
  });
}

/** Writes, waiting for the socket to drain; a socket that closes or fails meanwhile stops the wait too. */
function write(socket: net.Socket, data: Buffer): Promise<void> {
  if (socket.destroyed || socket.writableEnded) return Promise.resolve();
  if (socket.write(data)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      socket.off("drain", done).off("close", done).off("error", done);
      resolve();
    };
    socket.on("drain", done).on("close", done).on("error", done);
  });
}

/** Scans a stream's bytes with clamd. A failure to read the stream itself rejects with that error. */
export async function scanStream(url: string, body: Readable, timeoutMs: number): Promise<ScanVerdict> {
  let readError: unknown = null;
  let sent = 0;
  let answer: string;
  try {
    answer = await talk(url, timeoutMs, async (socket) => {
      await write(socket, Buffer.from("zINSTREAM\0", "latin1"));
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          // clamd has answered (or we gave up): read no more of the file.
          if (socket.destroyed) break;
          for (let at = 0; at < chunk.length; at += CHUNK) {
            const part = chunk.subarray(at, at + CHUNK);
            const length = Buffer.alloc(4);
            length.writeUInt32BE(part.length);
            await write(socket, length);
            await write(socket, part);
            sent += part.length;
          }
        }
      } catch (err) {
        // The stored file could not be read: say so, not that the scanner failed.
        readError = err;
        socket.destroy();
        return;
      } finally {
        body.destroy();
      }
      await write(socket, Buffer.alloc(4));
    });
  } catch (err) {
    // clamd cut the connection while the file was on its way. When it answers straight after,
    // it was this file it would not take (over its StreamMaxLength: its answer was lost with the
    // connection), not the scanner that is down.
    if (err instanceof ScannerUnavailable && sent > 0 && !/did not answer/.test(err.message) && (await scannerAnswers(url, 2000))) {
      throw new ScanFailed(`clamd closed the connection after ${sent} bytes of the file (over its size limit, StreamMaxLength?)`);
    }
    throw err;
  }
  if (readError) throw readError;
  return verdictOf(url, answer);
}

export function verdictOf(url: string, answer: string): ScanVerdict {
  if (answer === "stream: OK") return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(answer);
  // Past clamd's scan limits (AlertExceedsMax): not malware, and not scanned either.
  if (found && found[1].startsWith("Heuristics.Limits.Exceeded")) throw new ScanFailed(`clamd could not scan the whole file (${found[1]})`);
  if (found) return { clean: false, signature: found[1] };
  if (/ERROR$/.test(answer)) throw new ScanFailed(`clamd could not scan the file: ${answer}`);
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
