import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";
import { isCurrent } from "./appointment.entity";
import { appointmentCaseAccess, runsOn } from "./appointment-access";
import { generateNationalData } from "../../demo/national-data";
import { HubUser, principalOfUser } from "../directory/directory.module";

const REGISTER = `mutation($input: RegisterProceedingsInput!) { registerProceedings(input: $input) { id children { id } } }`;
const APPOINT_IRO = `mutation($i: AppointPersonInput!) { appointIro(input: $i) { id role startsOn endsOn current person { displayName } organisation { name } child { givenName } } }`;
const ALLOCATE_GUARDIAN = `mutation($i: AppointPersonInput!) { allocateGuardian(input: $i) { id role person { displayName } } }`;
const NOTICES = `query($id: ID!) { proceedings(id: $id) { protocolNotices { step sentTo child { givenName } contacts { role name organisation email phone } } } }`;

describe("appointments and the protocol's first joins", () => {
  let hub: TestHub;
  let caseId: string;
  let childId: string;
  let alex: string;
  let bea: string;
  let grace: string;

  beforeAll(async () => {
    hub = await startTestHub({ today: "2026-11-30" });
    const [{ id: courtId }] = await hub.sql("SELECT id FROM organisation WHERE kind = 'COURT'");
    const res = await hub.gql(DEMO_USERS.legal, REGISTER, {
      input: {
        courtId,
        courtCaseNumber: "NS26C00200",
        issueDate: "2026-11-23",
        applicationType: "CARE_ORDER",
        children: [{ givenName: "Noah", familyName: "Case", dateOfBirth: "2018-07-07", laReference: "NS-CH-70001" }],
      },
    });
    caseId = res.data.registerProceedings.id;
    childId = res.data.registerProceedings.children[0].id;
    [alex, bea, grace] = await Promise.all([DEMO_USERS.iroAlex, DEMO_USERS.iroBea, DEMO_USERS.guardianGrace].map((s) => hub.userId(s)));
  });
  afterAll(() => hub.stop());

  it("a guardian allocated before any IRO waits for the introduction", async () => {
    const res = await hub.gql(DEMO_USERS.cafcassManager, ALLOCATE_GUARDIAN, { i: { childId, userId: grace, startsOn: "2026-11-24" } });
    expect(res.data.allocateGuardian).toMatchObject({ role: "GUARDIAN", person: { displayName: "Grace Guardian" } });
    expect((await hub.gql(DEMO_USERS.guardianGrace, NOTICES, { id: caseId })).data.proceedings.protocolNotices).toEqual([]);
  });

  it("appointing an IRO notifies the court (step 1) and introduces IRO and guardian (step 2)", async () => {
    const res = await hub.gql(DEMO_USERS.iroManager, APPOINT_IRO, { i: { childId, userId: alex, startsOn: "2026-11-25" } });
    expect(res.errors).toBeUndefined();
    expect(res.data.appointIro).toMatchObject({
      role: "IRO",
      startsOn: "2026-11-25",
      endsOn: null,
      current: true,
      person: { displayName: "Alex IRO" },
      organisation: { name: "Northshire IRO Service" },
      child: { givenName: "Noah" },
    });

    const iroContact = { role: "IRO", name: "Alex IRO", organisation: "Northshire IRO Service", email: "iro.alex@example.org.uk", phone: expect.any(String) };
    const court = await hub.gql(DEMO_USERS.court, NOTICES, { id: caseId });
    expect(court.data.proceedings.protocolNotices).toEqual([
      { step: "IRO_KNOWN_TO_COURT", sentTo: ["COURT", "LA_LEGAL_DEPARTMENT"], child: { givenName: "Noah" }, contacts: [iroContact] },
    ]);

    const introduction = {
      step: "GUARDIAN_AND_IRO_INTRODUCED",
      sentTo: ["IRO", "GUARDIAN"],
      child: { givenName: "Noah" },
      contacts: [
        { role: "GUARDIAN", name: "Grace Guardian", organisation: "Cafcass North East", email: "guardian.grace@example.org.uk", phone: expect.any(String) },
        iroContact,
      ],
    };
    expect((await hub.gql(DEMO_USERS.guardianGrace, NOTICES, { id: caseId })).data.proceedings.protocolNotices).toEqual([introduction]);
    const iroView = (await hub.gql(DEMO_USERS.iroAlex, NOTICES, { id: caseId })).data.proceedings.protocolNotices;
    expect(iroView.map((n: { step: string }) => n.step)).toEqual(["IRO_KNOWN_TO_COURT", "GUARDIAN_AND_IRO_INTRODUCED"]);
  });

  it("a new IRO ends the previous appointment the day before, and the court is told again", async () => {
    const res = await hub.gql(DEMO_USERS.iroManager, APPOINT_IRO, { i: { childId, userId: bea, startsOn: "2026-11-30" } });
    expect(res.errors).toBeUndefined();
    const parties = await hub.gql(DEMO_USERS.court, `query($id: ID!) { child(id: $id) { parties { role person { displayName } startsOn endsOn current } } }`, {
      id: childId,
    });
    const iros = parties.data.child.parties.filter((p: { role: string }) => p.role === "IRO");
    expect(iros).toEqual([
      { role: "IRO", person: { displayName: "Alex IRO" }, startsOn: "2026-11-25", endsOn: "2026-11-29", current: false },
      { role: "IRO", person: { displayName: "Bea IRO" }, startsOn: "2026-11-30", endsOn: null, current: true },
    ]);
    const notices = (await hub.gql(DEMO_USERS.court, NOTICES, { id: caseId })).data.proceedings.protocolNotices;
    expect(notices.map((n: { contacts: { name: string }[] }) => n.contacts[0].name)).toEqual(["Alex IRO", "Bea IRO"]);
    // Alex is no longer on the case.
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, NOTICES, { id: caseId }))).toEqual(["NOT_FOUND"]);
  });

  it("two managers appointing at once leave the child with one IRO", async () => {
    const [{ id: other }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Riley'");
    const results = await Promise.all(
      [alex, bea].map((userId) => hub.gql(DEMO_USERS.iroManager, APPOINT_IRO, { i: { childId: other, userId, startsOn: "2026-11-30" } })),
    );
    expect(results.map((r) => (r.errors ? r.errors[0].extensions!.code : "OK")).sort()).toEqual(["CONFLICT", "OK"]);
    expect(await hub.sql("SELECT count(*)::int AS n FROM appointment WHERE child_id = $1 AND role = 'IRO' AND ends_on IS NULL", [other])).toEqual([{ n: 1 }]);
  });

  it("refuses appointing the same IRO twice, someone without the role, or someone of another service", async () => {
    expect(codes(await hub.gql(DEMO_USERS.iroManager, APPOINT_IRO, { i: { childId, userId: bea, startsOn: "2026-11-30" } }))).toEqual(["CONFLICT"]);
    const wrong = await hub.gql(DEMO_USERS.iroManager, APPOINT_IRO, { i: { childId, userId: grace, startsOn: "2026-11-30" } });
    expect(codes(wrong)).toEqual(["BAD_USER_INPUT"]);
    expect(wrong.errors![0].extensions!.fields).toEqual([{ field: "userId", message: "Not an active IRO of your organisation" }]);
    expect(codes(await hub.gql(DEMO_USERS.iroManager, APPOINT_IRO, { i: { childId, userId: "not-a-uuid", startsOn: "2026-11-30" } }))).toEqual([
      "BAD_USER_INPUT",
    ]);
    expect(
      codes(
        await hub.gql(DEMO_USERS.iroManager, APPOINT_IRO, { i: { childId: "9a3d2b1c-0000-4000-8000-000000000000", userId: alex, startsOn: "2026-11-30" } }),
      ),
    ).toEqual(["NOT_FOUND"]);
  });

  it("the social worker reads the case but not the protocol notices", async () => {
    const sw = await hub.userId(DEMO_USERS.socialWorker);
    const res = await hub.gql(DEMO_USERS.legal, `mutation($i: AppointPersonInput!) { allocateSocialWorker(input: $i) { role } }`, {
      i: { childId, userId: sw, startsOn: "2026-11-23" },
    });
    expect(res.data.allocateSocialWorker.role).toBe("SOCIAL_WORKER");
    const view = await hub.gql(DEMO_USERS.socialWorker, NOTICES, { id: caseId });
    expect(view.data.proceedings.protocolNotices).toEqual([]);
  });

  it("only the appointee's own service ends an appointment; the court stays on the case", async () => {
    const [iroAppt] = await hub.sql("SELECT id FROM appointment WHERE child_id = $1 AND role = 'IRO' AND ends_on IS NULL", [childId]);
    const [courtAppt] = await hub.sql("SELECT id FROM appointment WHERE proceedings_id = $1 AND role = 'COURT'", [caseId]);
    const END = `mutation($i: EndAppointmentInput!) { endAppointment(input: $i) { endsOn } }`;
    expect(codes(await hub.gql(DEMO_USERS.cafcassManager, END, { i: { appointmentId: iroAppt.id, endsOn: "2026-12-01" } }))).toEqual(["FORBIDDEN"]);
    expect(codes(await hub.gql(DEMO_USERS.iroManager, END, { i: { appointmentId: courtAppt.id, endsOn: "2026-12-01" } }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await hub.gql(DEMO_USERS.iroManager, END, { i: { appointmentId: iroAppt.id, endsOn: "2026-11-01" } }))).toEqual(["BAD_USER_INPUT"]);
    expect((await hub.gql(DEMO_USERS.iroManager, END, { i: { appointmentId: iroAppt.id, endsOn: "2026-12-01" } })).data).toEqual({
      endAppointment: { endsOn: "2026-12-01" },
    });
    expect(codes(await hub.gql(DEMO_USERS.iroManager, END, { i: { appointmentId: iroAppt.id, endsOn: "2026-12-02" } }))).toEqual(["CONFLICT"]);
  });
});

