import pino from "pino";

// Structured logs through pino: one JSON object per line, written asynchronously (a burst of
// requests does not wait on the terminal or the log shipper), with secrets redacted wherever they
// would appear. Child loggers carry the request id into every line written while serving that
// request. The hub's own calls keep the shape logger.info("what happened", { fields }).
type Level = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
  /** Writes out what is buffered (before the process exits). */
  flush(): void;
}

/**
 * Never written, at the top level or one level down: bearer tokens, cookies, CSRF tokens, the
 * calendar feed's secret path, passwords and secrets of any kind.
 */
export const REDACTED_PATHS = [
  "authorization",
  "cookie",
  "token",
  "secret",
  "password",
  "csrfToken",
  "*.authorization",
  "*.cookie",
  "*.token",
  "*.secret",
  "*.password",
  "*.csrfToken",
  'headers["set-cookie"]',
  'headers["x-csrf-token"]',
];

function wrap(p: pino.Logger): Logger {
  return {
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    child: (fields) => wrap(p.child(fields)),
    flush: () => p.flush(),
  };
}

export function createLogger(level: Level | "silent", base: Record<string, unknown> = {}, destination?: pino.DestinationStream): Logger {
  const p = pino(
    {
      level,
      base,
      messageKey: "msg",
      timestamp: pino.stdTimeFunctions.isoTime,
      // "level":"info", not a number: readable without pino's tools, and what dashboards filter on.
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
  return wrap(p);
}
