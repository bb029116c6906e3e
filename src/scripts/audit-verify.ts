import fs from "node:fs";
import { Client } from "pg";
import { loadConfig } from "../core/config";
import { verifyAuditChain } from "../core/audit/audit-chain";
import { readAuditKey } from "../core/audit/audit-key";
import { readCheckpoints } from "../core/audit/audit-checkpoints";

// npm run audit:verify: checks the audit trail against itself (the hash chain), against the hub's
// key (each entry's MAC) and against the signed checkpoints kept outside the database, and names
// the first entry that does not hold. Exit code 0 when all of it holds, 1 when it does not, 2 on
// other errors. Reads one snapshot, so the hub may go on writing meanwhile.
async function main() {
  const config = loadConfig();
  const url = config.databaseUrl ?? `postgres://hub:hub@127.0.0.1:${config.embeddedPgPort}/proceedings_hub`;
  if (!fs.existsSync(config.auditKeyFile)) {
    process.stderr.write(`No audit key at ${config.auditKeyFile} (AUDIT_KEY_FILE): without it neither MACs nor checkpoints can be checked.\n`);
    process.exit(2);
  }
  const key = readAuditKey(config.auditKeyFile);
  const { checkpoints, problems } = readCheckpoints(config.auditCheckpointDir, key.publicKey);
  if (problems.length) {
    process.stdout.write(`audit checkpoints BROKEN at ${problems[0].file}: ${problems[0].reason}\n`);
    process.exit(1);
  }
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch {
    process.stderr.write(`Cannot reach the hub's database: set DATABASE_URL, or start the hub (npm start) for the embedded one.\n`);
    process.exit(2);
  }
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const verdict = await verifyAuditChain(client, { macKey: key.macKey, checkpoints });
    await client.query("COMMIT");
    if (verdict.ok) {
      const last = checkpoints[checkpoints.length - 1];
      process.stdout.write(
        `audit chain holds: ${verdict.rows} rows verified; ${verdict.covered} of them under ${checkpoints.length} signed checkpoint${checkpoints.length === 1 ? "" : "s"}${last ? ` (the latest signed ${last.signedAt})` : ""}\n`,
      );
      process.exit(0);
    }
    const { id, chainSeq, reason } = verdict.brokenAt;
    process.stdout.write(
      `audit chain BROKEN at chain position ${chainSeq}${id ? ` (audit_entry id ${id})` : ""}: ${reason}; ${verdict.rows} rows before it hold\n`,
    );
    process.exit(1);
  } finally {
    await client.end().catch(() => undefined);
  }
}

main().catch((err) => {
  process.stderr.write(`audit:verify failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
