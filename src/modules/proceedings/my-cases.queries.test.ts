import { startTestHub, TestHub, DEMO_USERS } from "../../../test/support/test-hub";

// DataLoaders keep myCases to a fixed number of SQL statements whatever the page size.
describe("myCases query cost", () => {
  let hub: TestHub;
  beforeAll(async () => {
    // No background event polling here: only the request's own queries are counted.
    // No background jobs and no periodic event look: every statement counted is the request's.
    hub = await startTestHub({ today: "2026-11-30", config: { eventPollIntervalMs: 3_600_000 }, jobs: false });
    const [{ id: courtId }] = await hub.sql("SELECT id FROM organisation WHERE kind = 'COURT'");
    const [alex, grace, sw] = await Promise.all([DEMO_USERS.iroAlex, DEMO_USERS.guardianGrace, DEMO_USERS.socialWorker].map((s) => hub.userId(s)));
    for (let i = 0; i < 60; i++) {
      const res = await hub.gql(DEMO_USERS.legal, `mutation($input: RegisterProceedingsInput!) { registerProceedings(input: $input) { id children { id } } }`, {
        input: {
          courtId,
          courtCaseNumber: `NS26Q${String(i).padStart(4, "0")}`,
          issueDate: "2026-10-01",
          applicationType: "CARE_ORDER",
          children: [
            { givenName: `A${i}`, familyName: "Load", dateOfBirth: "2018-01-01", laReference: `Q${i}-1` },
            { givenName: `B${i}`, familyName: "Load", dateOfBirth: "2019-01-01", laReference: `Q${i}-2` },
          ],
        },
      });
      const p = res.data.registerProceedings;
      await hub.gql(DEMO_USERS.court, `mutation($input: RecordHearingInput!) { recordHearing(input: $input) { id } }`, {
        input: { proceedingsId: p.id, type: "CMH", date: "2026-10-15" },
      });
      for (const child of p.children) {
        await hub.gql(DEMO_USERS.iroManager, `mutation($i: AppointPersonInput!) { appointIro(input: $i) { id } }`, {
          i: { childId: child.id, userId: alex, startsOn: "2026-10-01" },
        });
        await hub.gql(DEMO_USERS.cafcassManager, `mutation($i: AppointPersonInput!) { allocateGuardian(input: $i) { id } }`, {
          i: { childId: child.id, userId: grace, startsOn: "2026-10-02" },
        });
        await hub.gql(DEMO_USERS.legal, `mutation($i: AppointPersonInput!) { allocateSocialWorker(input: $i) { id } }`, {
          i: { childId: child.id, userId: sw, startsOn: "2026-10-01" },
        });
      }
    }
  }, 120_000);
  afterAll(() => hub.stop());

  const QUERY = `query($first: Int!) { myCases(first: $first) { edges { node {
    courtCaseNumber court { name } localAuthority { name }
    children { givenName parties { role person { displayName email } organisation { name } child { givenName } } protocolNotices { step } }
    hearings { type date }
    parties { role person { displayName } organisation { name } }
    timetable { finalHearingDueDate extensions { weeks } }
    protocolNotices { step contacts { name } }
  } } } }`;

  async function cost(first: number): Promise<{ queries: number; cases: number }> {
    hub.queryCounter.recent.length = 0;
    const res = await hub.gql(DEMO_USERS.iroAlex, QUERY, { first });
    expect(res.errors).toBeUndefined();
    // The event hub reads case_event in the background whenever it likes; myCases never does.
    const request = hub.queryCounter.recent.filter((q) => !/\bcase_event\b/.test(q));
    return { queries: request.length, cases: res.data.myCases.edges.length };
  }

  it("costs the same number of SQL statements for 5 cases as for 50", async () => {
    const small = await cost(5);
    const large = await cost(50);
    expect(small.cases).toBe(5);
    expect(large.cases).toBe(50);
    expect(large.queries).toBe(small.queries);
    // token check, page, audit insert, then one query per kind of thing per level of the tree:
    // organisations (twice: the case's court and LA, then the parties'), children, hearings,
    // appointments, extensions, notices, users, and which children's own records the caller sees.
    expect(large.queries).toBeLessThanOrEqual(12);
    process.stdout.write(`myCases(first: 50) with children, parties, hearings, notices: ${large.queries} SQL statements\n`);
  });
});
