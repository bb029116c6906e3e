import { randomUUID } from "node:crypto";
import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";
import { createContext } from "../../core/context";
import { raiseOverdueProtocolSteps } from "./liaison.service";
import { generateNationalData } from "../../demo/national-data";

const CHECKLIST = `query($id: ID!) { protocolChecklist(childId: $id) { step status dueOn note evidence { kind on } } }`;
const RECORD = `mutation($i: RecordLiaisonInput!) { recordLiaison(input: $i) { id authorRole topics confirmedAt actions { id owner dueOn completedAt } } }`;
const PDF = Buffer.from("%PDF-1.7\nprotocol test\n%%EOF\n");

describe("IRO-guardian liaison and the protocol checklist", () => {
  let hub: TestHub;
  let caseId: string;
  let amber: string;

  beforeAll(async () => {
    // Case NS26C00041 was issued on Mon 2026-09-21; Alex is the IRO, Grace the guardian from 2026-09-23;
    // the CMH was on 2026-10-06 and the IRH is listed for 2027-01-25.
    // The jobs are run by hand here (each raises once, and says how many it raised).
    hub = await startTestHub({ today: "2026-11-30", jobs: false });
    [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    [{ id: amber }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Amber'");
  });
  afterAll(() => hub.stop());

  const checklist = async (who: string = DEMO_USERS.iroAlex) => {
    const res = await hub.gql(who, CHECKLIST, { id: amber });
    expect(res.errors).toBeUndefined();
    return Object.fromEntries(res.data.protocolChecklist.map((r: any) => [r.step, r]));
  };
  const liaison = (over: Record<string, unknown> = {}) => ({
    i: { childId: amber, occurredOn: "2026-10-01", method: "CALL", participants: ["Alex IRO", "Grace Guardian"], topics: ["CONTACT"], ...over },
  });
  const file = async (who: string, type: string) => {
    const slot = await hub.gql(who, `mutation($i: CreateUploadSlotInput!) { createUploadSlot(input: $i) { uploadUrl } }`, {
      i: {
        proceedingsId: caseId,
        type,
        title: type,
        documentDate: "2026-11-30",
        confidentiality: "OPEN",
        fileName: "x.pdf",
        contentType: "application/pdf",
        idempotencyKey: randomUUID(),
      },
    });
    expect((await hub.upload(who, slot.data.createUploadSlot.uploadUrl, PDF)).status).toBe(201);
  };

  it("starts from what the appointments already did, and shows what is overdue", async () => {
    const c = await checklist();
    expect(c.IRO_KNOWN_TO_COURT).toMatchObject({ status: "DONE", evidence: { kind: "NOTICE" } });
    expect(c.GUARDIAN_AND_IRO_INTRODUCED).toMatchObject({ status: "DONE", evidence: { kind: "NOTICE" } });
    expect(c.EARLY_CONTACT).toMatchObject({ status: "OVERDUE", dueOn: "2026-10-07", evidence: null });
    expect(c.PAPERS_REACH_IRO).toMatchObject({ status: "OVERDUE", dueOn: "2026-09-22" });
    expect(c.CARE_PLAN_VIEWS_BEFORE_HEARINGS).toMatchObject({ status: "OVERDUE", dueOn: "2026-10-05", note: "Views before the CMH on 2026-10-06" });
    expect(c.REVIEWS_IN_PROCEEDINGS.status).toBe("OVERDUE");
    expect(c.OUTCOME_TO_IRO.status).toBe("NOT_APPLICABLE");
    expect(c.POST_ORDER_MONITORING.status).toBe("NOT_APPLICABLE");
  });

  it("raises one overdue event per step for the IRO and the guardian, not the social worker", async () => {
    const ctx = createContext(hub.runtime, null, "http");
    expect(await raiseOverdueProtocolSteps(ctx)).toBe(9); // 4 steps for each sibling, 1 for Riley (step 4)
    expect(await raiseOverdueProtocolSteps(ctx)).toBe(0);
    const FEED = `query($id: ID) { caseEventFeed(proceedingsId: $id, kinds: [PROTOCOL_STEP_OVERDUE], first: 50) { edges { node { kind childId } } } }`;
    await hub.eventsSettled();
    expect((await hub.gql(DEMO_USERS.iroAlex, FEED, { id: caseId })).data.caseEventFeed.edges).toHaveLength(8);
    expect((await hub.gql(DEMO_USERS.guardianGrace, FEED, { id: caseId })).data.caseEventFeed.edges).toHaveLength(8);
    expect((await hub.gql(DEMO_USERS.socialWorker, FEED, { id: caseId })).data.caseEventFeed.edges).toHaveLength(0);
  });

  it("records liaison with agreed actions; the checklist updates itself", async () => {
    const res = await hub.gql(
      DEMO_USERS.guardianGrace,
      RECORD,
      liaison({
        topics: ["CARE_PLAN", "CONTACT"],
        guardianViewsOnCarePlan: "Contact plan is too thin",
        iroViewsOnCarePlan: "Agree; raise at CMH",
        concerns: "Sibling contact",
        actions: [{ description: "Social worker to propose sibling contact", owner: "SOCIAL_WORKER", dueOn: "2026-10-15" }],
      }),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.recordLiaison).toMatchObject({ authorRole: "GUARDIAN", actions: [{ owner: "SOCIAL_WORKER", dueOn: "2026-10-15", completedAt: null }] });
    await hub.gql(
      DEMO_USERS.iroAlex,
      RECORD,
      liaison({ occurredOn: "2026-10-02", method: "EMAIL", topics: ["REVIEW_DATES"], notes: "Second review 2026-12-18" }),
    );

    const c = await checklist(DEMO_USERS.guardianGrace);
    expect(c.EARLY_CONTACT).toMatchObject({ status: "DONE", evidence: { kind: "LIAISON", on: "2026-10-01" } });
    expect(c.REVIEWS_IN_PROCEEDINGS).toMatchObject({ status: "DONE", evidence: { kind: "LIAISON", on: "2026-10-02" } });
    // Views were shared before the CMH; next they are due before the IRH.
    expect(c.CARE_PLAN_VIEWS_BEFORE_HEARINGS).toMatchObject({ status: "DUE", dueOn: "2027-01-22", note: "Views before the IRH on 2027-01-25" });

    await file(DEMO_USERS.legal, "C110A_APPLICATION");
    expect((await checklist()).PAPERS_REACH_IRO).toMatchObject({ status: "DONE", evidence: { kind: "DELIVERY", on: "2026-11-30" } });
  });

  it("refuses bad input with clear errors", async () => {
    const bad = async (over: Record<string, unknown>, field?: string) => {
      const res = await hub.gql(DEMO_USERS.guardianGrace, RECORD, liaison(over));
      expect(new Set(codes(res))).toEqual(new Set(["BAD_USER_INPUT"]));
      if (field) expect((res.errors![0].extensions!.fields as { field: string }[]).map((f) => f.field)).toContain(field);
    };
    await bad({ occurredOn: "2026-12-25" }, "occurredOn");
    await bad({ occurredOn: "2026-09-22" }, "occurredOn"); // before the guardian's appointment
    await bad({ protocolStep: "STEP_NINE" });
    await bad({ actions: [{ description: "No owner or date" }] });
    await bad({ actions: [{ description: "Due before the contact", owner: "IRO", dueOn: "2026-09-30" }] }, "actions.0.dueOn");
    await bad({ topics: [] }, "topics");
  });

  it("only the IRO and guardian write; the matrix decides who reads", async () => {
    expect(codes(await hub.gql(DEMO_USERS.socialWorker, RECORD, liaison()))).toEqual(["FORBIDDEN"]);
    const LIST = `query($id: ID!) { liaison(childId: $id) { authorRole author { displayName } } }`;
    expect(codes(await hub.gql(DEMO_USERS.socialWorker, LIST, { id: amber }))).toEqual(["FORBIDDEN"]);
    expect(codes(await hub.gql(DEMO_USERS.court, LIST, { id: amber }))).toEqual(["FORBIDDEN"]);
    expect(codes(await hub.gql(DEMO_USERS.guardianGil, LIST, { id: amber }))).toEqual(["NOT_FOUND"]);
    expect((await hub.gql(DEMO_USERS.legal, LIST, { id: amber })).data.liaison).toHaveLength(2);
    expect((await hub.gql(DEMO_USERS.iroManager, LIST, { id: amber })).data.liaison).toHaveLength(2);
    // An IRO manager is not the child's IRO.
    expect(codes(await hub.gql(DEMO_USERS.iroManager, RECORD, liaison()))).toEqual(["FORBIDDEN"]);
  });

  it("the author edits for a short while; then the record is fixed and corrected by a new one; the other party confirms", async () => {
    const made = (await hub.gql(DEMO_USERS.guardianGrace, RECORD, liaison({ occurredOn: "2026-11-27", notes: "draft" }))).data.recordLiaison;
    const UPDATE = `mutation($id: ID!, $i: LiaisonDetailsInput!) { updateLiaison(id: $id, input: $i) { id } }`;
    const details = { occurredOn: "2026-11-27", method: "CALL", participants: ["Grace Guardian"], topics: ["CONTACT"], notes: "final wording" };
    expect((await hub.gql(DEMO_USERS.guardianGrace, UPDATE, { id: made.id, i: details })).errors).toBeUndefined();
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, UPDATE, { id: made.id, i: details }))).toEqual(["FORBIDDEN"]);

    hub.clock.setNow(new Date(hub.clock.now().getTime() + 2 * 3600_000));
    expect(codes(await hub.gql(DEMO_USERS.guardianGrace, UPDATE, { id: made.id, i: details }))).toEqual(["CONFLICT"]);
    const correction = await hub.gql(DEMO_USERS.guardianGrace, RECORD, liaison({ occurredOn: "2026-11-27", notes: "correction", correctsId: made.id }));
    expect(correction.errors).toBeUndefined();

    const CONFIRM = `mutation($id: ID!) { confirmLiaison(id: $id) { confirmedAt } }`;
    expect(codes(await hub.gql(DEMO_USERS.guardianGrace, CONFIRM, { id: made.id }))).toEqual(["FORBIDDEN"]);
    expect((await hub.gql(DEMO_USERS.iroAlex, CONFIRM, { id: made.id })).data.confirmLiaison.confirmedAt).not.toBeNull();
    const own = await hub.gql(DEMO_USERS.iroAlex, RECORD, liaison({ occurredOn: "2026-11-27", notes: "My account", respondsToId: made.id }));
    expect(own.errors).toBeUndefined();

    const [action] = await hub.sql("SELECT id FROM liaison_action WHERE child_id = $1", [amber]);
    const done = await hub.gql(DEMO_USERS.iroAlex, `mutation($id: ID!) { completeLiaisonAction(id: $id) { completedAt } }`, { id: action.id });
    expect(done.data.completeLiaisonAction.completedAt).not.toBeNull();
    hub.clock.setToday("2026-11-30");
  });

  it("after the final hearing, the outcome papers and the guardian's handover complete step 7", async () => {
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
    expect((await checklist()).OUTCOME_TO_IRO).toMatchObject({
      status: "DUE",
      dueOn: "2026-12-02",
      note: "Waiting for: final order, final care plan, guardian's handover note",
    });
    await file(DEMO_USERS.court, "FINAL_ORDER");
    await file(DEMO_USERS.legal, "FINAL_CARE_PLAN");
    expect((await checklist()).OUTCOME_TO_IRO.note).toBe("Waiting for: guardian's handover note");
    await hub.gql(DEMO_USERS.guardianGrace, RECORD, liaison({ occurredOn: "2026-11-30", topics: ["HANDOVER"], notes: "Watch sibling contact" }));
    const c = await checklist();
    expect(c.OUTCOME_TO_IRO).toMatchObject({ status: "DONE", evidence: { kind: "DELIVERY" } });
    expect(c.POST_ORDER_MONITORING.status).toBe("DONE");

    // A post-order change the IRO leaves unacknowledged past its date makes step 8 overdue.
    await hub.gql(DEMO_USERS.socialWorker, `mutation($i: RecordCarePlanVersionInput!) { recordCarePlanVersion(input: $i) { id } }`, {
      i: {
        childId: amber,
        basedOnVersion: 1,
        status: "POST_ORDER",
        changeSummary: "Move",
        sections: { placement: "new", contact: "c", permanence: "x", education: "e", health: "h", wishesAndFeelings: "w" },
      },
    });
    hub.clock.setToday("2026-12-04");
    try {
      expect((await checklist()).POST_ORDER_MONITORING).toMatchObject({
        status: "OVERDUE",
        dueOn: "2026-12-02",
        note: "1 post-order change(s) not acknowledged by the IRO in time",
      });
      // The overdue job raises step 8 once, however many days it stays overdue.
      await raiseOverdueProtocolSteps(createContext(hub.runtime, null, "http"));
      hub.clock.setToday("2026-12-07");
      await raiseOverdueProtocolSteps(createContext(hub.runtime, null, "http"));
      expect(await hub.sql("SELECT count(*)::int AS n FROM overdue_notice WHERE subject_key = $1", [`protocol:${amber}:POST_ORDER_MONITORING`])).toEqual([
        { n: 1 },
      ]);
      const [{ id: change }] = await hub.sql("SELECT id FROM post_order_change WHERE child_id = $1", [amber]);
      await hub.gql(DEMO_USERS.iroAlex, `mutation($id: ID!) { acknowledgePostOrderChange(changeId: $id) { id } }`, { id: change });
      expect((await checklist()).POST_ORDER_MONITORING).toMatchObject({ status: "DONE", evidence: { kind: "POST_ORDER_CHANGE" } });
      const actions = await hub.gql(DEMO_USERS.iroAlex, `query($id: ID!) { liaison(childId: $id) { actions { overdue completedAt } } }`, { id: amber });
      expect(actions.data.liaison.flatMap((l: any) => l.actions)).toEqual([{ overdue: false, completedAt: expect.any(String) }]);
    } finally {
      hub.clock.setToday("2026-11-30");
    }
  });
});

