import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";

const SECTIONS = {
  placement: "Foster placement with Mr and Mrs Lane",
  contact: "Supervised contact with mother weekly",
  permanence: "Long-term fostering",
  education: "Stays at Northshire Primary",
  health: "Annual health assessment due March",
  wishesAndFeelings: "Amber wants to stay with her brother",
};
const RECORD_PLAN = `mutation($i: RecordCarePlanVersionInput!) { recordCarePlanVersion(input: $i) { id version status } }`;
const OUTCOME = `mutation($i: RecordFinalOutcomeInput!) { recordFinalOutcome(input: $i) { id orderType orderDate approvedCarePlan { version } } }`;
const CHANGES = `query($id: ID!) { postOrderChanges(childId: $id) { id raisedOn acknowledgeBy overdue carePlanVersion { version } significantEvent { kind }
  recipients { role person { displayName } organisation { name } acknowledgedAt overdue acknowledgedBy { displayName } } } }`;
const EVENTS = `subscription($after: String, $kinds: [CaseEventKind!]) { caseEvents(after: $after, kinds: $kinds) { cursor kind proceedingsId childId subjectId } }`;

describe("care plans, final orders and post-order changes", () => {
  let hub: TestHub;
  let caseId: string;
  let amber: string;
  let jay: string;
  let riley: string;

  beforeAll(async () => {
    hub = await startTestHub({ today: "2026-11-30" });
    [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    [{ id: amber }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Amber'");
    [{ id: jay }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Jay'");
    [{ id: riley }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Riley'");
  });
  afterAll(() => hub.stop());

  const plan = (basedOnVersion: number, status: string, changes: Partial<typeof SECTIONS> = {}, childId = amber) => ({
    i: { childId, basedOnVersion, status, sections: { ...SECTIONS, ...changes }, changeSummary: `v${basedOnVersion + 1}` },
  });

  it("keeps every version; a write against a stale version is a CONFLICT", async () => {
    expect((await hub.gql(DEMO_USERS.socialWorker, RECORD_PLAN, plan(0, "INTERIM"))).data.recordCarePlanVersion).toMatchObject({
      version: 1,
      status: "INTERIM",
    });
    const stale = await hub.gql(DEMO_USERS.socialWorker, RECORD_PLAN, plan(0, "INTERIM"));
    expect(codes(stale)).toEqual(["CONFLICT"]);
    expect(stale.errors![0].message).toMatch(/current version is 1/);

    // Two people editing version 1 at once: exactly one gets through.
    const racing = await Promise.all([
      hub.gql(DEMO_USERS.socialWorker, RECORD_PLAN, plan(1, "INTERIM", { contact: "Contact twice weekly" })),
      hub.gql(DEMO_USERS.legal, RECORD_PLAN, plan(1, "INTERIM", { contact: "Contact fortnightly" })),
    ]);
    expect(racing.map((r) => (r.errors ? r.errors[0].extensions!.code : "OK")).sort()).toEqual(["CONFLICT", "OK"]);

    const v3 = await hub.gql(
      DEMO_USERS.socialWorker,
      RECORD_PLAN,
      plan(2, "FINAL", { placement: "Placement with maternal aunt", permanence: "Care order; placement with aunt" }),
    );
    expect(v3.data.recordCarePlanVersion).toMatchObject({ version: 3, status: "FINAL" });
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, RECORD_PLAN, plan(3, "FINAL")))).toEqual(["FORBIDDEN"]);
    expect(codes(await hub.gql(DEMO_USERS.socialWorker, RECORD_PLAN, plan(3, "POST_ORDER")))).toEqual(["BAD_USER_INPUT"]);
  });

  it("shows the history to everyone on the case, the court only final versions, and a section diff", async () => {
    const HISTORY = `query($id: ID!) { carePlanHistory(childId: $id) { version status changeSummary author { displayName } } }`;
    expect((await hub.gql(DEMO_USERS.iroAlex, HISTORY, { id: amber })).data.carePlanHistory.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect((await hub.gql(DEMO_USERS.court, HISTORY, { id: amber })).data.carePlanHistory).toEqual([
      { version: 3, status: "FINAL", changeSummary: "v3", author: { displayName: "Sam Social Worker" } },
    ]);
    expect(codes(await hub.gql(DEMO_USERS.cafcassManager, HISTORY, { id: amber }))).toEqual(["FORBIDDEN"]);
    expect(codes(await hub.gql(DEMO_USERS.guardianGil, HISTORY, { id: amber }))).toEqual(["NOT_FOUND"]);

    const diff = await hub.gql(
      DEMO_USERS.guardianGrace,
      `{ carePlanDiff(childId: "${amber}", fromVersion: 1, toVersion: 3) { statusChanged sections { section before after changed } } }`,
    );
    expect(diff.data.carePlanDiff.statusChanged).toBe(true);
    const changed = diff.data.carePlanDiff.sections.filter((s: { changed: boolean }) => s.changed).map((s: { section: string }) => s.section);
    expect(changed).toEqual(expect.arrayContaining(["placement", "permanence"]));
    expect(diff.data.carePlanDiff.sections.find((s: { section: string }) => s.section === "placement")).toEqual({
      section: "placement",
      before: SECTIONS.placement,
      after: "Placement with maternal aunt",
      changed: true,
    });
    expect(codes(await hub.gql(DEMO_USERS.court, `{ carePlanDiff(childId: "${amber}", fromVersion: 1, toVersion: 3) { statusChanged } }`))).toEqual([
      "NOT_FOUND",
    ]);
  });

  it("records final outcomes per child and closes the proceedings when all have one", async () => {
    const [{ id: v3 }] = await hub.sql("SELECT id FROM care_plan_version WHERE child_id = $1 AND version = 3", [amber]);
    const [{ id: v1 }] = await hub.sql("SELECT id FROM care_plan_version WHERE child_id = $1 AND version = 1", [amber]);
    const input = (over: Record<string, unknown>) => ({
      i: { proceedingsId: caseId, childId: amber, orderType: "CARE_ORDER", orderDate: "2026-11-27", ...over },
    });

    const notHere = await hub.gql(DEMO_USERS.legal, OUTCOME, input({ childId: riley }));
    expect(codes(notHere)).toEqual(["BAD_USER_INPUT"]);
    expect(notHere.errors![0].extensions!.fields).toEqual([{ field: "childId", message: "Not a child in these proceedings" }]);
    expect(codes(await hub.gql(DEMO_USERS.legal, OUTCOME, input({})))).toEqual(["BAD_USER_INPUT"]); // no approved plan
    expect(codes(await hub.gql(DEMO_USERS.legal, OUTCOME, input({ approvedCarePlanVersionId: v1 })))).toEqual(["BAD_USER_INPUT"]); // not FINAL
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, OUTCOME, input({ approvedCarePlanVersionId: v3 })))).toEqual(["FORBIDDEN"]);

    const ok = await hub.gql(DEMO_USERS.court, OUTCOME, input({ approvedCarePlanVersionId: v3, courtRecommendations: "Review contact within 3 months" }));
    expect(ok.data.recordFinalOutcome).toMatchObject({ orderType: "CARE_ORDER", orderDate: "2026-11-27", approvedCarePlan: { version: 3 } });
    expect(codes(await hub.gql(DEMO_USERS.court, OUTCOME, input({ approvedCarePlanVersionId: v3 })))).toEqual(["CONFLICT"]);

    const STATUS = `query($id: ID!) { proceedings(id: $id) { status children { givenName finalOutcome { orderType } } } }`;
    expect((await hub.gql(DEMO_USERS.court, STATUS, { id: caseId })).data.proceedings.status).toBe("OPEN");
    await hub.gql(DEMO_USERS.legal, OUTCOME, input({ childId: jay, orderType: "SPECIAL_GUARDIANSHIP_ORDER" }));
    const closed = (await hub.gql(DEMO_USERS.court, STATUS, { id: caseId })).data.proceedings;
    expect(closed.status).toBe("CLOSED");
    expect(closed.children.map((c: { finalOutcome: { orderType: string } }) => c.finalOutcome.orderType).sort()).toEqual([
      "CARE_ORDER",
      "SPECIAL_GUARDIANSHIP_ORDER",
    ]);
    // A Cafcass manager sees the outcome but not the care plan behind it.
    const PLAN = `{ child(id: "${amber}") { finalOutcome { orderType approvedCarePlan { version } } } }`;
    expect((await hub.gql(DEMO_USERS.cafcassManager, PLAN)).data.child.finalOutcome).toEqual({ orderType: "CARE_ORDER", approvedCarePlan: null });
    expect((await hub.gql(DEMO_USERS.court, PLAN)).data.child.finalOutcome.approvedCarePlan).toEqual({ version: 3 });

    // The guardian stays on the case for the post-order window (8 weeks after the order).
    const parties = await hub.gql(DEMO_USERS.court, `{ child(id: "${amber}") { parties { role endsOn } } }`);
    expect(parties.data.child.parties.find((p: { role: string }) => p.role === "GUARDIAN").endsOn).toBe("2027-01-22");
  });

  it("a post-order care plan change reaches the IRO, the court and the guardian at once, over WebSocket", async () => {
    const start = await hub.feedEnd(DEMO_USERS.iroAlex);
    const subs = [DEMO_USERS.iroAlex, DEMO_USERS.court, DEMO_USERS.guardianGrace].map((who) =>
      hub.subscribe(hub.ws(who), EVENTS, { after: start, kinds: ["POST_ORDER_CHANGE_RAISED"] }),
    );
    const socialWorkerSub = hub.subscribe(hub.ws(DEMO_USERS.socialWorker), EVENTS, { after: start, kinds: ["POST_ORDER_CHANGE_RAISED"] });
    // The convenience stream for one child's care plan: new versions and the changes they raise.
    const planSub = hub.subscribe(
      hub.ws(DEMO_USERS.iroAlex),
      `subscription($c: ID, $after: String) { carePlanChanged(childId: $c, after: $after) { kind childId } }`,
      { c: amber, after: start },
    );

    const v4 = await hub.gql(
      DEMO_USERS.socialWorker,
      RECORD_PLAN,
      plan(3, "POST_ORDER", { placement: "Placement moved to foster carers after aunt's illness" }),
    );
    expect(v4.data.recordCarePlanVersion.status).toBe("POST_ORDER");
    const [{ id: changeId }] = await hub.sql("SELECT id FROM post_order_change WHERE child_id = $1", [amber]);

    for (const sub of [...subs, socialWorkerSub]) {
      const [event] = await sub.waitFor(1);
      // Ids only: no child data in a notification.
      expect(event).toEqual({ cursor: expect.any(String), kind: "POST_ORDER_CHANGE_RAISED", proceedingsId: caseId, childId: amber, subjectId: changeId });
      sub.stop();
    }

    expect(await planSub.waitFor(2)).toEqual([
      { kind: "CARE_PLAN_VERSION_RECORDED", childId: amber },
      { kind: "POST_ORDER_CHANGE_RAISED", childId: amber },
    ]);
    planSub.stop();

    const changes = await hub.gql(DEMO_USERS.iroAlex, CHANGES, { id: amber });
    const [change] = changes.data.postOrderChanges;
    expect(change).toMatchObject({ raisedOn: "2026-11-30", acknowledgeBy: "2026-12-02", overdue: false, carePlanVersion: { version: 4 } });
    expect(change.recipients.map((r: { role: string }) => r.role).sort()).toEqual(["COURT", "GUARDIAN", "IRO"]);
  });

  it("recipients acknowledge; an unacknowledged change is overdue after 2 working days", async () => {
    const [{ id: changeId }] = await hub.sql("SELECT id FROM post_order_change WHERE child_id = $1", [amber]);
    const ACK = `mutation($id: ID!) { acknowledgePostOrderChange(changeId: $id) { id } }`;
    expect((await hub.gql(DEMO_USERS.iroAlex, ACK, { id: changeId })).errors).toBeUndefined();
    expect((await hub.gql(DEMO_USERS.court, ACK, { id: changeId })).errors).toBeUndefined();
    expect((await hub.gql(DEMO_USERS.court, ACK, { id: changeId })).errors).toBeUndefined(); // idempotent
    expect(codes(await hub.gql(DEMO_USERS.socialWorker, ACK, { id: changeId }))).toEqual(["FORBIDDEN"]);
    expect(codes(await hub.gql(DEMO_USERS.iroBea, ACK, { id: changeId }))).toEqual(["NOT_FOUND"]);

    const MINE = `query($f: PostOrderChangeFilter) { myPostOrderChanges(filter: $f) { id } }`;
    expect((await hub.gql(DEMO_USERS.guardianGrace, MINE, { f: "UNACKNOWLEDGED" })).data.myPostOrderChanges).toEqual([{ id: changeId }]);
    expect((await hub.gql(DEMO_USERS.guardianGrace, MINE, { f: "OVERDUE" })).data.myPostOrderChanges).toEqual([]);
    expect((await hub.gql(DEMO_USERS.iroAlex, MINE, { f: "UNACKNOWLEDGED" })).data.myPostOrderChanges).toEqual([]);

    hub.clock.setToday("2026-12-03");
    const later = (await hub.gql(DEMO_USERS.iroAlex, CHANGES, { id: amber })).data.postOrderChanges[0];
    expect(later.overdue).toBe(true);
    const byRole = Object.fromEntries(later.recipients.map((r: { role: string }) => [r.role, r]));
    expect(byRole.IRO).toMatchObject({ overdue: false, acknowledgedAt: expect.any(String), acknowledgedBy: { displayName: "Alex IRO" } });
    expect(byRole.COURT).toMatchObject({ overdue: false, organisation: { name: "Northshire Family Court" } });
    expect(byRole.GUARDIAN).toMatchObject({ overdue: true, acknowledgedAt: null, person: { displayName: "Grace Guardian" } });
    expect((await hub.gql(DEMO_USERS.guardianGrace, MINE, { f: "OVERDUE" })).data.myPostOrderChanges).toEqual([{ id: changeId }]);
  });

  it("after the guardian's window only the IRO and the court hear of a change", async () => {
    hub.clock.setToday("2027-01-25");
    const start = await hub.feedEnd(DEMO_USERS.iroAlex);
    const iro = hub.subscribe(hub.ws(DEMO_USERS.iroAlex), EVENTS, { after: start, kinds: ["POST_ORDER_CHANGE_RAISED"] });
    const court = hub.subscribe(hub.ws(DEMO_USERS.court), EVENTS, { after: start, kinds: ["POST_ORDER_CHANGE_RAISED"] });
    const guardian = hub.subscribe(hub.ws(DEMO_USERS.guardianGrace), EVENTS, { after: start, kinds: ["POST_ORDER_CHANGE_RAISED"] });

    const SIG = `mutation($i: RecordSignificantEventInput!) { recordSignificantEvent(input: $i) { id kind } }`;
    const noChange = await hub.gql(DEMO_USERS.socialWorker, SIG, {
      i: { childId: amber, kind: "HEALTH_EVENT", occurredOn: "2027-01-20", summary: "Broken arm", changesPlan: false },
    });
    expect(noChange.errors).toBeUndefined();
    const moved = await hub.gql(DEMO_USERS.socialWorker, SIG, {
      i: { childId: amber, kind: "PLACEMENT_CHANGE", occurredOn: "2027-01-24", summary: "Emergency move", changesPlan: true },
    });
    expect(moved.errors).toBeUndefined();

    const [fromIro] = await iro.waitFor(1);
    await court.waitFor(1);
    expect(fromIro.kind).toBe("POST_ORDER_CHANGE_RAISED");
    // Give the guardian's stream every chance to (wrongly) deliver, then check it did not.
    const again = await hub.gql(DEMO_USERS.socialWorker, SIG, {
      i: { childId: amber, kind: "CONTACT_CHANGE", occurredOn: "2027-01-24", summary: "Contact reduced", changesPlan: true },
    });
    expect(again.errors).toBeUndefined();
    await iro.waitFor(2);
    expect(guardian.events).toEqual([]);
    expect(guardian.errors).toEqual([]);

    const latest = (await hub.gql(DEMO_USERS.iroAlex, CHANGES, { id: amber })).data.postOrderChanges[0];
    expect(latest.significantEvent).toEqual({ kind: "CONTACT_CHANGE" });
    // The court hears that the plan changed, not the significant event itself.
    expect((await hub.gql(DEMO_USERS.court, CHANGES, { id: amber })).data.postOrderChanges[0].significantEvent).toBeNull();
    expect(latest.recipients.map((r: { role: string }) => r.role).sort()).toEqual(["COURT", "IRO"]);
    expect(codes(await hub.gql(DEMO_USERS.guardianGrace, CHANGES, { id: amber }))).toEqual(["NOT_FOUND"]);
    for (const s of [iro, court, guardian]) s.stop();
  });

  it("significant events are for the IRO and guardian, not the court; before an order they raise no change", async () => {
    hub.clock.setToday("2026-11-30");
    const SIG = `mutation($i: RecordSignificantEventInput!) { recordSignificantEvent(input: $i) { id } }`;
    const res = await hub.gql(DEMO_USERS.socialWorker, SIG, {
      i: { childId: jay, kind: "SCHOOL_EXCLUSION", occurredOn: "2026-11-29", summary: "Fixed-term exclusion", changesPlan: true },
    });
    expect(res.errors).toBeUndefined();
    expect(
      codes(
        await hub.gql(DEMO_USERS.socialWorker, SIG, {
          i: { childId: jay, kind: "SCHOOL_EXCLUSION", occurredOn: "2026-12-25", summary: "x", changesPlan: false },
        }),
      ),
    ).toEqual(["BAD_USER_INPUT"]);
    const LIST = `query($id: ID!) { significantEvents(childId: $id) { kind summary } }`;
    expect((await hub.gql(DEMO_USERS.iroAlex, LIST, { id: jay })).data.significantEvents[0]).toEqual({
      kind: "SCHOOL_EXCLUSION",
      summary: "Fixed-term exclusion",
    });
    expect(codes(await hub.gql(DEMO_USERS.court, LIST, { id: jay }))).toEqual(["FORBIDDEN"]);
    // Jay's special guardianship order is monitored, so that was a post-order change.
    expect((await hub.gql(DEMO_USERS.iroAlex, CHANGES, { id: jay })).data.postOrderChanges[0].significantEvent).toEqual({ kind: "SCHOOL_EXCLUSION" });

    // Riley has no order yet: a plan-changing event is recorded, but no post-order change.
    expect(
      codes(
        await hub.gql(DEMO_USERS.socialWorker, SIG, {
          i: { childId: riley, kind: "CONTACT_CHANGE", occurredOn: "2026-11-29", summary: "x", changesPlan: true },
        }),
      ),
    ).toEqual(["NOT_FOUND"]);
    const sw = await hub.userId(DEMO_USERS.socialWorker);
    await hub.gql(DEMO_USERS.legal, `mutation($i: AppointPersonInput!) { allocateSocialWorker(input: $i) { id } }`, {
      i: { childId: riley, userId: sw, startsOn: "2026-11-30" },
    });
    const before = await hub.sql("SELECT count(*)::int AS n FROM post_order_change");
    const rec = await hub.gql(DEMO_USERS.socialWorker, SIG, {
      i: { childId: riley, kind: "CONTACT_CHANGE", occurredOn: "2026-11-29", summary: "x", changesPlan: true },
    });
    expect(rec.errors).toBeUndefined();
    expect(await hub.sql("SELECT count(*)::int AS n FROM post_order_change")).toEqual(before);
  });
});
