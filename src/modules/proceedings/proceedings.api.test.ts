import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";

const REGISTER = `mutation($input: RegisterProceedingsInput!) {
  registerProceedings(input: $input) {
    id courtCaseNumber issueDate applicationType status
    court { name } localAuthority { name }
    children { givenName familyName dateOfBirth laReference }
    parties { role person { displayName } organisation { name } current }
    timetable { twentySixWeekDate finalHearingDueDate cmhDueDate advocatesMeetingDueDate weeksRunning extensionWeeks }
  }
}`;

describe("registering proceedings, children and hearings", () => {
  let hub: TestHub;
  let courtId: string;
  const input = (over: Record<string, unknown> = {}) => ({
    courtId,
    courtCaseNumber: "NS26C00100",
    issueDate: "2026-11-02",
    applicationType: "CARE_ORDER",
    children: [{ givenName: "Kim", familyName: "Test", dateOfBirth: "2019-05-01", laReference: "NS-CH-90001" }],
    ...over,
  });

  beforeAll(async () => {
    hub = await startTestHub({ today: "2026-11-30" });
    [{ id: courtId }] = await hub.sql("SELECT id FROM organisation WHERE kind = 'COURT'");
  });
  afterAll(() => hub.stop());

  it("LA legal registers proceedings; the legal department and the court are on the case", async () => {
    const res = await hub.gql(DEMO_USERS.legal, REGISTER, { input: input() });
    expect(res.errors).toBeUndefined();
    const p = res.data.registerProceedings;
    expect(p).toMatchObject({
      courtCaseNumber: "NS26C00100",
      issueDate: "2026-11-02",
      status: "OPEN",
      court: { name: "Northshire Family Court" },
      localAuthority: { name: "Northshire County Council" },
      children: [{ givenName: "Kim", familyName: "Test", dateOfBirth: "2019-05-01", laReference: "NS-CH-90001" }],
      timetable: {
        twentySixWeekDate: "2027-05-02",
        finalHearingDueDate: "2027-05-02",
        cmhDueDate: "2026-11-17",
        advocatesMeetingDueDate: "2026-11-13",
        weeksRunning: 4,
        extensionWeeks: 0,
      },
    });
    expect(p.parties.map((x: { role: string; organisation: { name: string } }) => [x.role, x.organisation.name]).sort()).toEqual([
      ["COURT", "Northshire Family Court"],
      ["LA_LEGAL_DEPARTMENT", "Northshire County Council"],
    ]);

    // The court sees it at once; a guardian not yet allocated does not.
    expect((await hub.gql(DEMO_USERS.court, `query($id: ID!) { proceedings(id: $id) { courtCaseNumber } }`, { id: p.id })).data).toEqual({
      proceedings: { courtCaseNumber: "NS26C00100" },
    });
    expect(codes(await hub.gql(DEMO_USERS.guardianGrace, `query($id: ID!) { proceedings(id: $id) { id } }`, { id: p.id }))).toEqual(["NOT_FOUND"]);
  });

  it("refuses a duplicate court case number at the same court with CONFLICT", async () => {
    const res = await hub.gql(DEMO_USERS.legal, REGISTER, {
      input: input({ children: [{ givenName: "A", familyName: "B", dateOfBirth: "2020-01-01", laReference: "X1" }] }),
    });
    expect(codes(res)).toEqual(["CONFLICT"]);
  });

  it.each([
    ["an issue date in the future", { issueDate: "2026-12-01" }, "issueDate"],
    [
      "a date of birth in the future",
      { courtCaseNumber: "N2", children: [{ givenName: "A", familyName: "B", dateOfBirth: "2027-01-01", laReference: "R1" }] },
      "children.0.dateOfBirth",
    ],
    ["no children", { courtCaseNumber: "N3", children: [] }, "children"],
    ["an unknown court", { courtCaseNumber: "N4", courtId: "6d1f4c56-8c8e-4c1b-9a53-000000000000" }, "courtId"],
    [
      "the same child reference twice",
      {
        courtCaseNumber: "N5",
        children: [
          { givenName: "A", familyName: "B", dateOfBirth: "2020-01-01", laReference: "SAME" },
          { givenName: "C", familyName: "B", dateOfBirth: "2021-01-01", laReference: "SAME" },
        ],
      },
      "children.1.laReference",
    ],
    ["an empty case number", { courtCaseNumber: "" }, "courtCaseNumber"],
  ])("refuses %s with BAD_USER_INPUT naming the field", async (_name, over, field) => {
    const res = await hub.gql(DEMO_USERS.legal, REGISTER, { input: input(over) });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect((res.errors![0].extensions!.fields as { field: string }[]).map((f) => f.field)).toContain(field);
  });

  it("refuses a malformed date at the GraphQL layer", async () => {
    const res = await hub.gql(DEMO_USERS.legal, REGISTER, { input: input({ issueDate: "2026-02-30" }) });
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
  });

  it("leaves nothing behind when a registration is refused", async () => {
    const before = await hub.sql("SELECT count(*)::int AS n FROM proceedings");
    const children = await hub.sql("SELECT count(*)::int AS n FROM child");
    await hub.gql(DEMO_USERS.legal, REGISTER, { input: input({ courtCaseNumber: "N9", issueDate: "2030-01-01" }) });
    expect(await hub.sql("SELECT count(*)::int AS n FROM proceedings")).toEqual(before);
    expect(await hub.sql("SELECT count(*)::int AS n FROM child")).toEqual(children);
  });

  it("only LA legal may register proceedings", async () => {
    for (const who of [DEMO_USERS.iroAlex, DEMO_USERS.court, DEMO_USERS.socialWorker, DEMO_USERS.admin]) {
      expect(codes(await hub.gql(who, REGISTER, { input: input({ courtCaseNumber: `Z-${who}` }) }))).toEqual(["FORBIDDEN"]);
    }
  });

  it("records hearings, not before issue; the court may too", async () => {
    const [{ id }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00100'");
    const RECORD = `mutation($input: RecordHearingInput!) { recordHearing(input: $input) { type date } }`;
    expect((await hub.gql(DEMO_USERS.legal, RECORD, { input: { proceedingsId: id, type: "CMH", date: "2026-11-16" } })).data).toEqual({
      recordHearing: { type: "CMH", date: "2026-11-16" },
    });
    expect((await hub.gql(DEMO_USERS.court, RECORD, { input: { proceedingsId: id, type: "IRH", date: "2027-03-01" } })).errors).toBeUndefined();
    const early = await hub.gql(DEMO_USERS.legal, RECORD, { input: { proceedingsId: id, type: "OTHER", date: "2026-11-01" } });
    expect(codes(early)).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, RECORD, { input: { proceedingsId: id, type: "OTHER", date: "2026-11-20" } }))).toEqual(["FORBIDDEN"]);
    const read = await hub.gql(DEMO_USERS.court, `query($id: ID!) { proceedings(id: $id) { hearings { type date } } }`, { id });
    expect(read.data.proceedings.hearings).toEqual([
      { type: "CMH", date: "2026-11-16" },
      { type: "IRH", date: "2027-03-01" },
    ]);
  });

  it("adds a child and extends the timetable", async () => {
    const [{ id }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00100'");
    const add = await hub.gql(
      DEMO_USERS.legal,
      `mutation($input: AddChildInput!) { addChild(input: $input) { givenName proceedings { courtCaseNumber children { givenName } } } }`,
      { input: { proceedingsId: id, givenName: "Lou", familyName: "Test", dateOfBirth: "2022-02-02", laReference: "NS-CH-90002" } },
    );
    expect(add.data.addChild.proceedings.children.map((c: { givenName: string }) => c.givenName)).toEqual(["Kim", "Lou"]);

    const EXTEND = `mutation($input: RecordTimetableExtensionInput!) {
      recordTimetableExtension(input: $input) { timetable { extensionWeeks finalHearingDueDate extensions { weeks reason } } } }`;
    const ok = await hub.gql(DEMO_USERS.court, EXTEND, { input: { proceedingsId: id, weeks: 8, grantedOn: "2026-11-20", reason: "Expert assessment" } });
    expect(ok.data.recordTimetableExtension.timetable).toEqual({
      extensionWeeks: 8,
      finalHearingDueDate: "2027-06-27",
      extensions: [{ weeks: 8, reason: "Expert assessment" }],
    });
    const tooLong = await hub.gql(DEMO_USERS.court, EXTEND, { input: { proceedingsId: id, weeks: 9, grantedOn: "2026-11-20", reason: "x" } });
    expect(codes(tooLong)).toEqual(["BAD_USER_INPUT"]);
  });

  it("pages myCases with opaque cursors, newest issue first", async () => {
    const page1 = await hub.gql(DEMO_USERS.legal, `{ myCases(first: 2) { edges { cursor node { courtCaseNumber } } pageInfo { hasNextPage endCursor } } }`);
    expect(page1.data.myCases.edges.map((e: { node: { courtCaseNumber: string } }) => e.node.courtCaseNumber)).toEqual(["NS26C00057", "NS26C00100"]);
    expect(page1.data.myCases.pageInfo.hasNextPage).toBe(true);
    const page2 = await hub.gql(
      DEMO_USERS.legal,
      `query($after: String) { myCases(first: 2, after: $after) { edges { node { courtCaseNumber } } pageInfo { hasNextPage } } }`,
      {
        after: page1.data.myCases.pageInfo.endCursor,
      },
    );
    expect(page2.data.myCases).toEqual({ edges: [{ node: { courtCaseNumber: "NS26C00041" } }], pageInfo: { hasNextPage: false } });

    expect(codes(await hub.gql(DEMO_USERS.legal, `{ myCases(first: 1000) { edges { cursor } } }`))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await hub.gql(DEMO_USERS.legal, `{ myCases(first: 5, after: "bm9wZQ") { edges { cursor } } }`))).toEqual(["BAD_USER_INPUT"]);
  });
});
