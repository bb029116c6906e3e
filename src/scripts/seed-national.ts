import "reflect-metadata";
import { loadConfig } from "../core/config";
import { openHubDataSource } from "../app";
import { Calendar, todayInEngland } from "../core/calendar/calendar";
import { generateNationalData } from "../demo/national-data";

// npm run seed:national -- [childrenPerYear=25000] [years=4] [localAuthorities=153]
// Adds a synthetic national data set to the database DATABASE_URL names (for example the
// embedded one of `npm start`: postgres://hub:hub@127.0.0.1:54329/proceedings_hub).
async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("Set DATABASE_URL to the hub's database");
  const [perYear = 25_000, years = 4, las = 153] = process.argv.slice(2).map(Number);
  const config = loadConfig();
  const ds = await openHubDataSource(url);
  const [issuer] = await ds.query("SELECT id FROM trusted_issuer ORDER BY created_at LIMIT 1");
  if (!issuer) throw new Error("Start the hub once first (it migrates the database and trusts an issuer)");
  const started = Date.now();
  const data = await generateNationalData(ds.manager, new Calendar(config.extraBankHolidays), {
    localAuthorities: las,
    childrenPerYear: perYear,
    years,
    today: todayInEngland(),
    issuerId: issuer.id,
  });
  console.log(JSON.stringify({ seconds: (Date.now() - started) / 1000, from: data.from, to: data.to, expectedNational: data.national }, null, 2));
  await ds.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
