import { loadConfig } from "../core/config";
import { ensureDevIssuerKeys, signToken } from "../core/auth/dev-issuer";

// npm run token -- <subject> [hours]: a bearer token from the development issuer, for a demo
// user such as iro.alex (the README lists them).
const [subject, hours] = process.argv.slice(2);
if (!subject) {
  process.stderr.write("usage: npm run token -- <user> [hours]   e.g. npm run token -- iro.alex\n");
  process.exit(2);
}
const config = loadConfig();
const keys = ensureDevIssuerKeys(config.dataDir);
process.stdout.write(
  signToken(keys, {
    issuer: config.devIssuer.issuer,
    audience: config.devIssuer.audience,
    subject,
    expiresInSeconds: Math.round(Number(hours ?? 8) * 3600),
  }) + "\n",
);
