import path from "node:path";
import { LocalDate } from "./calendar/calendar";
import type { QueryLimits } from "./limits";
import { scannerAddress } from "./scanning/clamd";

// Every setting the hub reads from its environment, in one place; README "Settings" mirrors it.
export interface HubConfig {
  /**
   * `production` (NODE_ENV=production): no GraphiQL, no introspection unless allowed, no
   * development issuer by default. Anything else is development.
   */
  mode: "development" | "production";
  /** Signed-in callers may ask for the schema (`__schema`); nobody may without a token. */
  allowIntrospection: boolean;
  port: number;
  host: string;
  /** External PostgreSQL; when absent the hub runs an embedded PostgreSQL under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  /** Load demo organisations, users and proceedings into an empty database at start. */
  seedDemo: boolean;
  /** The development token issuer (key pair under dataDir) trusted for demo users. */
  devIssuer: { enabled: boolean; issuer: string; audience: string };
  jwtClockToleranceSeconds: number;
  /** A verified token is remembered this long (0: checked against the database every time). */
  rememberTokensSeconds: number;
  /** Where people reach the console: the links in notice emails and calendar feeds start here. */
  publicUrl: string;
  /** The `aud` that service accounts' tokens must carry. */
  serviceAccountAudience: string;
  /** Email notices: sent through this SMTP server; with none, notices are recorded and shown in the console only. */
  smtpUrl?: string;
  mailFrom: string;
  emailSendIntervalMs: number;
  /** How often deadline reminders are looked for (they are made once per deadline and day). */
  deadlineReminderIntervalMs: number;
  /** First retry after this long, doubling each time (capped at an hour). */
  emailRetryBaseMs: number;
  /** After this many failed attempts a message is marked failed, for administrators to see and retry. */
  emailMaxAttempts: number;
  /** A sender holds a message this long; one that dies mid-send lets it go when it lapses. */
  emailLeaseSeconds: number;
  /** The daily digest goes out at this hour (England's local time). */
  digestHour: number;
  webhookSendIntervalMs: number;
  webhookRetryBaseMs: number;
  /** Consecutive failures after which an endpoint is paused, with the reason shown. */
  webhookMaxFailures: number;
  webhookTimeoutMs: number;
  /** Post to loopback and private addresses too (development and tests); production posts only to public ones. */
  webhookAllowPrivateAddresses: boolean;
  /** Console sessions (SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS). */
  sessions: { idleMinutes: number; absoluteHours: number };
  /** Lifetime of a token from the console's demo sign-in (the console renews it before it ends). */
  devTokenMinutes: number;
  maxPageSize: number;
  limits: QueryLimits;
  /** Largest JSON body accepted on /graphql. */
  maxRequestBytes: number;
  extraBankHolidays: LocalDate[];
  /** Storage for document bytes: the local filesystem (under dataDir/storage/documents) or S3. */
  storage: { kind: "fs" } | { kind: "s3"; endpoint?: string; region: string; bucket: string; forcePathStyle: boolean };
  maxUploadBytes: number;
  uploadSlotTtlMinutes: number;
  /** Papers should reach the IRO and guardian within this many working days of the document date. */
  papersReachWithinWorkingDays: number;
  /** Recipients acknowledge papers within this many working days of delivery. */
  paperAcknowledgeWithinWorkingDays: number;
  /**
   * The virus scanner every paper passes before anyone but its filer receives it: ClamAV's
   * daemon at CLAMD_URL (tcp://host:port or unix:///path). Without one, papers are released
   * marked NOT_SCANNED: development only, unless ALLOW_UNSCANNED_PAPERS says so (logged).
   */
  scanner: {
    url?: string;
    timeoutMs: number;
    /** First retry after the scanner failed, doubling each time (capped at an hour). */
    retryBaseMs: number;
    intervalMs: number;
    /** A quarantined file's bytes are removed this many days after it was found. */
    quarantineDays: number;
    allowUnscanned: boolean;
  };
  /** How long the hub keeps its own working records (days): notices, sent emails, webhook deliveries. */
  retention: { noticeDays: number; emailDays: number; webhookDeliveryDays: number };
  /** Court bundles (FPR PD27A): the page limit unless the court directs otherwise, and when they are lodged. */
  bundles: { pageLimit: number; lodgeWorkingDays: number };
  /** How long an unreferenced stored file (an upload that never committed) is kept before the sweep removes it. */
  orphanGraceMinutes: number;
  /**
   * The owner role's URL (DATABASE_OWNER_URL): migrations and grants run as it at start, and the
   * hub then serves as DATABASE_URL's role, which owns nothing.
   */
  databaseOwnerUrl?: string;
  /** Serve as a superuser or an owner of the tables anyway (ALLOW_PRIVILEGED_DATABASE_ROLE; logged). */
  allowPrivilegedDatabaseRole: boolean;
  /** The audit trail's Ed25519 key (PEM), outside the database: entry MACs and signed checkpoints. */
  auditKeyFile: string;
  /** Where signed checkpoints of the audit chain are written (never rewritten). */
  auditCheckpointDir: string;
  /** How often the chain's head is signed (each process; a head already signed is skipped). */
  auditCheckpointIntervalMs: number;
  /** Outside production only: the time the hub's settable clock starts at (HUB_CLOCK_START). */
  clockStart?: Date;
  /** After the final order, post-order reviews produce assurance statements for this many months. */
  assuranceMonths: number;
  /** Formal dispute stages in order, each with its response time in working days (total at most 20). */
  disputeStages: { stage: string; workingDays: number }[];
  /** How long the author may still edit a liaison record before it is fixed. */
  liaisonEditWindowMinutes: number;
  /** A hub process that does not run the jobs asks this often whether it should (the leader died). */
  jobLeaderRetryMs: number;
  /** How often each process checks for protocol steps that have become overdue. */
  overdueCheckIntervalMs: number;
  /** How long after the final order the guardian still hears of post-order changes. */
  guardianPostOrderWindowWeeks: number;
  /** Recipients acknowledge post-order changes within this many working days. */
  acknowledgeWithinWorkingDays: number;
  /** /metrics on the hub's port answers only with this bearer token (METRICS_TOKEN); unset, it is not served there. */
  metricsToken?: string;
  /** A port of its own for /metrics, without a token, for an internal network (METRICS_PORT; 0: none). */
  metricsPort: number;
  metricsHost: string;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  shutdownGraceMs: number;
  /** How often each process looks for case events even without a NOTIFY (a safety net). */
  eventPollIntervalMs: number;
}

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function positive(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const n = int(name, fallback, env);
  if (n === 0) throw new Error(`${name} must be at least 1`);
  return n;
}

