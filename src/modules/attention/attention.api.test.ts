import crypto from "node:crypto";
import { startTestHub, TestHub, DEMO_USERS } from "../../../test/support/test-hub";

// "Needs your attention" for every role, through the API: each role's own kinds of waiting
// work appear when there is some, with what is overdue, and the list is empty when nothing waits.
const ATTENTION = `{ needsMyAttention { kind count overdue } }`;

describe("what needs each person's attention", () => {
  let hub: TestHub;
  const items = async (who: string) => {
    const res = await hub.gql(who, ATTENTION);
    expect(res.errors).toBeUndefined();
    return Object.fromEntries(
      res.data.needsMyAttention.map((i: { kind: string; count: number; overdue: number }) => [i.kind, { count: i.count, overdue: i.overdue }]),
    );
  };
  let newCase: string;

  beforeAll(async () => {
    hub = await startTestHub({ today: "2026-12-01" });
  });
  afterAll(() => hub.stop());

  it("is empty when nothing waits", async () => {
    expect(await items(DEMO_USERS.guardianGil)).toEqual({});
  });

  it("the court, the IRO and the guardian: papers to acknowledge; the court and the legal department: hearings this week", async () => {
    const [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    await hub.filePaper(caseId);
    for (const who of [DEMO_USERS.court, DEMO_USERS.iroAlex, DEMO_USERS.guardianGrace])
      expect((await items(who)).PAPERS_TO_ACKNOWLEDGE).toEqual({ count: expect.any(Number), overdue: 0 });
    const hearing = await hub.gql(DEMO_USERS.court, `mutation($i: RecordHearingInput!) { recordHearing(input: $i) { id } }`, {
      i: { proceedingsId: caseId, type: "OTHER", date: "2026-12-04" },
    });
    expect(hearing.errors).toBeUndefined();
    for (const who of [DEMO_USERS.court, DEMO_USERS.legal]) expect((await items(who)).HEARINGS_THIS_WEEK).toEqual({ count: 1, overdue: 0 });
    expect((await items(DEMO_USERS.iroAlex)).HEARINGS_THIS_WEEK).toBeUndefined();
  });

  it("the legal department: papers it filed not acknowledged in time; children without an IRO or guardian (and each manager the half they appoint)", async () => {
    const reg = await hub.gql(DEMO_USERS.legal, `mutation($i: RegisterProceedingsInput!) { registerProceedings(input: $i) { id } }`, {
      i: {
        courtId: (await hub.sql("SELECT id FROM organisation WHERE kind = 'COURT'"))[0].id,
        courtCaseNumber: "NS26C00777",
        issueDate: "2026-11-30",
        applicationType: "CARE_ORDER",
        children: [{ givenName: "Noa", familyName: "Waits", dateOfBirth: "2020-02-02", laReference: "NS-CH-77777" }],
      },
    });
    expect(reg.errors).toBeUndefined();
    newCase = reg.data.registerProceedings.id;
    const legal = await items(DEMO_USERS.legal);
    expect(legal.CHILDREN_WITHOUT_IRO).toEqual({ count: 1, overdue: 0 });
    expect(legal.CHILDREN_WITHOUT_GUARDIAN).toEqual({ count: 1, overdue: 0 });
    const iroManager = await items(DEMO_USERS.iroManager);
    expect(iroManager.CHILDREN_WITHOUT_IRO).toEqual({ count: 1, overdue: 0 });
    expect(iroManager.CHILDREN_WITHOUT_GUARDIAN).toBeUndefined();
    const cafcass = await items(DEMO_USERS.cafcassManager);
    expect(cafcass.CHILDREN_WITHOUT_GUARDIAN).toEqual({ count: 1, overdue: 0 });
    expect(cafcass.CHILDREN_WITHOUT_IRO).toBeUndefined();

    // A week on, the papers filed earlier are past their acknowledge-by date for the IRO and guardian.
    expect((await items(DEMO_USERS.legal)).PAPERS_NOT_ACKNOWLEDGED_BY_RECIPIENTS).toBeUndefined();
    hub.clock.setToday("2026-12-09");
    const late = (await items(DEMO_USERS.legal)).PAPERS_NOT_ACKNOWLEDGED_BY_RECIPIENTS;
    expect(late.count).toBeGreaterThan(0);
    expect(late.overdue).toBe(late.count);
    expect((await items(DEMO_USERS.court)).PAPERS_TO_ACKNOWLEDGE.overdue).toBeGreaterThan(0);
    // The case list's "needs my attention" filter finds the same cases for the legal department.
    const list = await hub.gql(DEMO_USERS.legal, `{ myCases(needsAttention: true) { edges { node { courtCaseNumber } } } }`);
    expect(list.data.myCases.edges.map((e: { node: { courtCaseNumber: string } }) => e.node.courtCaseNumber)).toContain("NS26C00041");
    hub.clock.setToday("2026-12-01");
  });

  it("managers: their team's overdue work (papers and review decisions not done in time), and the case list finds the cases", async () => {
    const [{ id: amber }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Amber'");
    for (const who of [DEMO_USERS.iroManager, DEMO_USERS.cafcassManager]) expect((await items(who)).TEAM_PAPERS_OVERDUE).toBeUndefined();
    // The demo's own review decisions overdue by 9 December, before this one.
    hub.clock.setToday("2026-12-09");
    const before = (await items(DEMO_USERS.iroManager)).TEAM_DECISIONS_OVERDUE?.count ?? 0;
    hub.clock.setToday("2026-12-01");
    // A review with a decision due on 4 December.
    const since = await hub.gql(DEMO_USERS.socialWorker, `mutation($id: ID!, $d: LocalDate!) { recordLookedAfterSince(childId: $id, since: $d) { id } }`, {
      id: amber,
      d: "2026-09-01",
    });
    expect(since.errors).toBeUndefined();
    const review = await hub.gql(DEMO_USERS.iroAlex, `mutation($i: RecordReviewInput!) { recordReview(input: $i) { id } }`, {
      i: {
        childId: amber,
        heldOn: "2026-09-28",
        participants: ["Alex IRO"],
        spokeToChild: true,
        planOnTrack: true,
        decisions: [{ description: "Contact plan agreed with the family", owner: "Sam Social Worker", dueOn: "2026-12-04" }],
      },
    });
    expect(review.errors).toBeUndefined();
    // A week on: the papers filed on 1 December are past their date for the IRO and the guardian,
    // and the review decision for the IRO's manager.
    hub.clock.setToday("2026-12-09");
    const iroManager = await items(DEMO_USERS.iroManager);
    expect(iroManager.TEAM_PAPERS_OVERDUE.count).toBeGreaterThan(0);
    expect(iroManager.TEAM_DECISIONS_OVERDUE).toEqual({ count: before + 1, overdue: before + 1 });
    const cafcass = await items(DEMO_USERS.cafcassManager);
    expect(cafcass.TEAM_PAPERS_OVERDUE.count).toBeGreaterThan(0);
    expect(cafcass.TEAM_DECISIONS_OVERDUE).toBeUndefined();
    // Not other services': the court's and the legal department's people are not this team.
    expect((await items(DEMO_USERS.legal)).TEAM_PAPERS_OVERDUE).toBeUndefined();
    for (const who of [DEMO_USERS.iroManager, DEMO_USERS.cafcassManager]) {
      const list = await hub.gql(who, `{ myCases(needsAttention: true) { edges { node { courtCaseNumber } } } }`);
      expect(list.data.myCases.edges.map((e: { node: { courtCaseNumber: string } }) => e.node.courtCaseNumber)).toContain("NS26C00041");
    }
    hub.clock.setToday("2026-12-01");
  });

  it("an IRO manager: IROs of the service above 70 children", async () => {
    expect((await items(DEMO_USERS.iroManager)).IROS_OVER_BENCHMARK).toBeUndefined();
    const alex = await hub.userId(DEMO_USERS.iroAlex);
    await hub.sql(
      `WITH kids AS (
         INSERT INTO child (id, proceedings_id, given_name, family_name, date_of_birth, la_reference)
         SELECT gen_random_uuid(), $1, 'Child', 'No ' || n, '2019-01-01', 'NS-LOAD-' || n FROM generate_series(1, 71) n RETURNING id)
       INSERT INTO appointment (id, proceedings_id, child_id, role, user_id, organisation_id, starts_on)
       SELECT gen_random_uuid(), $1, k.id, 'IRO', $2, (SELECT organisation_id FROM hub_user WHERE id = $2), '2026-11-30' FROM kids k`,
      [newCase, alex],
    );
    expect((await items(DEMO_USERS.iroManager)).IROS_OVER_BENCHMARK).toEqual({ count: 1, overdue: 0 });
  });

  it("a social worker: dispute stages naming them", async () => {
    const [{ id: amber }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Amber'");
    const d = await hub.gql(DEMO_USERS.iroAlex, `mutation($c: ID!) { raiseConcern(childId: $c, concern: "contact") { id } }`, { c: amber });
    const s = await hub.gql(
      DEMO_USERS.iroAlex,
      `mutation($d: ID!, $r: ID!) { escalateDispute(disputeId: $d, stage: "TEAM_MANAGER", responderId: $r) { id } }`,
      {
        d: d.data.raiseConcern.id,
        r: await hub.userId(DEMO_USERS.socialWorker),
      },
    );
    expect(s.errors).toBeUndefined();
    expect((await items(DEMO_USERS.socialWorker)).DISPUTE_STAGES_TO_ANSWER).toEqual({ count: 1, overdue: 0 });
  });

  it("administrators: failed emails, paused webhooks, service accounts waiting to be switched on", async () => {
    expect(await items(DEMO_USERS.admin)).toEqual({});
    const user = await hub.userId(DEMO_USERS.iroAlex);
    await hub.sql(
      "INSERT INTO email_message (user_id, to_address, subject, text, status, last_error) VALUES ($1, 'x@example.org.uk', 's', 't', 'FAILED', '550')",
      [user],
    );
    const { publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const account = await hub.gql(DEMO_USERS.orgAdmin, `mutation($i: RegisterServiceAccountInput!) { registerServiceAccount(input: $i) { id } }`, {
      i: { name: "Case system", role: "LA_LEGAL", publicKeys: [publicKey.export({ type: "spki", format: "pem" }).toString()] },
    });
    expect(account.errors).toBeUndefined();
    const hook = await hub.gql(DEMO_USERS.orgAdmin, `mutation($i: RegisterWebhookInput!) { registerWebhookEndpoint(input: $i) { endpoint { id } } }`, {
      i: { url: "http://127.0.0.1:9/hook" },
    });
    expect(hook.errors).toBeUndefined();
    const paused = await hub.gql(DEMO_USERS.orgAdmin, `mutation($id: ID!) { pauseWebhookEndpoint(id: $id, reason: "maintenance") { status } }`, {
      id: hook.data.registerWebhookEndpoint.endpoint.id,
    });
    expect(paused.data.pauseWebhookEndpoint.status).toBe("PAUSED");
    expect(await items(DEMO_USERS.admin)).toEqual({
      FAILED_EMAILS: { count: 1, overdue: 0 },
      PAUSED_WEBHOOKS: { count: 1, overdue: 0 },
      SERVICE_ACCOUNTS_WAITING: { count: 1, overdue: 0 },
    });
    expect(await items(DEMO_USERS.orgAdmin)).toEqual({ PAUSED_WEBHOOKS: { count: 1, overdue: 0 } });
  });
});
