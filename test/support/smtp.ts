import { AddressInfo } from "node:net";
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from "smtp-server";

// A real SMTP server in the test process: what the hub sends arrives here over a socket, and a
// test can make it refuse (a 4xx reply, as a busy server would) before it accepts.

export interface ReceivedMail {
  to: string[];
  headers: Map<string, string>;
  subject: string;
  messageId: string;
  text: string;
  raw: string;
}

export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  /** Refuse the next `n` messages (that `match`, if given) with a temporary failure. */
  refuseNext(n: number, match?: (m: ReceivedMail) => boolean): void;
  /** Take the next `n` messages but never answer (a hub killed mid-send never hears back). */
  holdNext(n: number): void;
  /** Refuse every message to this address, permanently. */
  rejectAddress(address: string | null): void;
  /** Attempts the server answered (accepted or refused), with when. */
  attempts: { to: string[]; at: number; accepted: boolean; mail?: ReceivedMail }[];
  waitFor(found: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

function parse(raw: string, to: string[]): ReceivedMail {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of head.split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  let body = raw.slice(split + 4);
  if (/quoted-printable/i.test(headers.get("content-transfer-encoding") ?? "")) {
    body = Buffer.from(
      body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
      "latin1",
    ).toString("utf8");
  }
  return { to, headers, subject: headers.get("subject") ?? "", messageId: headers.get("message-id") ?? "", text: body.replace(/\r\n/g, "\n"), raw };
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const attempts: TestSmtp["attempts"] = [];
  let refusals = 0;
  let refuseOnly: ((m: ReceivedMail) => boolean) | null = null;
  let holds = 0;
  let rejected: string | null = null;
  let wake: (() => void) | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (rejected && address.address === rejected) {
        attempts.push({ to: [address.address], at: Date.now(), accepted: false });
        return callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const mail = parse(Buffer.concat(chunks).toString("utf8"), to);
        if (holds > 0) {
          holds--;
          attempts.push({ to, at: Date.now(), accepted: false, mail });
          wake?.();
          return; // no reply: the sender waits until it dies
        }
        if (refusals > 0 && (!refuseOnly || refuseOnly(mail))) {
          refusals--;
          attempts.push({ to, at: Date.now(), accepted: false, mail });
          return callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
        }
        attempts.push({ to, at: Date.now(), accepted: true, mail });
        received.push(mail);
        wake?.();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    attempts,
    refuseNext(n, match) {
      refusals = n;
      refuseOnly = match ?? null;
    },
    holdNext(n) {
      holds = n;
    },
    rejectAddress(address) {
      rejected = address;
    },
    async waitFor(found, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = received.find(found);
        if (m) return m;
        if (Date.now() > deadline) throw new Error(`no such email among ${received.length}: ${received.map((r) => `${r.to} ${r.subject}`).join("; ")}`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 50);
        });
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
