import "reflect-metadata";
import path from "node:path";
import { loadConfig } from "./core/config";
import { createLogger } from "./core/logger";
import { Calendar } from "./core/calendar/calendar";
import { systemClock } from "./core/clock";
import { openDataSource } from "./core/db/data-source";
import { EmbeddedDatabase, startEmbeddedPostgres } from "./core/db/embedded";
import { ensureDevIssuerKeys } from "./core/auth/dev-issuer";
import { HubRuntime } from "./core/context";
import { ensureDevIssuer, seedDemo } from "./demo/seed";
import { startServer } from "./server";
import { createStorage } from "./core/storage/create-storage";
import { syncCalendarTable } from "./core/calendar/calendar-day.entity";

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { service: "proceedings-hub" });

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const dataDir = path.join(config.dataDir, "pg");
    logger.info("starting embedded PostgreSQL", { dataDir, port: config.embeddedPgPort });
    embedded = await startEmbeddedPostgres({ dataDir, port: config.embeddedPgPort, persistent: true });
    await embedded.createDatabase("proceedings_hub");
    databaseUrl = embedded.url("proceedings_hub");
  }

  const dataSource = await openDataSource(databaseUrl);
  const migrations = await dataSource.runMigrations({ transaction: "each" });
  if (migrations.length) logger.info("migrations applied", { migrations: migrations.map((m) => m.name) });

  const runtime: HubRuntime = {
    config,
    databaseUrl,
    dataSource,
    logger,
    calendar: new Calendar(config.extraBankHolidays),
    clock: systemClock,
    storage: createStorage(config),
  };

  await syncCalendarTable(dataSource.manager, runtime.calendar);

  if (config.devIssuer.enabled) {
    const keys = ensureDevIssuerKeys(config.dataDir);
    const issuer = await ensureDevIssuer(runtime, { ...config.devIssuer, publicKeyPem: keys.publicKeyPem });
    if (config.seedDemo && (await seedDemo(runtime, issuer))) logger.info("demo data loaded");
  }

  const server = await startServer(runtime, { port: config.port, host: config.host });
  logger.info("Proceedings Hub ready", { graphql: server.url, websocket: server.wsUrl });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    force.unref();
    try {
      await server.close();
      await dataSource.destroy();
      await embedded?.stop();
      logger.info("stopped");
      process.exit(0);
    } catch (err) {
      logger.error("shutdown failed", { error: String(err) });
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err) => {
  process.stderr.write(`Proceedings Hub failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
