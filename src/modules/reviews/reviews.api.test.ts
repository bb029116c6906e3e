import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";
import { createContext } from "../../core/context";
import { raiseReviewOverdues } from "./reviews.service";
import { raiseChallengeOverdues } from "../challenges/challenges.module";

const SCHEDULE = `query($id: ID!) { reviewSchedule(childId: $id) { lookedAfterSince firstPostOrderReviewOn nextDueOn nextOverdue reviews { number dueOn heldOn onTime overdue } } }`;
const REVIEW = `mutation($i: RecordReviewInput!) { recordReview(input: $i) { id heldOn decisions { id dueOn } } }`;
const EVENTS = `subscription($after: String, $kinds: [CaseEventKind!]) { caseEvents(after: $after, kinds: $kinds) { kind subjectId childId } }`;

describe("reviews, assurance to the court, and the IRO's challenge route", () => {
  let hub: TestHub;
  let caseId: string;
  let amber: string;
  let sam: string;
  let lee: string;
  let gil: string;

  beforeAll(async () => {
    // The jobs are run by hand here (each raises once, and says how many it raised).
    hub = await startTestHub({ today: "2026-11-30", jobs: false });
    [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    [{ id: amber }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Amber'");
    [sam, lee, gil] = await Promise.all([DEMO_USERS.socialWorker, DEMO_USERS.legal, DEMO_USERS.guardianGil].map((s) => hub.userId(s)));
  });
  afterAll(() => hub.stop());

  const review = (over: Record<string, unknown> = {}) => ({
    i: {
      childId: amber,
      heldOn: "2026-10-09",
      participants: ["Alex IRO", "Sam Social Worker", "Amber"],
      spokeToChild: true,
      childViews: "Wants to see Jay more",
      planOnTrack: true,
      concerns: "Internal: contact drift",
      ...over,
    },
  });
  it("computes the review schedule from when the child became looked after", async () => {
    expect((await hub.gql(DEMO_USERS.iroAlex, REVIEW, review())).errors![0].extensions!.code).toBe("BAD_USER_INPUT"); // no start date yet
    const set = await hub.gql(DEMO_USERS.socialWorker, `mutation($id: ID!, $d: LocalDate!) { recordLookedAfterSince(childId: $id, since: $d) { id } }`, {
      id: amber,
      d: "2026-09-14",
    });
    expect(set.errors).toBeUndefined();
    const s = (await hub.gql(DEMO_USERS.iroAlex, SCHEDULE, { id: amber })).data.reviewSchedule;
    expect(s).toMatchObject({ lookedAfterSince: "2026-09-14", nextDueOn: "2026-10-12", nextOverdue: true });
  });

  it("the IRO records reviews with decisions; bad input is refused clearly", async () => {
    const bad = async (who: string, over: Record<string, unknown>, code: string) => expect(codes(await hub.gql(who, REVIEW, review(over)))).toEqual([code]);
    await bad(DEMO_USERS.iroAlex, { heldOn: "2026-09-01" }, "BAD_USER_INPUT"); // before looked after
    await bad(DEMO_USERS.iroAlex, { heldOn: "2026-12-25" }, "BAD_USER_INPUT");
    await bad(DEMO_USERS.guardianGrace, {}, "FORBIDDEN");
    await bad(DEMO_USERS.iroBea, {}, "NOT_FOUND");

    const res = await hub.gql(
      DEMO_USERS.iroAlex,
      REVIEW,
      review({ decisions: [{ description: "Increase sibling contact", owner: "Social worker", dueOn: "2026-11-01" }] }),
    );
    expect(res.errors).toBeUndefined();
    const [{ id: decisionId }] = await hub.sql("SELECT id FROM review_decision WHERE child_id = $1", [amber]);
    expect(codes(await hub.gql(DEMO_USERS.guardianGrace, `mutation($id: ID!) { completeReviewDecision(id: $id) { id } }`, { id: decisionId }))).toEqual([
      "FORBIDDEN",
    ]);
    const s = (await hub.gql(DEMO_USERS.socialWorker, SCHEDULE, { id: amber })).data.reviewSchedule;
    expect(s.reviews).toEqual([
      { number: 1, dueOn: "2026-10-12", heldOn: "2026-10-09", onTime: true, overdue: false },
      { number: 2, dueOn: "2027-01-09", heldOn: null, onTime: null, overdue: false },
    ]);
    expect(codes(await hub.gql(DEMO_USERS.court, `query($id: ID!) { reviews(childId: $id) { concerns } }`, { id: amber }))).toEqual(["FORBIDDEN"]);
  });

  it("late reviews and overdue decisions raise events, once", async () => {
    const ctx = () => createContext(hub.runtime, null, "http");
    // Amber's decision due 2026-11-01, and the demo's decision for Jay (due 2026-10-19).
    expect(await raiseReviewOverdues(ctx())).toBe(2);
    expect(await raiseReviewOverdues(ctx())).toBe(0);
    hub.clock.setToday("2027-01-12");
    try {
      expect(await raiseReviewOverdues(ctx())).toBe(2); // Amber's review 2 (due 2027-01-09), Jay's (2027-01-05)
      await hub.eventsSettled();
      const feed = await hub.gql(
        DEMO_USERS.iroManager,
        `{ caseEventFeed(kinds: [REVIEW_OVERDUE, REVIEW_DECISION_OVERDUE], first: 10) { edges { node { kind childId } } } }`,
      );
      const kinds = feed.data.caseEventFeed.edges
        .filter((e: any) => e.node.childId === amber)
        .map((e: any) => e.node.kind)
        .sort();
      expect(kinds).toEqual(["REVIEW_DECISION_OVERDUE", "REVIEW_OVERDUE"]);
    } finally {
      hub.clock.setToday("2026-11-30");
    }
  });

  it("after the order, a post-order review drafts a statement the IRO releases to the court, which then cannot change", async () => {
    const plan = await hub.gql(DEMO_USERS.socialWorker, `mutation($i: RecordCarePlanVersionInput!) { recordCarePlanVersion(input: $i) { id } }`, {
      i: {
        childId: amber,
        basedOnVersion: 0,
        status: "FINAL",
        changeSummary: "Final",
        sections: { placement: "p", contact: "c", permanence: "x", education: "e", health: "h", wishesAndFeelings: "w" },
      },
    });
    await hub.gql(DEMO_USERS.court, `mutation($i: RecordFinalOutcomeInput!) { recordFinalOutcome(input: $i) { id } }`, {
      i: {
        proceedingsId: caseId,
        childId: amber,
        orderType: "CARE_ORDER",
        orderDate: "2026-11-30",
        approvedCarePlanVersionId: plan.data.recordCarePlanVersion.id,
      },
    });
    const stated = await hub.gql(
      DEMO_USERS.iroAlex,
      `mutation($id: ID!) { statePostOrderReviewDate(childId: $id, on: "2026-12-10") { firstPostOrderReviewOn } }`,
      { id: amber },
    );
    expect(stated.data.statePostOrderReviewDate.firstPostOrderReviewOn).toBe("2026-12-10");

    hub.clock.setToday("2026-12-11");
    const start = await hub.feedEnd(DEMO_USERS.court);
    const courtSub = hub.subscribe(hub.ws(DEMO_USERS.court), EVENTS, { after: start, kinds: ["ASSURANCE_STATEMENT_RELEASED"] });
    expect((await hub.gql(DEMO_USERS.iroAlex, REVIEW, review({ heldOn: "2026-12-10", planOnTrack: false, summaryForCourt: "Draft" }))).errors).toBeUndefined();

    const VIEW = `{ courtAssurance { child { givenName } outcome { orderType } firstPostOrderReviewOn nextReviewDueOn reviewOverdue openDisputes referralStatus
      latestStatement { heldOn dueOn heldOnTime planOnTrack summaryForCourt status } } }`;
    let view = (await hub.gql(DEMO_USERS.court, VIEW)).data.courtAssurance;
    expect(view).toEqual([expect.objectContaining({ child: { givenName: "Amber" }, firstPostOrderReviewOn: "2026-12-10", latestStatement: null })]);

    const [{ id: statementId }] = await hub.sql("SELECT id FROM assurance_statement WHERE child_id = $1", [amber]);
    const UPDATE = `mutation($id: ID!, $s: String!) { updateAssuranceStatement(id: $id, summaryForCourt: $s) { status } }`;
    expect(
      (await hub.gql(DEMO_USERS.iroAlex, UPDATE, { id: statementId, s: "Review held; placement under strain; IRO monitoring monthly" })).errors,
    ).toBeUndefined();
    const released = await hub.gql(DEMO_USERS.iroAlex, `mutation($id: ID!) { releaseAssuranceStatement(id: $id) { status releasedAt } }`, { id: statementId });
    expect(released.data.releaseAssuranceStatement.status).toBe("RELEASED");
    expect((await courtSub.waitFor(1))[0]).toEqual({ kind: "ASSURANCE_STATEMENT_RELEASED", subjectId: statementId, childId: amber });
    courtSub.stop();

    expect(codes(await hub.gql(DEMO_USERS.iroAlex, UPDATE, { id: statementId, s: "rewrite" }))).toEqual(["CONFLICT"]);
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, `mutation($id: ID!) { releaseAssuranceStatement(id: $id) { status } }`, { id: statementId }))).toEqual([
      "CONFLICT",
    ]);
    view = (await hub.gql(DEMO_USERS.court, VIEW)).data.courtAssurance;
    expect(view[0].latestStatement).toEqual({
      heldOn: "2026-12-10",
      dueOn: "2027-01-09",
      heldOnTime: true,
      planOnTrack: false,
      summaryForCourt: "Review held; placement under strain; IRO monitoring monthly",
      status: "RELEASED",
    });
    expect(JSON.stringify(view)).not.toContain("Internal");
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, VIEW))).toEqual(["FORBIDDEN"]);
  });

  it("disputes escalate through stages (skipping allowed), each answered only by its responder, within 20 working days", async () => {
    hub.clock.setToday("2026-12-21");
    const concern = await hub.gql(
      DEMO_USERS.iroAlex,
      `mutation($id: ID!) { raiseConcern(childId: $id, concern: "Contact plan not carried out") { id status } }`,
      { id: amber },
    );
    expect(concern.data.raiseConcern.status).toBe("INFORMAL");
    const disputeId = concern.data.raiseConcern.id;
    // What the IRO can choose: the configured stages, and the LA's people who can see the case.
    const options = await hub.gql(
      DEMO_USERS.iroAlex,
      `query($id: ID!) { disputeEscalationOptions(childId: $id) { stages { stage workingDays } responders { displayName } } }`,
      { id: amber },
    );
    expect(options.data.disputeEscalationOptions).toEqual({
      stages: [
        { stage: "TEAM_MANAGER", workingDays: 5 },
        { stage: "SERVICE_MANAGER", workingDays: 5 },
        { stage: "HEAD_OF_SERVICE", workingDays: 5 },
        { stage: "DIRECTOR", workingDays: 5 },
      ],
      responders: [{ displayName: "Lee Legal (LA solicitor)" }, { displayName: "Sam Social Worker" }],
    });
    expect(codes(await hub.gql(DEMO_USERS.iroBea, `query($id: ID!) { disputeEscalationOptions(childId: $id) { stages { stage } } }`, { id: amber }))).toEqual([
      "NOT_FOUND",
    ]);
    const ESCALATE = `mutation($d: ID!, $s: String!, $r: ID!) { escalateDispute(disputeId: $d, stage: $s, responderId: $r) { id stage respondBy } }`;
    // Straight to the service manager; 5 working days across Christmas (25th, 28th) = 30 December.
    const first = await hub.gql(DEMO_USERS.iroAlex, ESCALATE, { d: disputeId, s: "SERVICE_MANAGER", r: sam });
    expect(first.data.escalateDispute).toMatchObject({ stage: "SERVICE_MANAGER", respondBy: "2026-12-30" });
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, ESCALATE, { d: disputeId, s: "TEAM_MANAGER", r: sam }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, ESCALATE, { d: disputeId, s: "DIRECTOR", r: gil }))).toEqual(["BAD_USER_INPUT"]); // not the LA's

    const RESPOND = `mutation($s: ID!, $r: String!, $ok: Boolean!) { respondToDispute(stageId: $s, response: $r, resolved: $ok) { resolved } }`;
    const notAtStage = await hub.gql(DEMO_USERS.legal, RESPOND, { s: first.data.escalateDispute.id, r: "x", ok: true });
    expect(codes(notAtStage)).toEqual(["BAD_USER_INPUT"]);
    expect(notAtStage.errors![0].message).toMatch(/not the responder at the SERVICE_MANAGER stage/);
    expect((await hub.gql(DEMO_USERS.socialWorker, RESPOND, { s: first.data.escalateDispute.id, r: "Awaiting budget", ok: false })).errors).toBeUndefined();

    hub.clock.setToday("2027-01-15");
    // The director stage would run 5 working days to 22 January, but the whole process ends 20
    // working days after 21 December (New Year's Day not counted): 21 January.
    const last = await hub.gql(DEMO_USERS.iroAlex, ESCALATE, { d: disputeId, s: "DIRECTOR", r: lee });
    expect(last.data.escalateDispute).toMatchObject({ stage: "DIRECTOR", respondBy: "2027-01-21" });

    // A referral to Cafcass alongside the open dispute.
    const refer = await hub.gql(DEMO_USERS.iroAlex, `mutation($id: ID!) { referToCafcass(childId: $id, reason: "Plan drift despite dispute") { id status } }`, {
      id: amber,
    });
    expect(refer.data.referToCafcass.status).toBe("PENDING");
    expect(codes(await hub.gql(DEMO_USERS.iroBea, `mutation($id: ID!) { referToCafcass(childId: $id, reason: "x") { id } }`, { id: amber }))).toEqual([
      "NOT_FOUND",
    ]);

    hub.clock.setToday("2027-01-25");
    expect(await raiseChallengeOverdues(createContext(hub.runtime, null, "http"))).toBe(1); // the director's stage
    expect((await hub.gql(DEMO_USERS.legal, RESPOND, { s: last.data.escalateDispute.id, r: "Contact restored", ok: true })).errors).toBeUndefined();
    expect(codes(await hub.gql(DEMO_USERS.legal, RESPOND, { s: last.data.escalateDispute.id, r: "Again", ok: true }))).toEqual(["CONFLICT"]);
    const d = await hub.gql(
      DEMO_USERS.iroManager,
      `query($id: ID!) { disputes(childId: $id) { status resolution stages { stage responder { displayName } resolved } } }`,
      { id: amber },
    );
    expect(d.data.disputes[0]).toEqual({
      status: "RESOLVED",
      resolution: "Contact restored",
      stages: [
        { stage: "SERVICE_MANAGER", responder: { displayName: "Sam Social Worker" }, resolved: false },
        { stage: "DIRECTOR", responder: { displayName: "Lee Legal (LA solicitor)" }, resolved: true },
      ],
    });
  });

  it("Cafcass accepts the referral and appoints a guardian, who decides within 2 weeks; the court sees the referral", async () => {
    const [{ id: referralId }] = await hub.sql("SELECT id FROM cafcass_referral WHERE child_id = $1", [amber]);
    const HANDLE = `mutation($id: ID!, $g: ID) { handleReferral(referralId: $id, accept: true, guardianId: $g) { status acceptedOn decisionDueOn } }`;
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, HANDLE, { id: referralId, g: gil }))).toEqual(["FORBIDDEN"]);
    expect(codes(await hub.gql(DEMO_USERS.cafcassManager, HANDLE, { id: referralId, g: "not-a-uuid" }))).toEqual(["BAD_USER_INPUT"]);
    const accepted = await hub.gql(DEMO_USERS.cafcassManager, HANDLE, { id: referralId, g: gil });
    expect(accepted.data.handleReferral).toEqual({ status: "ACCEPTED", acceptedOn: "2027-01-25", decisionDueOn: "2027-02-08" });

    const DECIDE = `mutation($id: ID!) { recordReferralDecision(referralId: $id, decision: "Apply to discharge the care order") { decision decidedOn } }`;
    expect(codes(await hub.gql(DEMO_USERS.guardianGrace, DECIDE, { id: referralId }))).toEqual(["FORBIDDEN"]);
    expect((await hub.gql(DEMO_USERS.guardianGil, DECIDE, { id: referralId })).data.recordReferralDecision).toEqual({
      decision: "Apply to discharge the care order",
      decidedOn: "2027-01-25",
    });
    const OUTCOME = `mutation($id: ID!) { recordReferralOutcome(referralId: $id, outcome: "Application issued") { status outcome } }`;
    expect((await hub.gql(DEMO_USERS.guardianGil, OUTCOME, { id: referralId })).data.recordReferralOutcome).toEqual({
      status: "CLOSED",
      outcome: "Application issued",
    });
    const view = await hub.gql(DEMO_USERS.court, `{ courtAssurance { referralStatus openDisputes } }`);
    expect(view.data.courtAssurance[0]).toEqual({ referralStatus: "CLOSED", openDisputes: 0 });
    expect(codes(await hub.gql(DEMO_USERS.court, `query($id: ID!) { cafcassReferrals(childId: $id) { reason } }`, { id: amber }))).toEqual(["FORBIDDEN"]);
    // A guardian reads only the referral they were appointed for.
    const LIST = `query($id: ID!) { cafcassReferrals(childId: $id) { reason } }`;
    expect((await hub.gql(DEMO_USERS.guardianGil, LIST, { id: amber })).data.cafcassReferrals).toHaveLength(1);
    expect((await hub.gql(DEMO_USERS.iroAlex, LIST, { id: amber })).data.cafcassReferrals).toHaveLength(1);
  });

  it("the IRO's caseload shows next reviews and what is outstanding; the manager sees caseload sizes", async () => {
    const mine = await hub.gql(
      DEMO_USERS.iroAlex,
      `{ myCaseload { courtCaseNumber nextReviewDueOn reviewOverdue overdueDecisions openDisputes unacknowledgedPapers unacknowledgedChanges } }`,
    );
    expect(mine.errors).toBeUndefined();
    expect(mine.data.myCaseload).toHaveLength(2);
    expect(mine.data.myCaseload.find((c: any) => c.nextReviewDueOn === "2027-06-10")).toMatchObject({
      courtCaseNumber: "NS26C00041",
      overdueDecisions: 1,
      openDisputes: 0,
    });
    const sizes = await hub.gql(DEMO_USERS.iroManager, `{ iroCaseloads { displayName children withinBenchmark } }`);
    expect(sizes.data.iroCaseloads).toEqual([
      { displayName: "Alex IRO", children: 2, withinBenchmark: false },
      { displayName: "Bea IRO", children: 1, withinBenchmark: false },
    ]);
  });
  it("the IRO calls an extra review after a significant change; the next review held answers it", async () => {
    hub.clock.setToday("2027-02-01");
    const EXTRA = `mutation($id: ID!) { requestExtraReview(childId: $id, dueOn: "2027-02-05", reason: "Placement breakdown") { extraReviewDueOn extraReviewReason extraReviewOverdue } }`;
    expect((await hub.gql(DEMO_USERS.iroAlex, EXTRA, { id: amber })).data.requestExtraReview).toEqual({
      extraReviewDueOn: "2027-02-05",
      extraReviewReason: "Placement breakdown",
      extraReviewOverdue: false,
    });
    hub.clock.setToday("2027-02-08");
    const Q = `query($id: ID!) { reviewSchedule(childId: $id) { extraReviewDueOn extraReviewOverdue nextDueOn } }`;
    expect((await hub.gql(DEMO_USERS.iroAlex, Q, { id: amber })).data.reviewSchedule.extraReviewOverdue).toBe(true);
    const held = await hub.gql(DEMO_USERS.iroAlex, `mutation($i: RecordReviewInput!) { recordReview(input: $i) { extra } }`, review({ heldOn: "2027-02-08" }));
    expect(held.data.recordReview.extra).toBe(true);
    // The extra review answers the call and restarts the cycle: the next review is due 6 months on.
    expect((await hub.gql(DEMO_USERS.iroAlex, Q, { id: amber })).data.reviewSchedule).toEqual({
      extraReviewDueOn: null,
      extraReviewOverdue: false,
      nextDueOn: "2027-08-08",
    });
  });
});
