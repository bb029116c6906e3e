// First: traces (when configured) patch http, pg and graphql as they are first required.
import { tracing } from "./core/tracing";
import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "./core/config";
import { createLogger } from "./core/logger";
import { Calendar } from "./core/calendar/calendar";
import { SettableClock, systemClock } from "./core/clock";
import { MODULES, openHubDataSource } from "./app";
import { EmbeddedDatabase, startEmbeddedPostgres } from "./core/db/embedded";
import { devIssuerDir, ensureDevIssuerKeys, readDevIssuerKeys } from "./core/auth/dev-issuer";
import { HubRuntime } from "./core/context";
import { ensureDevIssuer, markDevelopmentIssuers, seedDemo } from "./demo/seed";
import { startServer } from "./server";
import { startJobs } from "./core/jobs";
import { createStorage } from "./core/storage/create-storage";
import { syncCalendarTable } from "./core/calendar/calendar-day.entity";
import { checkServingRole, grantServingRole, prepareDatabaseRoles } from "./core/db/roles";
import { ensureAuditKeyFile, readAuditKey } from "./core/audit/audit-key";

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { service: "proceedings-hub" });
  if (tracing)
    logger.info("traces are exported over OTLP", { endpoint: process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT });

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  let ownerUrl = config.databaseOwnerUrl;
  if (!databaseUrl) {
    const dataDir = path.join(config.dataDir, "pg");
    logger.info("starting embedded PostgreSQL", { dataDir, port: config.embeddedPgPort });
    embedded = await startEmbeddedPostgres({
      dataDir,
      port: config.embeddedPgPort,
      persistent: true,
      onLog: (line) => logger.debug("postgres", { line: line.trim() }),
      onNotice: (line) => logger.info(line),
    });
    // The cluster's superuser makes the owner and serving roles; the hub never serves as it.
    const roles = await prepareDatabaseRoles(embedded.url("postgres"), "proceedings_hub");
    ownerUrl = roles.ownerUrl;
    databaseUrl = roles.servingUrl;
  }

  if (ownerUrl) {
    // Migrations and grants as the owner, then the owner's connection is closed for good.
    const owner = await openHubDataSource(ownerUrl);
    try {
      const migrations = await owner.runMigrations({ transaction: "each" });
      if (migrations.length) logger.info("migrations applied", { migrations: migrations.map((m) => m.name) });
      await grantServingRole(owner, new URL(databaseUrl).username);
    } finally {
      await owner.destroy();
    }
  }
  const dataSource = await openHubDataSource(databaseUrl);
  if (!ownerUrl) {
    // One role for both (the set-up before least privilege): it migrates, then must say so below.
    const migrations = await dataSource.runMigrations({ transaction: "each" });
    if (migrations.length) logger.info("migrations applied", { migrations: migrations.map((m) => m.name) });
  }
  const serving = await checkServingRole(dataSource);
  if (serving.superuser || serving.owns > 0) {
    const message = `The hub is serving as the database role "${serving.role}", which ${serving.superuser ? "is a superuser" : `owns ${serving.owns} of its tables`}: anyone holding its credentials could rewrite the audit trail. Serve as a role that owns nothing (DATABASE_URL) and migrate as the owner (DATABASE_OWNER_URL); see docker/db-roles.sql.`;
    if (config.mode === "production" && !config.allowPrivilegedDatabaseRole)
      throw new Error(`${message} (ALLOW_PRIVILEGED_DATABASE_ROLE=true starts it anyway)`);
    logger.warn(message, { role: serving.role });
  } else logger.info("serving as a least-privilege database role", { role: serving.role });

  if (config.mode === "production" && !fs.existsSync(config.auditKeyFile)) {
    throw new Error(`AUDIT_KEY_FILE ${config.auditKeyFile} does not exist: make one (openssl genpkey -algorithm ed25519) and keep it outside the database`);
  }
  const auditKey = config.mode === "production" ? readAuditKey(config.auditKeyFile) : ensureAuditKeyFile(config.auditKeyFile);

  // Outside production the clock can be set (HUB_CLOCK_START, and setHubClock), for checks and demonstrations.
  const clock = config.mode === "production" ? systemClock : new SettableClock();
  if (config.clockStart) {
    if (clock instanceof SettableClock) {
      clock.setNow(config.clockStart);
      logger.warn("the hub's clock starts at a set time", { now: clock.now().toISOString() });
    } else logger.error("HUB_CLOCK_START refused: the clock cannot be set in production");
  }
  const runtime: HubRuntime = {
    config,
    databaseUrl,
    dataSource,
    logger,
    calendar: new Calendar(config.extraBankHolidays),
    clock,
    modules: MODULES,
    storage: createStorage(config),
    auditKey,
  };

  await syncCalendarTable(dataSource.manager, runtime.calendar);

  if (config.scanner.url) logger.info("papers pass the virus scanner before release", { clamd: config.scanner.url });
  else
    logger.warn(
      config.mode === "production"
        ? "ALLOW_UNSCANNED_PAPERS: no virus scanner (CLAMD_URL); papers are released to every recipient unscanned, marked NOT_SCANNED"
        : "no virus scanner (CLAMD_URL): papers are released unscanned, marked NOT_SCANNED (development)",
    );

  if (config.devIssuer.enabled) {
    logger.warn(
      "DEVELOPMENT ISSUER ON: anyone who can read the key in HUB_DATA_DIR/dev-issuer can sign in as any demo user, the administrator included. Never run a deployment like this (DEV_ISSUER=false).",
      {
        issuer: config.devIssuer.issuer,
        keys: devIssuerDir(config.dataDir),
      },
    );
    const keys = ensureDevIssuerKeys(config.dataDir);
    const issuer = await ensureDevIssuer(runtime, { ...config.devIssuer, publicKeyPem: keys.publicKeyPem });
    runtime.devIssuer = { issuer: config.devIssuer.issuer, audience: config.devIssuer.audience, privateKeyPem: keys.privateKeyPem };
    if (config.seedDemo && (await seedDemo(runtime, issuer))) logger.info("demo data loaded");
  } else {
    // A database that once ran the demo keeps the development issuer's registration; whatever
    // it is called there, a registration holding this data directory's development key is the
    // development issuer, and is not trusted while DEV_ISSUER is off.
    const marked = await markDevelopmentIssuers(runtime, readDevIssuerKeys(config.dataDir)?.publicKeyPem ?? null);
    logger.info("development issuer off: demo tokens are refused", { registrationsMarked: marked });
  }

  const server = await startServer(runtime, { port: config.port, host: config.host });
  // The modules' background jobs (overdue checks, the orphaned-upload sweep), on one scheduler.
  const jobs = startJobs(runtime);
  runtime.jobs = jobs;
  logger.info("Proceedings Hub ready", { graphql: server.url, websocket: server.wsUrl, pid: process.pid });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      logger.flush();
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    force.unref();
    try {
      await jobs.stop();
      await server.close();
      await dataSource.destroy();
      await embedded?.stop();
      await tracing?.shutdown().catch(() => undefined);
      logger.info("stopped");
      logger.flush();
      process.exit(0);
    } catch (err) {
      logger.error("shutdown failed", { error: String(err) });
      logger.flush();
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGHUP", () => void shutdown("SIGHUP"));
  // Started by `npm start`: if npm itself is killed outright (it cannot pass SIGKILL on), the
  // hub is re-parented; stop rather than run on unseen with nobody to stop it.
  if (process.env.npm_lifecycle_event === "start") {
    const parent = process.ppid;
    const watch = setInterval(() => {
      if (process.ppid !== parent) void shutdown("parent process ended");
    }, 1000);
    watch.unref();
  }
}

main().catch((err) => {
  // Start-up failures are usually about the machine (a port in use, a directory PostgreSQL cannot
  // reach): say what happened in a sentence; keep the stack for what we did not foresee.
  const message = err instanceof Error ? err.message : err === undefined ? "unknown error" : String(err);
  process.stderr.write(`Proceedings Hub failed to start: ${message}\n`);
  if (err instanceof Error && process.env.LOG_LEVEL === "debug") process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
