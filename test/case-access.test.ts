import { startTestHub, TestHub, codes, DEMO_USERS } from "./support/test-hub";

// Someone not on a case must not be able to tell it exists: the answer is NOT_FOUND, the
// same as for an id that was never issued, and never the data.
describe("case-scoped access", () => {
  let hub: TestHub;
  let caseA: string; // NS26C00041: guardian.grace, iro.alex, sw.sam
  let caseB: string; // NS26C00057: guardian.gil, iro.bea
  let childB: string;

  beforeAll(async () => {
    hub = await startTestHub();
    [{ id: caseA }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    [{ id: caseB }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00057'");
    [{ id: childB }] = await hub.sql("SELECT id FROM child WHERE proceedings_id = $1", [caseB]);
  });
  afterAll(() => hub.stop());

  const CASE = `query($id: ID!) { proceedings(id: $id) { courtCaseNumber children { givenName } } }`;
  const CHILD = `query($id: ID!) { child(id: $id) { givenName } }`;
  const myCases = async (who: string) =>
    (await hub.gql(who, `{ myCases(first: 50) { edges { node { courtCaseNumber } } } }`)).data.myCases.edges
      .map((e: { node: { courtCaseNumber: string } }) => e.node.courtCaseNumber)
      .sort();

  it("a guardian of case A asking for case B gets NOT_FOUND, exactly as for a missing id", async () => {
    const own = await hub.gql(DEMO_USERS.guardianGrace, CASE, { id: caseA });
    expect(own.data.proceedings.courtCaseNumber).toBe("NS26C00041");

    const foreign = await hub.gql(DEMO_USERS.guardianGrace, CASE, { id: caseB });
    const missing = await hub.gql(DEMO_USERS.guardianGrace, CASE, { id: "0b7f3a52-1111-4f4f-9d9d-123456789abc" });
    const garbage = await hub.gql(DEMO_USERS.guardianGrace, CASE, { id: "'; DROP TABLE proceedings; --" });
    for (const res of [foreign, missing, garbage]) {
      expect(res.data).toBeNull();
      expect(res.errors).toEqual([
        { message: "Proceedings not found", locations: [{ line: 1, column: 19 }], path: ["proceedings"], extensions: { code: "NOT_FOUND" } },
      ]);
    }
    expect(codes(await hub.gql(DEMO_USERS.guardianGrace, CHILD, { id: childB }))).toEqual(["NOT_FOUND"]);
  });

  it("each person lists exactly the cases they are on or manage", async () => {
    expect(await myCases(DEMO_USERS.guardianGrace)).toEqual(["NS26C00041"]);
    expect(await myCases(DEMO_USERS.guardianGil)).toEqual(["NS26C00057"]);
    expect(await myCases(DEMO_USERS.iroAlex)).toEqual(["NS26C00041"]);
    expect(await myCases(DEMO_USERS.socialWorker)).toEqual(["NS26C00041"]);
    expect(await myCases(DEMO_USERS.legal)).toEqual(["NS26C00041", "NS26C00057"]);
    expect(await myCases(DEMO_USERS.court)).toEqual(["NS26C00041", "NS26C00057"]);
    expect(await myCases(DEMO_USERS.iroManager)).toEqual(["NS26C00041", "NS26C00057"]);
    expect(await myCases(DEMO_USERS.cafcassManager)).toEqual(["NS26C00041", "NS26C00057"]);
    expect(await myCases(DEMO_USERS.admin)).toEqual([]);
  });

  it("people of another local authority, court and Cafcass area see none of these cases", async () => {
    const admin = (q: string, v: Record<string, unknown>) => hub.gql(DEMO_USERS.admin, q, v);
    const [{ id: issuerId }] = await hub.sql("SELECT id FROM trusted_issuer");
    const org = async (name: string, kind: string, extra = {}) =>
      (await admin(`mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { id } }`, { i: { name, kind, issuerId, ...extra } })).data
        .registerOrganisation.id;
    const la = await org("Southshire Council", "LOCAL_AUTHORITY");
    const iros = await org("Southshire IRO Service", "IRO_SERVICE", { localAuthorityId: la });
    const area = await org("Cafcass South", "CAFCASS_AREA");
    const court = await org("Southshire Family Court", "COURT", { cafcassAreaId: area });
    const user = (organisationId: string, subject: string, roles: string[]) =>
      admin(`mutation($i: RegisterUserInput!) { registerUser(input: $i) { id } }`, {
        i: { organisationId, subject, displayName: subject, email: `${subject}@south.example`, roles },
      });
    await user(la, "south.legal", ["LA_LEGAL"]);
    await user(iros, "south.iromgr", ["IRO_MANAGER"]);
    await user(area, "south.cafcass", ["CAFCASS_MANAGER"]);
    await user(court, "south.court", ["COURT"]);
    for (const who of ["south.legal", "south.iromgr", "south.cafcass", "south.court"]) {
      expect(await myCases(who)).toEqual([]);
      expect(codes(await hub.gql(who, CASE, { id: caseA }))).toEqual(["NOT_FOUND"]);
    }
  });

  it("an ended appointment ends sight of the case the day after", async () => {
    const [appt] = await hub.sql(
      "SELECT a.id FROM appointment a JOIN hub_user u ON u.id = a.user_id WHERE u.subject = $1 AND a.proceedings_id = $2 AND a.role = 'GUARDIAN'",
      [DEMO_USERS.guardianGil, caseB],
    );
    const today = hub.clock.today();
    const end = await hub.gql(DEMO_USERS.cafcassManager, `mutation($i: EndAppointmentInput!) { endAppointment(input: $i) { endsOn current } }`, {
      i: { appointmentId: appt.id, endsOn: today },
    });
    expect(end.data.endAppointment).toEqual({ endsOn: today, current: true });
    expect((await hub.gql(DEMO_USERS.guardianGil, CASE, { id: caseB })).data.proceedings.courtCaseNumber).toBe("NS26C00057");

    const tomorrow = new Date(hub.clock.now().getTime() + 86_400_000);
    hub.clock.setNow(tomorrow);
    try {
      expect(codes(await hub.gql(DEMO_USERS.guardianGil, CASE, { id: caseB }))).toEqual(["NOT_FOUND"]);
      expect(await myCases(DEMO_USERS.guardianGil)).toEqual([]);
    } finally {
      hub.clock.setNow(new Date());
    }
  });

  it("role rules follow the permission matrix", async () => {
    const APPOINT = `mutation($i: AppointPersonInput!) { appointIro(input: $i) { id } }`;
    const iro = await hub.userId(DEMO_USERS.iroBea);
    const [{ id: childA }] = await hub.sql("SELECT id FROM child WHERE proceedings_id = $1 LIMIT 1", [caseA]);
    for (const who of [DEMO_USERS.legal, DEMO_USERS.iroAlex, DEMO_USERS.guardianGrace, DEMO_USERS.court, DEMO_USERS.cafcassManager]) {
      expect(codes(await hub.gql(who, APPOINT, { i: { childId: childA, userId: iro, startsOn: "2026-01-01" } }))).toEqual(["FORBIDDEN"]);
    }
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, `{ caseAuditTrail(proceedingsId: "${caseA}") { edges { cursor } } }`))).toEqual(["FORBIDDEN"]);
    expect(codes(await hub.gql(DEMO_USERS.legal, `{ organisationUsers(organisationId: "${caseA}") { id } }`))).toEqual(["FORBIDDEN"]);
  });
});
