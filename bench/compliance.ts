import "reflect-metadata";
import { openHubDataSource } from "../src/app";
import { percentile, seedNational, startBenchHub } from "./support";

// Compliance view at national scale: a hub process on a database holding a synthetic national
// data set (default 25,000 children in proceedings a year for 4 years, 153 local authorities),
// and the latency of the protocolCompliance query over HTTP, nationally and for one IRO service.
//
//   npm run bench:compliance -- [childrenPerYear=25000] [years=4] [runs=20]

const [PER_YEAR = 25_000, YEARS = 4, RUNS = 20] = process.argv.slice(2).map(Number);

async function main() {
  // No demo data: the figures must equal the generator's own count.
  const hub = await startBenchHub({ SEED_DEMO: "false" });
  const ds = await openHubDataSource(hub.databaseUrl);
  const t0 = Date.now();
  const data = await seedNational(ds, PER_YEAR, YEARS, { admin: true });
  const seedSeconds = (Date.now() - t0) / 1000;
  const [{ children }] = await ds.query("SELECT count(*)::int AS children FROM child");
  await ds.destroy();

  const query = `query($scope: ComplianceScope, $from: LocalDate!, $to: LocalDate!) { protocolCompliance(scope: $scope, from: $from, to: $to) {
    children papersReachedIroInTime childrenWithIroAndGuardian contactWithinTenWorkingDays contactPending childrenWithFinalHearing
    viewsBeforeFinalHearing outstandingActions overdueActions iros averageCaseload } }`;
  const measure = async (who: string, scope: string, from: string) => {
    const times: number[] = [];
    let last: any;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      last = await hub.gql(who, query, { scope, from, to: data.to });
      times.push(performance.now() - t);
      if (last.errors) throw new Error(JSON.stringify(last.errors));
    }
    times.sort((a, b) => a - b);
    return {
      p50ms: +percentile(times, 50).toFixed(1),
      p95ms: +percentile(times, 95).toFixed(1),
      maxMs: +times[times.length - 1].toFixed(1),
      figures: last.data.protocolCompliance,
    };
  };
  const lastYear = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  // The first query brings the rollup up to date after the bulk load (unless the hub's job got
  // there first); timed on its own, then the figures checked against the generator's count.
  const t1 = performance.now();
  const first = await hub.gql("admin", query, { scope: "NATIONAL", from: data.from, to: data.to });
  const firstQueryMs = Math.round(performance.now() - t1);
  const mismatches = Object.entries(data.national).filter(([k, v]) => first.data.protocolCompliance[k] !== v);
  const result = {
    childrenInDatabase: children,
    seedSeconds,
    firstQueryAfterBulkLoadMs: firstQueryMs,
    figuresEqualGeneratorCount: mismatches.length === 0 ? true : Object.fromEntries(mismatches),
    runs: RUNS,
    nationalAllYears: await measure("admin", "NATIONAL", data.from),
    nationalLastYear: await measure("admin", "NATIONAL", lastYear),
    oneIroServiceAllYears: await measure(data.firstService.managerSubject, "MY_SERVICE", data.from),
  };
  console.log(JSON.stringify(result, null, 2));
  await hub.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