// The deadline job reads the country in chunks with a fixed number of statements each, so its
// cost in round trips does not grow with the number of children.
describe("the overdue protocol step job, set-based", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ today: "2026-11-30", seed: false, jobs: false, config: { eventPollIntervalMs: 3_600_000 } });
    const [{ id: issuerId }] = await hub.sql("SELECT id FROM trusted_issuer");
    await generateNationalData(hub.dataSource.manager, hub.runtime.calendar, {
      localAuthorities: 6,
      childrenPerYear: 400,
      years: 2,
      today: "2026-11-30",
      issuerId,
      seed: 5,
    });
  }, 120_000);
  afterAll(() => hub.stop());

  it("raises each overdue step once, with a handful of statements for 800 children", async () => {
    const ctx = createContext(hub.runtime, null, "http");
    const raised = await raiseOverdueProtocolSteps(ctx);
    expect(raised).toBeGreaterThan(100);
    const [{ notes }] = await hub.sql("SELECT count(*)::int AS notes FROM overdue_notice WHERE kind = 'PROTOCOL_STEP_OVERDUE'");
    expect(notes).toBe(raised);
    // Nothing new is overdue: the steady state, as the job runs every 15 minutes.
    const before = hub.queryCounter.count;
    expect(await raiseOverdueProtocolSteps(ctx)).toBe(0);
    expect(hub.queryCounter.count - before).toBeLessThan(20);
  }, 120_000);
});