function bool(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!["true", "false", "1", "0"].includes(raw)) throw new Error(`${name} must be true or false, got "${raw}"`);
  return raw === "true" || raw === "1";
}

function parseStages(raw: string): { stage: string; workingDays: number }[] {
  const stages = raw.split(",").map((part) => {
    const [stage, days] = part.split(":").map((s) => s.trim());
    const workingDays = Number(days);
    if (!stage || !Number.isInteger(workingDays) || workingDays < 1) throw new Error(`DISPUTE_STAGES: "${part}" is not STAGE:workingDays`);
    return { stage, workingDays };
  });
  const total = stages.reduce((n, s) => n + s.workingDays, 0);
  if (total > 20) throw new Error(`DISPUTE_STAGES add up to ${total} working days; the IRO Handbook allows 20 at most`);
  return stages;
}

function clockStart(raw: string | undefined): Date | undefined {
  if (!raw) return undefined;
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) throw new Error(`HUB_CLOCK_START must be an ISO 8601 time, got "${raw}"`);
  return at;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const dataDir = path.resolve(env.HUB_DATA_DIR ?? ".data");
  const logLevel = (env.LOG_LEVEL ?? "info") as HubConfig["logLevel"];
  if (!["debug", "info", "warn", "error", "silent"].includes(logLevel)) {
    throw new Error(`LOG_LEVEL must be debug, info, warn, error or silent, got "${logLevel}"`);
  }
  const mode = env.NODE_ENV === "production" ? "production" : "development";
  const databaseUrl = env.DATABASE_URL || undefined;
  const maxPageSize = int("MAX_PAGE_SIZE", 100, env);
  // In production the console's address decides the sign-in redirect URI, the origin a
  // WebSocket must come from and the links in emails: it is said, never guessed.
  if (mode === "production" && !env.PUBLIC_URL) {
    throw new Error("PUBLIC_URL must be set in production: the https address people reach the console at (e.g. https://hub.example.gov.uk)");
  }
  const clamdUrl = env.CLAMD_URL || undefined;
  if (clamdUrl) scannerAddress(clamdUrl); // a malformed address stops the start, not the first upload
  const allowUnscanned = bool("ALLOW_UNSCANNED_PAPERS", false, env);
  // Fail closed: a deployment that forgot its scanner would hand every file to every recipient.
  if (mode === "production" && !clamdUrl && !allowUnscanned) {
    throw new Error(
      "CLAMD_URL must be set in production: every court paper passes ClamAV's clamd before it is released (ALLOW_UNSCANNED_PAPERS=true starts without one, and says so in the log)",
    );
  }
  return {
    mode,
    allowIntrospection: bool("ALLOW_INTROSPECTION", mode === "development", env),
    port: int("PORT", 4000, env),
    host: env.HOST ?? "0.0.0.0",
    databaseUrl,
    dataDir,
    embeddedPgPort: int("EMBEDDED_PG_PORT", 54329, env),
    seedDemo: bool("SEED_DEMO", true, env),
    devIssuer: {
      // On by default only for the embedded demo database in development: a deployment (an
      // external database, or production mode) must ask for it by name.
      enabled: bool("DEV_ISSUER", mode === "development" && !databaseUrl, env),
      issuer: env.DEV_ISSUER_URL ?? "https://dev-issuer.proceedings-hub.local",
      audience: env.DEV_ISSUER_AUDIENCE ?? "proceedings-hub",
    },
    jwtClockToleranceSeconds: int("JWT_CLOCK_TOLERANCE_SECONDS", 30, env),
    rememberTokensSeconds: int("REMEMBER_TOKENS_SECONDS", 30, env),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${int("PORT", 4000, env)}`).replace(/\/+$/, ""),
    serviceAccountAudience: env.SERVICE_ACCOUNT_AUDIENCE ?? "proceedings-hub",
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? "Proceedings Hub <no-reply@proceedings-hub.local>",
    emailSendIntervalMs: int("EMAIL_SEND_INTERVAL_MS", 2000, env),
    deadlineReminderIntervalMs: int("DEADLINE_REMINDER_INTERVAL_MS", 60 * 60_000, env),
    emailRetryBaseMs: int("EMAIL_RETRY_BASE_MS", 30_000, env),
    emailMaxAttempts: int("EMAIL_MAX_ATTEMPTS", 8, env),
    emailLeaseSeconds: int("EMAIL_LEASE_SECONDS", 120, env),
    digestHour: int("DIGEST_HOUR", 7, env),
    webhookSendIntervalMs: int("WEBHOOK_SEND_INTERVAL_MS", 1000, env),
    webhookRetryBaseMs: int("WEBHOOK_RETRY_BASE_MS", 10_000, env),
    webhookMaxFailures: int("WEBHOOK_MAX_FAILURES", 10, env),
    webhookTimeoutMs: int("WEBHOOK_TIMEOUT_MS", 10_000, env),
    webhookAllowPrivateAddresses: bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", mode === "development", env),
    devTokenMinutes: int("DEV_TOKEN_MINUTES", 60, env),
    sessions: { idleMinutes: positive("SESSION_IDLE_MINUTES", 30, env), absoluteHours: positive("SESSION_ABSOLUTE_HOURS", 10, env) },
    maxPageSize,
    limits: {
      maxQueryBytes: int("MAX_QUERY_BYTES", 32 * 1024, env),
      anonymousMaxQueryBytes: int("ANONYMOUS_MAX_QUERY_BYTES", 1024, env),
      maxTokens: int("MAX_QUERY_TOKENS", 3000, env),
      maxDepth: int("MAX_QUERY_DEPTH", 10, env),
      maxAliases: int("MAX_QUERY_ALIASES", 30, env),
      maxDirectives: int("MAX_QUERY_DIRECTIVES", 30, env),
      maxCost: int("MAX_QUERY_COST", 10_000, env),
      defaultListSize: maxPageSize,
    },
    maxRequestBytes: int("MAX_REQUEST_BYTES", 512 * 1024, env),
    extraBankHolidays: (env.BANK_HOLIDAYS_EXTRA ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    storage:
      env.STORAGE === "s3"
        ? {
            kind: "s3",
            endpoint: env.S3_ENDPOINT || undefined,
            region: env.S3_REGION ?? "eu-west-2",
            bucket: env.S3_BUCKET ?? "proceedings-hub-documents",
            forcePathStyle: bool("S3_FORCE_PATH_STYLE", !!env.S3_ENDPOINT, env),
          }
        : { kind: "fs" },
    maxUploadBytes: int("MAX_UPLOAD_BYTES", 100 * 1024 * 1024, env),
    uploadSlotTtlMinutes: int("UPLOAD_SLOT_TTL_MINUTES", 24 * 60, env),
    papersReachWithinWorkingDays: int("PAPERS_REACH_WITHIN_WORKING_DAYS", 1, env),
    paperAcknowledgeWithinWorkingDays: int("PAPER_ACKNOWLEDGE_WITHIN_WORKING_DAYS", 2, env),
    orphanGraceMinutes: int("ORPHAN_GRACE_MINUTES", 60, env),
    retention: {
      noticeDays: positive("NOTICE_RETENTION_DAYS", 730, env),
      emailDays: positive("EMAIL_RETENTION_DAYS", 90, env),
      webhookDeliveryDays: positive("WEBHOOK_DELIVERY_RETENTION_DAYS", 90, env),
    },
    bundles: { pageLimit: positive("BUNDLE_PAGE_LIMIT", 350, env), lodgeWorkingDays: int("BUNDLE_LODGE_WORKING_DAYS", 2, env) },
    scanner: {
      url: clamdUrl,
      timeoutMs: positive("CLAMD_TIMEOUT_MS", 60_000, env),
      retryBaseMs: positive("SCAN_RETRY_BASE_MS", 30_000, env),
      intervalMs: positive("SCAN_INTERVAL_MS", 10_000, env),
      quarantineDays: positive("QUARANTINE_DAYS", 30, env),
      allowUnscanned,
    },
    assuranceMonths: int("ASSURANCE_MONTHS", 12, env),
    databaseOwnerUrl: env.DATABASE_OWNER_URL || undefined,
    allowPrivilegedDatabaseRole: bool("ALLOW_PRIVILEGED_DATABASE_ROLE", false, env),
    auditKeyFile: path.resolve(env.AUDIT_KEY_FILE ?? path.join(dataDir, "audit", "audit-key.pem")),
    auditCheckpointDir: path.resolve(env.AUDIT_CHECKPOINT_DIR ?? path.join(dataDir, "audit", "checkpoints")),
    auditCheckpointIntervalMs: int("AUDIT_CHECKPOINT_INTERVAL_MS", 5 * 60_000, env),
    clockStart: clockStart(env.HUB_CLOCK_START),
    disputeStages: parseStages(env.DISPUTE_STAGES ?? "TEAM_MANAGER:5,SERVICE_MANAGER:5,HEAD_OF_SERVICE:5,DIRECTOR:5"),
    liaisonEditWindowMinutes: int("LIAISON_EDIT_WINDOW_MINUTES", 60, env),
    overdueCheckIntervalMs: int("OVERDUE_CHECK_INTERVAL_MS", 15 * 60_000, env),
    jobLeaderRetryMs: positive("JOB_LEADER_RETRY_MS", 5000, env),
    guardianPostOrderWindowWeeks: int("GUARDIAN_POST_ORDER_WINDOW_WEEKS", 8, env),
    acknowledgeWithinWorkingDays: int("ACKNOWLEDGE_WITHIN_WORKING_DAYS", 2, env),
    metricsToken: env.METRICS_TOKEN || undefined,
    metricsPort: int("METRICS_PORT", 0, env),
    metricsHost: env.METRICS_HOST ?? "127.0.0.1",
    logLevel,
    shutdownGraceMs: int("SHUTDOWN_GRACE_MS", 10_000, env),
    eventPollIntervalMs: int("EVENT_POLL_INTERVAL_MS", 1000, env),
  };
}
