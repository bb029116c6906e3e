import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";

// Finding cases in the list people live in: search, filters and sort are GraphQL arguments of
// myCases (so API clients have them too), answered in the database within case access.
const LIST = `query($search: String, $status: ProceedingsStatus, $courtId: ID, $iroId: ID, $needsAttention: Boolean, $sort: CaseSort, $first: Int, $after: String) {
  myCases(search: $search, status: $status, courtId: $courtId, iroId: $iroId, needsAttention: $needsAttention, sort: $sort, first: $first, after: $after) {
    edges { node { courtCaseNumber } } pageInfo { hasNextPage endCursor } } }`;

describe("the case list: search, filters and sort", () => {
  let hub: TestHub;
  const numbers = async (who: string, vars: Record<string, unknown>) => {
    const res = await hub.gql(who, LIST, vars);
    expect(res.errors).toBeUndefined();
    return res.data.myCases.edges.map((e: { node: { courtCaseNumber: string } }) => e.node.courtCaseNumber);
  };

  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it("finds a case by the start of its number, a child's name, and a child's LA reference, in any case", async () => {
    expect(await numbers(DEMO_USERS.legal, { search: "ns26c0005" })).toEqual(["NS26C00057"]);
    expect(await numbers(DEMO_USERS.legal, { search: "riley" })).toEqual(["NS26C00057"]);
    expect(await numbers(DEMO_USERS.legal, { search: "Amber Ex" })).toEqual(["NS26C00041"]);
    expect(await numbers(DEMO_USERS.legal, { search: "example" })).toEqual(["NS26C00041"]);
    expect(await numbers(DEMO_USERS.legal, { search: "NS-CH-20877" })).toEqual(["NS26C00057"]);
    expect(await numbers(DEMO_USERS.legal, { search: "nobody" })).toEqual([]);
    // LIKE's wildcards are searched for, not used.
    expect(await numbers(DEMO_USERS.legal, { search: "%" })).toEqual([]);
    expect(await numbers(DEMO_USERS.legal, { search: "_" })).toEqual([]);
  });

  it("searches only within the caller's cases, and a child's LA reference only where the caller sees that child's records", async () => {
    // Bea is not on NS26C00041: neither its number nor its children find it.
    expect(await numbers(DEMO_USERS.iroBea, { search: "NS26C00041" })).toEqual([]);
    expect(await numbers(DEMO_USERS.iroBea, { search: "Amber" })).toEqual([]);
    // Bea becomes Jay's IRO: she sees the case, Jay's reference finds it, Amber's does not (a sibling's records).
    const [{ id: jay }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Jay'");
    const [amber] = await hub.sql("SELECT la_reference FROM child WHERE given_name = 'Amber'");
    const [jayRef] = await hub.sql("SELECT la_reference FROM child WHERE given_name = 'Jay'");
    const appointed = await hub.gql(DEMO_USERS.iroManager, `mutation($i: AppointPersonInput!) { appointIro(input: $i) { id } }`, {
      i: { childId: jay, userId: await hub.userId(DEMO_USERS.iroBea), startsOn: hub.clock.today() },
    });
    expect(appointed.errors).toBeUndefined();
    expect(await numbers(DEMO_USERS.iroBea, { search: jayRef.la_reference })).toEqual(["NS26C00041"]);
    expect(await numbers(DEMO_USERS.iroBea, { search: amber.la_reference })).toEqual([]);
    // A sibling's name is not a secret: the case shows their name already.
    expect(await numbers(DEMO_USERS.iroBea, { search: "Amber" })).toEqual(["NS26C00041"]);
  });

  it("filters by status, court, IRO and what needs the caller, and sorts by issue or final hearing date, paging each", async () => {
    const all = await numbers(DEMO_USERS.court, {});
    expect(all.length).toBeGreaterThan(1);
    expect(await numbers(DEMO_USERS.court, { status: "CLOSED" })).toEqual([]);
    expect(await numbers(DEMO_USERS.court, { status: "OPEN" })).toEqual(all);
    const [{ court_id: court }] = await hub.sql("SELECT court_id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    expect(await numbers(DEMO_USERS.court, { courtId: court })).toEqual(all);
    expect(await numbers(DEMO_USERS.court, { courtId: "00000000-0000-4000-8000-000000000000" })).toEqual([]);
    expect(codes(await hub.gql(DEMO_USERS.court, LIST, { courtId: "nope" }))).toEqual(["BAD_USER_INPUT"]);
    expect(await numbers(DEMO_USERS.iroManager, { iroId: await hub.userId(DEMO_USERS.iroAlex) })).toEqual(["NS26C00041"]);

    // Needs attention: a paper the court has not acknowledged.
    expect(await numbers(DEMO_USERS.court, { needsAttention: true })).toEqual([]);
    const [{ id: riley }] = await hub.sql("SELECT p.id FROM proceedings p WHERE court_case_number = 'NS26C00057'");
    await hub.filePaper(riley);
    expect(await numbers(DEMO_USERS.court, { needsAttention: true })).toEqual(["NS26C00057"]);
    expect(await numbers(DEMO_USERS.iroAlex, { needsAttention: true })).toEqual([]);

    const issue = await hub.sql("SELECT court_case_number AS n FROM proceedings ORDER BY issue_date ASC, id ASC");
    expect(await numbers(DEMO_USERS.legal, { sort: "OLDEST_ISSUE" })).toEqual(issue.map((r: { n: string }) => r.n));
    // Final hearing due: 26 weeks less a day plus extensions; an extension moves a case down the list.
    const due = await hub.sql(
      `SELECT p.court_case_number AS n FROM proceedings p
        ORDER BY p.issue_date + 181 + 7 * (SELECT coalesce(sum(weeks), 0)::int FROM timetable_extension e WHERE e.proceedings_id = p.id), p.id`,
    );
    expect(await numbers(DEMO_USERS.legal, { sort: "FINAL_HEARING_SOONEST" })).toEqual(due.map((r: { n: string }) => r.n));
    // Paging a sorted list gives every case once.
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res: { data?: any } = await hub.gql(DEMO_USERS.legal, LIST, { sort: "FINAL_HEARING_SOONEST", first: 1, after });
      seen.push(...res.data.myCases.edges.map((e: { node: { courtCaseNumber: string } }) => e.node.courtCaseNumber));
      after = res.data.myCases.pageInfo.hasNextPage ? res.data.myCases.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(due.map((r: { n: string }) => r.n));
  });
});
