import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../core/db/embedded";

// Runs the TypeORM CLI against a throwaway embedded PostgreSQL migrated to the current head:
//   generate <Name>  writes migrations/<timestamp>-<Name>.ts for what the entities changed
//   check            fails when the entities and the migrations disagree (drift)
async function main() {
  const [command, name] = process.argv.slice(2);
  if (command !== "check" && !(command === "generate" && name)) {
    console.error("usage: migration.js generate <Name> | check");
    process.exit(2);
  }
  const root = path.resolve(__dirname, "../../..");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-migrate-"));
  const db = await startEmbeddedPostgres({ dataDir, port: 54000 + (process.pid % 1000), persistent: false });
  let status = 1;
  try {
    await db.createDatabase("hub_migrate");
    const env = { ...process.env, DATABASE_URL: db.url("hub_migrate") };
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [path.join(root, "node_modules/typeorm/cli.js"), ...args, "-d", "dist/ormconfig.js"], {
        cwd: root,
        env,
        stdio: "inherit",
      }).status ?? 1;
    status = cli(["migration:run"]);
    if (status === 0) {
      status = command === "check" ? cli(["migration:generate", "migrations/Drift", "--check"]) : cli(["migration:generate", `migrations/${name}`, "--pretty"]);
    }
  } finally {
    await db.stop();
  }
  process.exit(status);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
