import http from "node:http";
import { AddressInfo } from "node:net";

// A real HTTP endpoint in the test process, standing in for an organisation's system: it records
// every POST (headers and raw body) and can be told to fail.

export interface ReceivedHook {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
  answered: number;
  at: number;
}

export interface TestReceiver {
  url: string;
  received: ReceivedHook[];
  /** Answer the next `n` requests with this status (e.g. 500). */
  failNext(n: number, status?: number): void;
  /** Answer every request with this status until told otherwise (null: 204). */
  failAlways(status: number | null): void;
  accepted(): ReceivedHook[];
  waitUntil(found: (accepted: ReceivedHook[]) => boolean, timeoutMs?: number): Promise<ReceivedHook[]>;
  stop(): Promise<void>;
}

export async function startTestReceiver(): Promise<TestReceiver> {
  const received: ReceivedHook[] = [];
  let failures = 0;
  let failStatus = 500;
  let always: number | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let answered = 204;
      if (always !== null) answered = always;
      else if (failures > 0) {
        failures--;
        answered = failStatus;
      }
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        // recorded as it came
      }
      received.push({ headers: req.headers, body, json, answered, at: Date.now() });
      res.statusCode = answered;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const accepted = () => received.filter((r) => r.answered >= 200 && r.answered < 300);
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    failNext(n, status = 500) {
      failures = n;
      failStatus = status;
    },
    failAlways(status) {
      always = status;
    },
    accepted,
    async waitUntil(found, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!found(accepted())) {
        if (Date.now() > deadline) throw new Error(`receiver: condition not met; ${received.length} requests received`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return accepted();
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
