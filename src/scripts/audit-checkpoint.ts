import "reflect-metadata";
import { loadConfig } from "../core/config";
import { openHubDataSource } from "../app";
import { readAuditKey } from "../core/audit/audit-key";
import { signCheckpoint } from "../core/audit/audit-checkpoints";
import { createStorage } from "../core/storage/create-storage";

// npm run audit:checkpoint: signs the audit chain's head now (the hub also does so every
// AUDIT_CHECKPOINT_INTERVAL_MS), after checking everything since the last checkpoint.
async function main() {
  const config = loadConfig();
  const url = config.databaseUrl ?? `postgres://hub:hub@127.0.0.1:${config.embeddedPgPort}/proceedings_hub`;
  const ds = await openHubDataSource(url);
  const runner = ds.createQueryRunner();
  try {
    await runner.startTransaction("REPEATABLE READ");
    const client = { query: async (text: string, params?: unknown[]) => ({ rows: await runner.query(text, params) }) };
    const result = await signCheckpoint(
      client as never,
      readAuditKey(config.auditKeyFile),
      config.auditCheckpointDir,
      config.storage.kind === "s3" ? createStorage(config) : undefined,
    );
    await runner.commitTransaction();
    if (result.refused) {
      process.stdout.write(`no checkpoint signed: ${result.refused}\n`);
      process.exit(1);
    }
    process.stdout.write(result.signed ? `signed checkpoint at entry ${result.signed.seq}\n` : "nothing new to sign\n");
  } finally {
    await runner.release();
    await ds.destroy();
  }
}

main().catch((err) => {
  process.stderr.write(`audit:checkpoint failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
