import crypto from "node:crypto";
import { startTestHub, TestHub, codes } from "../../../test/support/test-hub";
import { generateNationalData, NationalData } from "../../demo/national-data";
import { createContext } from "../../core/context";
import { HubUser, principalOfUser } from "../directory/directory.module";
import { ComplianceScope, recomputeProtocolCompliance } from "./compliance.service";

/** A hub on a generated data set (12 local authorities, two years), with an administrator. */
async function hubWithNationalData(today: string, childrenPerYear: number, seed: number): Promise<{ hub: TestHub; data: NationalData }> {
  // No background jobs: the figures bring their rollup up to date themselves, and a job run at
  // start over a national data set would only compete with the test for the machine.
  const hub = await startTestHub({ today, seed: false, jobs: false });
  const [{ id: issuerId }] = await hub.sql("SELECT id FROM trusted_issuer");
  const data = await generateNationalData(hub.dataSource.manager, hub.runtime.calendar, {
    localAuthorities: 12,
    childrenPerYear,
    years: 2,
    today,
    issuerId,
    seed,
  });
  const [{ id: hubOrg }] = await hub.sql("INSERT INTO organisation (name, kind, issuer_id) VALUES ('Hub', 'HUB', $1) RETURNING id", [issuerId]);
  await hub.sql(
    "INSERT INTO hub_user (organisation_id, issuer_id, subject, display_name, email, roles) VALUES ($1, $2, 'admin', 'Admin', 'a@x.uk', '{HUB_ADMIN}')",
    [hubOrg, issuerId],
  );
  return { hub, data };
}

