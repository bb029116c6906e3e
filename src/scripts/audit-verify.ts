import { Client } from "pg";
import { loadConfig } from "../core/config";
import { verifyAuditChain } from "../core/audit/audit-chain";

// npm run audit:verify: recomputes the audit trail's hash chain and names the first row that
// does not hold. Exit code 0 when the whole chain holds, 1 when it is broken, 2 on other errors.
async function main() {
  const config = loadConfig();
  const url = config.databaseUrl ?? `postgres://hub:hub@127.0.0.1:${config.embeddedPgPort}/proceedings_hub`;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch {
    process.stderr.write(`Cannot reach the hub's database: set DATABASE_URL, or start the hub (npm start) for the embedded one.\n`);
    process.exit(2);
  }
  try {
    const verdict = await verifyAuditChain(client);
    if (verdict.ok) {
      process.stdout.write(`audit chain holds: ${verdict.rows} rows verified\n`);
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
