import { Writable } from "node:stream";
import { createLogger } from "./logger";

// The hub's logs are pino's: JSON lines with the level by name, the request id carried by child
// loggers, and secrets redacted wherever a caller put them.
describe("the logger", () => {
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    return { lines, stream };
  };

  it("writes JSON lines with the level by name, the message and the request id of a child", () => {
    const { lines, stream } = capture();
    const logger = createLogger("info", { service: "proceedings-hub" }, stream);
    logger.child({ requestId: "r-1" }).info("request", { status: 200 });
    logger.debug("not at info");
    expect(lines).toEqual([
      { level: "info", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), service: "proceedings-hub", requestId: "r-1", status: 200, msg: "request" },
    ]);
  });

  it("never writes tokens, cookies, CSRF tokens, secrets or passwords", () => {
    const { lines, stream } = capture();
    const logger = createLogger("info", {}, stream);
    logger.warn("oops", {
      authorization: "Bearer eyJhbGciOi.secret.sig",
      token: "calendar-token-abc",
      headers: { cookie: "__Host-hub-session=s3cr3t", "x-csrf-token": "csrf-123", "set-cookie": "a=b" },
      smtp: { password: "hunter2" },
      endpoint: { secret: "whsec_abc" },
      csrfToken: "csrf-456",
    });
    const text = JSON.stringify(lines);
    for (const secret of ["eyJhbGciOi", "calendar-token-abc", "s3cr3t", "csrf-123", "hunter2", "whsec_abc", "csrf-456", "a=b"])
      expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ authorization: "[redacted]", headers: { cookie: "[redacted]" } });
  });
});
