import "reflect-metadata";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { openHubDataSource } from "../../src/app";
import { startEmbeddedPostgres, EmbeddedDatabase } from "../../src/core/db/embedded";
import { grantServingRole, prepareDatabaseRoles } from "../../src/core/db/roles";

// Starts one PostgreSQL for the whole run (embedded, or the server DATABASE_URL names) and
// migrates a template database; each test file clones its own database from the template in
// milliseconds, so files run in parallel without seeing each other's rows.

export const TEMPLATE = "hub_test_template";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function globalSetup(): Promise<void> {
  // One temporary directory for the whole run, removed by the teardown: every test file, hub
  // process, browser and PostgreSQL it starts makes its temporary files in it (TMPDIR, inherited),
  // so a run leaves nothing behind in the machine's temporary directory. Traversable (755): the
  // embedded PostgreSQL runs as its own user.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-test-run-"));
  fs.chmodSync(runDir, 0o755);
  process.env.TMPDIR = runDir;
  process.env.HUB_TEST_RUN_DIR = runDir;
  let serverUrl: string;
  let embedded: EmbeddedDatabase | undefined;
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-test-pg-"));
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
    serverUrl = embedded.url("postgres");
    (globalThis as Record<string, unknown>).__HUB_EMBEDDED__ = embedded;
  }

  const admin = new Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await admin.end();

  // As in a deployment: the owner migrates the template and grants; each test file's hub serves
  // as the role that owns nothing (the clones keep the template's owners and grants).
  const roles = await prepareDatabaseRoles(withDatabase(serverUrl, "postgres"), TEMPLATE, { owner: "hub_test_owner", serving: "hub_test_app" });
  const ds = await openHubDataSource(roles.ownerUrl);
  await ds.runMigrations({ transaction: "each" });
  await grantServingRole(ds, roles.servingRole);
  await ds.destroy();

  process.env.HUB_TEST_SERVER_URL = withDatabase(serverUrl, "postgres");
  process.env.HUB_TEST_OWNER_URL = roles.ownerUrl;
  process.env.HUB_TEST_SERVING_URL = roles.servingUrl;
  process.env.HUB_TEST_TEMPLATE = TEMPLATE;
}