describe("an appointment's period: one rule in SQL and TypeScript", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it("runsOn (SQL) and isCurrent (TypeScript) agree on every edge", async () => {
    const cases: [string, string | null, string][] = [
      ["2026-01-10", null, "2026-01-09"],
      ["2026-01-10", null, "2026-01-10"],
      ["2026-01-10", null, "2027-06-01"],
      ["2026-01-10", "2026-01-10", "2026-01-10"],
      ["2026-01-10", "2026-01-20", "2026-01-20"],
      ["2026-01-10", "2026-01-20", "2026-01-21"],
      ["2026-01-10", "2026-01-20", "2026-01-09"],
      ["2026-02-28", "2026-03-01", "2026-03-02"],
    ];
    for (const [startsOn, endsOn, day] of cases) {
      const [{ runs }] = await hub.sql(`SELECT ${runsOn("a", "$3")} AS runs FROM (SELECT $1::date AS starts_on, $2::date AS ends_on) a`, [
        startsOn,
        endsOn,
        day,
      ]);
      expect({ startsOn, endsOn, day, runs }).toEqual({ startsOn, endsOn, day, runs: isCurrent({ startsOn, endsOn }, day) });
    }
  });
});

describe("case access asked from the records' side (who hears of an event)", () => {
  let hub: TestHub;
  const TODAY = "2026-11-30";

  beforeAll(async () => {
    // No background jobs: a run over the national data set would hold a long transaction open,
    // holding back every other test file's case events (their order is cluster-wide).
    hub = await startTestHub({ today: TODAY, jobs: false });
    const [{ id: issuerId }] = await hub.sql("SELECT id FROM trusted_issuer");
    await generateNationalData(hub.dataSource.manager, hub.runtime.calendar, {
      localAuthorities: 12,
      childrenPerYear: 150,
      years: 2,
      today: TODAY,
      issuerId,
      seed: 3,
    });
    // Variety the generator lacks: a deactivated IRO, an appointment that ended yesterday and one
    // that starts tomorrow, a person appointed to one child of two.
    await hub.sql("UPDATE hub_user SET active = false WHERE subject = 'nat-iro-0-0'");
    await hub.sql("UPDATE appointment SET ends_on = '2026-11-29' WHERE id IN (SELECT id FROM appointment WHERE role = 'GUARDIAN' AND ends_on IS NULL LIMIT 5)");
    await hub.sql("UPDATE appointment SET starts_on = '2026-12-01' WHERE id IN (SELECT id FROM appointment WHERE role = 'IRO' AND ends_on IS NULL LIMIT 5)");
  }, 120_000);
  afterAll(() => hub.stop());

  it("agrees with the per-person predicate for every user, case and child", async () => {
    const em = hub.dataSource.manager;
    const cases: string[] = (await hub.sql("SELECT id FROM proceedings")).map((r) => r.id);
    const children: { id: string; case_id: string }[] = await hub.sql("SELECT id, proceedings_id AS case_id FROM child");
    const audience = await appointmentCaseAccess.audience(em, TODAY, cases);
    let seen = 0;
    for (const user of await em.find(HubUser)) {
      const principal = (await principalOfUser(em, user))!;
      const visible = appointmentCaseAccess.cases(principal, TODAY, "p");
      const caseRows = await em.createQueryBuilder().select("p.id", "id").from("proceedings", "p").where(visible.sql, visible.params).getRawMany();
      const childAccess = appointmentCaseAccess.childRecords(principal, TODAY, "c", "p");
      const childRows = await em
        .createQueryBuilder()
        .select("c.id", "id")
        .from("child", "c")
        .innerJoin("proceedings", "p", "p.id = c.proceedings_id")
        .where(childAccess.sql, childAccess.params)
        .getRawMany();
      // The audience counts active users only; the predicates leave that to their callers.
      const expectedCases = new Set(user.active ? caseRows.map((r) => r.id) : []);
      const expectedChildren = new Set(user.active ? childRows.map((r) => r.id) : []);
      expect({ user: user.subject, cases: cases.filter((c) => audience.allows(user.id, c, null)).sort() }).toEqual({
        user: user.subject,
        cases: [...expectedCases].sort(),
      });
      expect({
        user: user.subject,
        children: children
          .filter((c) => audience.allows(user.id, c.case_id, c.id))
          .map((c) => c.id)
          .sort(),
      }).toEqual({
        user: user.subject,
        children: [...expectedChildren].sort(),
      });
      expect(audience.users.has(user.id)).toBe(expectedCases.size > 0);
      seen += expectedCases.size;
    }
    // The data set reaches people by every route (a test that compared empty sets would prove nothing).
    expect(seen).toBeGreaterThan(cases.length * 3);
  }, 120_000);
});
