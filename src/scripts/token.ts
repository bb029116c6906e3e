import { Client } from "pg";
import { loadConfig } from "../core/config";
import { readDevIssuerKeys, devIssuerDir, signToken } from "../core/auth/dev-issuer";

// npm run token -- <subject> [hours]: a bearer token from the development issuer for a demo user
// such as iro.alex (the README lists them). It signs with the key pair the running hub made in
// HUB_DATA_DIR, and only for a user the hub's database holds, so a typo fails here rather than
// as a puzzling 401 later.

function fail(message: string, code = 1): never {
  process.stderr.write(message + "\n");
  process.exit(code);
}

async function main() {
  const [subject, hours] = process.argv.slice(2);
  if (!subject) fail("usage: npm run token -- <user> [hours]   e.g. npm run token -- iro.alex", 2);
  const lifetimeHours = Number(hours ?? 8);
  if (!Number.isFinite(lifetimeHours) || lifetimeHours <= 0 || lifetimeHours > 24 * 30) fail("hours must be a number between 0 and 720");

  const config = loadConfig();
  const keys = readDevIssuerKeys(config.dataDir);
  if (!keys) {
    fail(
      `No development issuer keys in ${devIssuerDir(config.dataDir)}: start the hub with the development issuer on (npm start) first, with the same HUB_DATA_DIR.`,
    );
  }
  const databaseUrl = config.databaseUrl ?? `postgres://hub:hub@127.0.0.1:${config.embeddedPgPort}/proceedings_hub`;
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch {
    fail(`Cannot reach the hub's database at ${databaseUrl.replace(/\/\/[^@]*@/, "//")}: start the hub (npm start) first.`);
  }
  try {
    const { rows } = await client.query(`SELECT u.active FROM hub_user u JOIN trusted_issuer i ON i.id = u.issuer_id WHERE i.issuer = $1 AND u.subject = $2`, [
      config.devIssuer.issuer,
      subject,
    ]);
    if (!rows.length) fail(`No user "${subject}" signs in with the development issuer in this hub (the README lists the demo users).`);
    if (!rows[0].active) fail(`User "${subject}" is deactivated.`);
  } finally {
    await client.end();
  }
  process.stdout.write(
    signToken(keys, {
      issuer: config.devIssuer.issuer,
      audience: config.devIssuer.audience,
      subject,
      expiresInSeconds: Math.round(lifetimeHours * 3600),
    }) + "\n",
  );
}

main().catch((err) => fail(`token: ${err instanceof Error ? err.message : String(err)}`));