// The balcony view against a generated data set whose answers the generator counted itself
// (in JavaScript, with the calendar module), independently of the SQL under test.
describe("protocol compliance figures", () => {
  let hub: TestHub;
  let data: NationalData;
  const TODAY = "2026-11-30";

  beforeAll(async () => {
    ({ hub, data } = await hubWithNationalData(TODAY, 600, 7));
  }, 120_000);
  afterAll(() => hub.stop());

  const QUERY = `query($scope: ComplianceScope, $from: LocalDate!, $to: LocalDate!) { protocolCompliance(scope: $scope, from: $from, to: $to) {
    scope children papersReachedIroInTime childrenWithIroAndGuardian contactWithinTenWorkingDays contactPending childrenWithFinalHearing viewsBeforeFinalHearing
    outstandingActions overdueActions iros averageCaseload irosUnder50 irosWithin50To70 irosOver70
    sharePapersReachedIroInTime shareContactWithinTenWorkingDays shareViewsBeforeFinalHearing } }`;

  it("national figures match the generator's own count", async () => {
    const res = await hub.gql("admin", QUERY, { scope: "NATIONAL", from: data.from, to: data.to });
    expect(res.errors).toBeUndefined();
    const f = res.data.protocolCompliance;
    expect(f).toMatchObject(data.national);
    expect(f.children).toBe(1200);
    expect(f.sharePapersReachedIroInTime).toBeCloseTo(data.national.papersReachedIroInTime / 1200);
    expect(f.iros).toBe(120);
    expect(f.irosUnder50 + f.irosWithin50To70 + f.irosOver70).toBe(f.iros);
    // Aggregates only: nothing that identifies a child.
    expect(JSON.stringify(f)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("an IRO manager sees their own service's figures only", async () => {
    const res = await hub.gql(data.firstService.managerSubject, QUERY, { from: data.from, to: data.to });
    const { managerSubject: _m, ...expected } = data.firstService;
    const [{ name: service }] = await hub.sql("SELECT o.name FROM organisation o JOIN hub_user u ON u.organisation_id = o.id WHERE u.subject = $1", [
      data.firstService.managerSubject,
    ]);
    // The figures name the service they are for.
    expect(res.data.protocolCompliance).toMatchObject({ scope: service, ...expected });
    expect(res.data.protocolCompliance.iros).toBe(10);
    expect(codes(await hub.gql(data.firstService.managerSubject, QUERY, { scope: "NATIONAL", from: data.from, to: data.to }))).toEqual(["FORBIDDEN"]);
    expect(codes(await hub.gql("nat-iro-0-0", QUERY, { from: data.from, to: data.to }))).toEqual(["FORBIDDEN"]);
  });

  it("a Cafcass manager sees their area's courts", async () => {
    const res = await hub.gql(data.firstArea.managerSubject, QUERY, { from: data.from, to: data.to });
    const { managerSubject: _m, ...expected } = data.firstArea;
    const [{ name: area }] = await hub.sql("SELECT o.name FROM organisation o JOIN hub_user u ON u.organisation_id = o.id WHERE u.subject = $1", [
      data.firstArea.managerSubject,
    ]);
    expect(res.data.protocolCompliance).toMatchObject({ scope: area, ...expected });
  });
});

// Each definition checked on cases small enough to count by hand (the expected figures below are
// worked out in the comments, from the calendar, not by any code of the hub's).
describe("protocol compliance: what each figure counts, by hand", () => {
  let hub: TestHub;
  const TODAY = "2026-11-30"; // a Monday
  const ids = new Map<string, string>();
  const id = (name: string) => {
    if (!ids.has(name)) ids.set(name, crypto.randomUUID());
    return ids.get(name)!;
  };

  beforeAll(async () => {
    hub = await startTestHub({ today: TODAY, seed: false });
    const [{ id: issuer }] = await hub.sql("SELECT id FROM trusted_issuer");
    const q = (sql: string, params: unknown[]) => hub.sql(sql, params);
    const org = (name: string, kind: string, la: string | null = null, area: string | null = null) =>
      q("INSERT INTO organisation (id, name, kind, local_authority_id, cafcass_area_id, issuer_id) VALUES ($1, $2, $3, $4, $5, $6)", [
        id(name),
        name,
        kind,
        la,
        area,
        issuer,
      ]);
    await org("la", "LOCAL_AUTHORITY");
    await org("area", "CAFCASS_AREA");
    await org("service", "IRO_SERVICE", id("la"));
    await org("court", "COURT", null, id("area"));
    const user = (name: string, organisation: string, role: string) =>
      q("INSERT INTO hub_user (id, organisation_id, issuer_id, subject, display_name, email, roles) VALUES ($1, $2, $3, $4, $4, $5, $6)", [
        id(name),
        id(organisation),
        issuer,
        name,
        `${name}@x.uk`,
        `{${role}}`,
      ]);
    await user("manager", "service", "IRO_MANAGER");
    await user("iroA", "service", "IRO");
    await user("iroB", "service", "IRO");
    await user("iroIdle", "service", "IRO"); // active, with no child at all
    await user("guardian", "area", "GUARDIAN");
    await user("lawyer", "la", "LA_LEGAL");

    const proceedings = (name: string, issued: string) =>
      q(
        "INSERT INTO proceedings (id, court_id, court_case_number, local_authority_id, issue_date, application_type, status, registered_by_id) VALUES ($1, $2, $3, $4, $5, 'CARE_ORDER', 'OPEN', $6)",
        [id(name), id("court"), name, id("la"), issued, id("lawyer")],
      );
    const child = (name: string, p: string) =>
      q("INSERT INTO child (id, proceedings_id, given_name, family_name, date_of_birth, la_reference) VALUES ($1, $2, $3, 'X', '2018-01-01', $3)", [
        id(name),
        id(p),
        name,
      ]);
    const appoint = (c: string, p: string, role: string, who: string, org: string, from: string) =>
      q("INSERT INTO appointment (id, proceedings_id, child_id, role, user_id, organisation_id, starts_on) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
        crypto.randomUUID(),
        id(p),
        id(c),
        role,
        id(who),
        id(org),
        from,
      ]);
    const liaison = (name: string, c: string, p: string, on: string, corrects: string | null = null) =>
      q(
        "INSERT INTO liaison_record (id, proceedings_id, child_id, occurred_on, method, participants, topics, author_id, author_role, editable_until, corrects_id) VALUES ($1, $2, $3, $4, 'CALL', '{IRO,Guardian}', '{CONTACT}', $5, 'IRO', now(), $6)",
        [id(name), id(p), id(c), on, id("iroA"), corrects && id(corrects)],
      );
    const action = (record: string, c: string, p: string, due: string) =>
      q(
        "INSERT INTO liaison_action (id, liaison_id, proceedings_id, child_id, description, owner, due_on) VALUES ($1, $2, $3, $4, 'Send the contact notes', 'GUARDIAN', $5)",
        [crypto.randomUUID(), id(record), id(p), id(c), due],
      );
    // One child per proceedings unless named as siblings.
    const single = async (name: string, issued: string, iro: string, iroFrom: string, guardianFrom: string | null) => {
      await proceedings(`P-${name}`, issued);
      await child(name, `P-${name}`);
      await appoint(name, `P-${name}`, "IRO", iro, "service", iroFrom);
      if (guardianFrom) await appoint(name, `P-${name}`, "GUARDIAN", "guardian", "area", guardianFrom);
    };

    // A: both from Fri 2 Oct; the 10th working day after it is Fri 16 Oct; contact on Sat 17 Oct: late.
    await single("A", "2026-09-25", "iroA", "2026-09-25", "2026-10-02");
    await liaison("A-call", "A", "P-A", "2026-10-17");
    // B: both from Fri 14 Aug; 10th working day Fri 28 Aug; contact on Mon 31 Aug, the summer bank holiday: late.
    await single("B", "2026-08-10", "iroA", "2026-08-10", "2026-08-14");
    await liaison("B-call", "B", "P-B", "2026-08-31");
    // C: both from Thu 1 Oct; 10th working day Thu 15 Oct; contact Tue 6 Oct: in time.
    await single("C", "2026-09-28", "iroA", "2026-09-28", "2026-10-01");
    await liaison("C-call", "C", "P-C", "2026-10-06");
    // D: the guardian's appointment starts on 7 December, after today: not yet a child with both.
    await single("D", "2026-11-16", "iroA", "2026-11-16", "2026-12-07");
    // E: both from Wed 25 Nov; 10th working day Wed 9 Dec, after today; no contact yet: pending.
    await single("E", "2026-11-20", "iroA", "2026-11-20", "2026-11-25");
    // F: both from Mon 23 Nov; 10th working day Mon 7 Dec; contact Wed 25 Nov: in time (window still open).
    await single("F", "2026-11-16", "iroB", "2026-11-16", "2026-11-23");
    await liaison("F-call", "F", "P-F", "2026-11-25");
    // S1, S2: siblings with different IROs, one guardian from Wed 3 Jun (10th working day Wed 17 Jun).
    // The application (about the whole case) reached iroA on its date, iroB four days later.
    // S1 has a contact on 10 Jun (in time); S2 none (late).
    await proceedings("P-S", "2026-06-01");
    await child("S1", "P-S");
    await child("S2", "P-S");
    await appoint("S1", "P-S", "IRO", "iroA", "service", "2026-06-01");
    await appoint("S2", "P-S", "IRO", "iroB", "service", "2026-06-01");
    await appoint("S1", "P-S", "GUARDIAN", "guardian", "area", "2026-06-03");
    await appoint("S2", "P-S", "GUARDIAN", "guardian", "area", "2026-06-03");
    await q(
      "INSERT INTO court_document (id, proceedings_id, type, title, document_date, child_ids, confidentiality, filed_by_role, filed_by_id, filed_by_organisation_id, status, file_name, content_type, size_bytes, sha256, storage_key) VALUES ($1, $2, 'C110A_APPLICATION', 'Application', '2026-06-01', '{}', 'OPEN', 'LA_LEGAL_DEPARTMENT', $3, $4, 'ACTIVE', 'a.pdf', 'application/pdf', 10, $5, 'k')",
      [id("doc"), id("P-S"), id("lawyer"), id("la"), "0".repeat(64)],
    );
    // In time or not is worked out from the dates: by Tue 2 Jun (1 working day after the document's date).
    const deliver = (who: string, on: string) =>
      q(
        "INSERT INTO paper_delivery (id, document_id, proceedings_id, role, user_id, organisation_id, delivered_at, delivered_on, acknowledge_by) VALUES ($1, $2, $3, 'IRO', $4, $5, $6, $7, $7)",
        [crypto.randomUUID(), id("doc"), id("P-S"), id(who), id("service"), `${on}T12:00:00Z`, on],
      );
    await deliver("iroA", "2026-06-01");
    await deliver("iroB", "2026-06-05");
    await liaison("S1-call", "S1", "P-S", "2026-06-10");
    // I: both from Mon 9 Mar; 10th working day Mon 23 Mar. A record dated 12 Mar (in time) with an
    // open action due 30 Apr was corrected: the contact was really on 30 Mar (late), same action.
    await single("I", "2026-03-02", "iroB", "2026-03-02", "2026-03-09");
    await liaison("I-wrong", "I", "P-I", "2026-03-12");
    await action("I-wrong", "I", "P-I", "2026-04-30");
    await liaison("I-corrected", "I", "P-I", "2026-03-30", "I-wrong");
    await action("I-corrected", "I", "P-I", "2026-04-30");
  });
  afterAll(() => hub.stop());

  it("counts each definition as the schema states it", async () => {
    const res = await hub.gql(
      "manager",
      `query { protocolCompliance(from: "2026-01-01", to: "2026-11-30") {
      children papersReachedIroInTime childrenWithIroAndGuardian contactWithinTenWorkingDays contactPending shareContactWithinTenWorkingDays
      outstandingActions overdueActions iros averageCaseload irosUnder50 irosWithin50To70 irosOver70 } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.protocolCompliance).toEqual({
      children: 9, // A B C D E F S1 S2 I
      papersReachedIroInTime: 1, // S1: its own IRO had it on the day; S2's IRO did not
      childrenWithIroAndGuardian: 8, // all but D, whose guardian has not started
      contactWithinTenWorkingDays: 3, // C, F, S1 (A: a Saturday after day 10; B: a bank holiday after it; I: corrected to late)
      contactPending: 1, // E
      shareContactWithinTenWorkingDays: 3 / 7, // E left out of the 8
      outstandingActions: 1, // I's action, once (the corrected record's copy does not count)
      overdueActions: 1, // due 30 April
      iros: 3, // iroA, iroB and the idle IRO
      averageCaseload: 3, // (6 + 3 + 0) / 3: iroA has A B C D E S1, iroB has F S2 I
      irosUnder50: 3,
      irosWithin50To70: 0,
      irosOver70: 0,
    });
  });

  it("reads each definition as stated after changes that used to move it: a new IRO, people who are not the service's IROs, a corrected date, a step-5 record", async () => {
    const Q = `query { protocolCompliance(from: "2026-01-01", to: "2026-11-30") {
      papersReachedIroInTime contactWithinTenWorkingDays contactPending childrenWithFinalHearing viewsBeforeFinalHearing iros averageCaseload } }`;
    const q = (sql: string, params: unknown[] = []) => hub.sql(sql, params);
    const [{ id: issuer }] = await q("SELECT id FROM trusted_issuer");
    // S1's IRO is replaced today: its early contact (with the first pair) stays in time.
    await q("UPDATE appointment SET ends_on = '2026-11-29' WHERE child_id = $1 AND role = 'IRO'", [id("S1")]);
    await q(
      "INSERT INTO appointment (id, proceedings_id, child_id, role, user_id, organisation_id, starts_on) VALUES ($1, $2, $3, 'IRO', $4, $5, '2026-11-30')",
      [crypto.randomUUID(), id("P-S"), id("S1"), id("iroIdle"), id("service")],
    );
    // Not the service's IROs, whatever they hold: a deactivated IRO, someone without the role, and
    // an IRO of the authority's other IRO service.
    await q("INSERT INTO organisation (id, name, kind, local_authority_id, issuer_id) VALUES ($1, 'service2', 'IRO_SERVICE', $2, $3)", [
      id("service2"),
      id("la"),
      issuer,
    ]);
    await q(
      "INSERT INTO proceedings (id, court_id, court_case_number, local_authority_id, issue_date, application_type, status, registered_by_id) VALUES ($1, $2, 'P-Z', $3, '2026-11-02', 'CARE_ORDER', 'OPEN', $4)",
      [id("P-Z"), id("court"), id("la"), id("lawyer")],
    );
    for (const [who, org, role, active] of [
      ["iroGone", "service", "IRO", false],
      ["notAnIro", "service", "IRO_MANAGER", true],
      ["iroElsewhere", "service2", "IRO", true],
    ] as const) {
      await q("INSERT INTO hub_user (id, organisation_id, issuer_id, subject, display_name, email, roles, active) VALUES ($1, $2, $3, $4, $4, $5, $6, $7)", [
        id(who),
        id(org),
        issuer,
        who,
        `${who}@x.uk`,
        `{${role}}`,
        active,
      ]);
      await q("INSERT INTO child (id, proceedings_id, given_name, family_name, date_of_birth, la_reference) VALUES ($1, $2, $3, 'X', '2018-01-01', $3)", [
        id(`Z-${who}`),
        id("P-Z"),
        `Z-${who}`,
      ]);
      await q(
        "INSERT INTO appointment (id, proceedings_id, child_id, role, user_id, organisation_id, starts_on) VALUES ($1, $2, $3, 'IRO', $4, $5, '2026-11-02')",
        [crypto.randomUUID(), id("P-Z"), id(`Z-${who}`), id(who), id(org)],
      );
    }
    // The application's date corrected to Tue 26 May: delivered on 1 Jun, it reached iroA late.
    await q("UPDATE court_document SET document_date = '2026-05-26' WHERE id = $1", [id("doc")]);
    // A final hearing for S1 and S2, and care plan views for S2 recorded for step 5 on another topic.
    await q("INSERT INTO hearing (id, proceedings_id, type, date, recorded_by_id) VALUES ($1, $2, 'FINAL', '2026-11-02', $3)", [
      crypto.randomUUID(),
      id("P-S"),
      id("lawyer"),
    ]);
    await q(
      "INSERT INTO liaison_record (id, proceedings_id, child_id, occurred_on, method, participants, topics, protocol_step, author_id, author_role, editable_until) VALUES ($1, $2, $3, '2026-10-01', 'MEETING', '{IRO,Guardian}', '{CONTACT}', 'CARE_PLAN_VIEWS_BEFORE_HEARINGS', $4, 'IRO', now())",
      [crypto.randomUUID(), id("P-S"), id("S2"), id("iroB")],
    );
    const res = await hub.gql("manager", Q);
    expect(res.errors).toBeUndefined();
    expect(res.data.protocolCompliance).toEqual({
      papersReachedIroInTime: 0,
      contactWithinTenWorkingDays: 3, // C, F, S1 still
      contactPending: 1, // E
      childrenWithFinalHearing: 2,
      viewsBeforeFinalHearing: 1, // S2
      iros: 3, // iroA, iroB, iroIdle: not iroGone, notAnIro, iroElsewhere
      averageCaseload: 3, // iroA A B C D E, iroB F S2 I, iroIdle S1
    });
    // The reference count reads them the same way.
    const user = await hub.dataSource.manager.findOneByOrFail(HubUser, { subject: "manager" });
    const ctx = createContext(hub.runtime, (await principalOfUser(hub.dataSource.manager, user))!, "http");
    const reference = await recomputeProtocolCompliance(ctx, ComplianceScope.MY_SERVICE, "2026-01-01", "2026-11-30");
    expect(reference).toMatchObject(res.data.protocolCompliance);
  });
});

// The figures come from a rollup of per-child facts that triggers mark for refreshing whenever
// a record they depend on changes (whoever writes it). They must always equal a count made
// straight from the records: checked here after the generator's bulk load, after changes of
// every kind written behind the hub's back, and as days pass.
describe("protocol compliance: the rollup equals a full recomputation", () => {
  let hub: TestHub;
  let data: NationalData;
  const TODAY = "2026-11-30";

  beforeAll(async () => {
    ({ hub, data } = await hubWithNationalData(TODAY, 100, 11));
  }, 120_000);
  afterAll(() => hub.stop());

  const QUERY = `query($scope: ComplianceScope, $from: LocalDate!, $to: LocalDate!) { protocolCompliance(scope: $scope, from: $from, to: $to) {
    scope from to children papersReachedIroInTime childrenWithIroAndGuardian contactWithinTenWorkingDays contactPending childrenWithFinalHearing
    viewsBeforeFinalHearing outstandingActions overdueActions iros averageCaseload irosUnder50 irosWithin50To70 irosOver70 } }`;

  async function expectAgreement(when: string) {
    const asks: [string, ComplianceScope, string][] = [
      ["admin", ComplianceScope.NATIONAL, data.from],
      ["admin", ComplianceScope.NATIONAL, "2026-06-01"],
      [data.firstService.managerSubject, ComplianceScope.MY_SERVICE, data.from],
      [data.firstArea.managerSubject, ComplianceScope.MY_SERVICE, data.from],
    ];
    for (const [who, scope, from] of asks) {
      const res = await hub.gql(who, QUERY, { scope, from, to: data.to });
      expect(res.errors).toBeUndefined();
      const user = await hub.dataSource.manager.findOneByOrFail(HubUser, { subject: who });
      const ctx = createContext(hub.runtime, (await principalOfUser(hub.dataSource.manager, user))!, "http");
      const reference = await recomputeProtocolCompliance(ctx, scope, from, data.to);
      expect({ when, who, from, figures: res.data.protocolCompliance }).toEqual({ when, who, from, figures: reference });
    }
  }

  it("after the bulk load", () => expectAgreement("bulk load"));

  it("after changes of every kind, made straight in the database", async () => {
    const q = (sql: string) => hub.sql(sql);
    // Appointments: a guardian now starts in three days' time; an IRO moved to another child's case.
    await q("UPDATE appointment SET starts_on = DATE '2026-12-03' WHERE id IN (SELECT id FROM appointment WHERE role = 'GUARDIAN' ORDER BY id LIMIT 40)");
    await q("DELETE FROM appointment WHERE id IN (SELECT id FROM appointment WHERE role = 'IRO' ORDER BY id DESC LIMIT 10)");
    // Liaison: records corrected (to a later day), actions completed.
    await q(`INSERT INTO liaison_record (proceedings_id, child_id, occurred_on, method, participants, topics, author_id, author_role, editable_until, corrects_id)
             SELECT l.proceedings_id, l.child_id, l.occurred_on + 40, l.method, l.participants, l.topics, l.author_id, l.author_role, now(), l.id
               FROM liaison_record l WHERE l.corrects_id IS NULL ORDER BY l.id LIMIT 30`);
    await q("UPDATE liaison_action SET completed_at = now() WHERE id IN (SELECT id FROM liaison_action WHERE completed_at IS NULL ORDER BY id LIMIT 25)");
    // Hearings and papers: final hearings brought forward, applications withdrawn.
    await q("UPDATE hearing SET date = date - 60 WHERE id IN (SELECT id FROM hearing WHERE type = 'FINAL' ORDER BY id LIMIT 30)");
    await q("UPDATE court_document SET status = 'WITHDRAWN' WHERE id IN (SELECT id FROM court_document WHERE type = 'C110A_APPLICATION' ORDER BY id LIMIT 30)");
    await expectAgreement("after changes");
  });

  it("as the days pass (appointments starting, windows closing, actions falling due) and when the clock goes back", async () => {
    for (const day of ["2026-12-04", "2027-01-15", "2026-11-30"]) {
      hub.clock.setToday(day);
      await expectAgreement(day);
    }
  });

  it("as the hub's clock is stepped through the API across a day boundary, bank holidays and a month end", async () => {
    const SET = `mutation($to: DateTimeISO, $days: Int) { setHubClock(to: $to, advanceDays: $days) { today } }`;
    const step = async (change: { to?: string; days?: number }, today: string) => {
      const res = await hub.gql("admin", SET, change);
      expect(res.data.setHubClock.today).toBe(today);
      await expectAgreement(`clock at ${today}`);
    };
    await step({ to: "2026-12-24T12:00:00Z" }, "2026-12-24");
    await step({ days: 1 }, "2026-12-25"); // Christmas Day
    await step({ days: 1 }, "2026-12-26"); // Boxing Day, a Saturday (its substitute is Monday 28th)
    await step({ to: "2026-12-31T23:30:00Z" }, "2026-12-31"); // the month's (and year's) last day
    await step({ days: 1 }, "2027-01-01"); // New Year's Day
    await step({ to: "2026-11-30T12:00:00Z" }, "2026-11-30"); // and back
  });

  it("after a TRUNCATE of a table the figures read", async () => {
    await hub.sql("TRUNCATE liaison_action");
    await expectAgreement("liaison_action truncated");
  });

  it("after a change to the working-day calendar", async () => {
    await hub.sql("UPDATE calendar_day SET is_working_day = false WHERE day = DATE '2026-06-15'");
    await hub.sql("UPDATE calendar_day SET working_ordinal = working_ordinal - 1 WHERE day >= DATE '2026-06-15'");
    await expectAgreement("calendar changed");
  });
});
