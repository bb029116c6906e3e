import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";
import { ROOT } from "../../../test/support/hub-process";
import { RetentionClass, retentionOf } from "./retention";
import { Calendar } from "../../core/calendar/calendar";
import { subjectAccessDue } from "../../core/calendar/deadlines";
import { createContext } from "../../core/context";
import { applyRetentionPeriods } from "./records.service";

// Retention, legal hold and disposal through the API, with the hub's clock moved 65 years on: a
// looked-after child's records fall due after their 75th birthday, a hold stops the disposal,
// and the approved disposal leaves no trace of the child but the certificate, while the
// sibling's records stay and the audit chain still verifies.

const DUE = `{ recordsDueForDisposal { childId courtCaseNumber laReference retentionClass disposeOn due hold { reason } } }`;
const RETENTION = `query($c: ID!) { childRetention(childId: $c) { retentionClass disposeOn rule due hold { reason } } }`;
const HOLD = `mutation($c: ID!, $r: String!) { placeLegalHold(childId: $c, reason: $r) { hold { reason } } }`;
const LIFT = `mutation($c: ID!, $r: String!) { liftLegalHold(childId: $c, reason: $r) { hold { reason } } }`;
const DISPOSE = `mutation($ids: [ID!]!) { disposeOfRecords(childIds: $ids) { id courtCaseNumber retentionClass rule filesRemoved removed { kind count } approvedById } }`;

describe("retention rules", () => {
  it("looked after: the day after the 75th birthday, or 15 years after a death before 18; otherwise the organisation's birthday", () => {
    expect(retentionOf({ dateOfBirth: "2017-03-14" }, "CARE_ORDER", 25)).toMatchObject({
      retentionClass: RetentionClass.LOOKED_AFTER,
      disposeOn: "2092-03-15",
    });
    expect(retentionOf({ dateOfBirth: "2016-02-29" }, "PLACEMENT_ORDER", 25).disposeOn).toBe("2091-03-02");
    expect(retentionOf({ dateOfBirth: "2017-03-14", diedOn: "2020-01-01" }, "CARE_ORDER", 25).disposeOn).toBe("2035-01-02");
    expect(retentionOf({ dateOfBirth: "2000-01-01", diedOn: "2030-01-01" }, "CARE_ORDER", 25).disposeOn).toBe("2075-01-02");
    expect(retentionOf({ dateOfBirth: "2017-03-14" }, "SPECIAL_GUARDIANSHIP_ORDER", 25)).toMatchObject({
      retentionClass: RetentionClass.NOT_LOOKED_AFTER,
      disposeOn: "2042-03-15",
    });
    expect(retentionOf({ dateOfBirth: "2017-03-14" }, "NO_ORDER", 30).disposeOn).toBe("2047-03-15");
    expect(retentionOf({ dateOfBirth: "2017-03-14" }, null, 25)).toMatchObject({ retentionClass: RetentionClass.OPEN, disposeOn: null });
  });
});

describe("subject access: the statutory due date (UK GDPR Art. 12(3), as the ICO counts it)", () => {
  const cal = new Calendar();
  it("one calendar month, the month's last day where it has no such date, then the next working day; extensions add months", () => {
    expect(subjectAccessDue(cal, "2026-09-03", 0)).toBe("2026-10-05"); // 3 October 2026 is a Saturday
    expect(subjectAccessDue(cal, "2027-01-31", 0)).toBe("2027-03-01"); // 28 February 2027 is a Sunday
    expect(subjectAccessDue(cal, "2026-11-25", 0)).toBe("2026-12-29"); // 25 December, then the bank holidays
    expect(subjectAccessDue(cal, "2026-11-30", 2)).toBe("2027-03-01"); // three months: 28 February, a Sunday
    expect(subjectAccessDue(cal, "2026-12-15", 0)).toBe("2027-01-15");
  });
});

describe("records management: retention, legal hold, disposal", () => {
  let hub: TestHub;
  let caseId: string;
  let amber: string;
  let jay: string;
  const manager = "records.rae";

  beforeAll(async () => {
    // No background jobs: a reminder run started before the clock moves could write its notice
    // about 2026's deadlines after the disposal has committed (never so in life: records fall due
    // decades after their last deadline).
    hub = await startTestHub({ today: "2026-11-30", jobs: false });
    [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    [{ id: amber }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Amber'");
    [{ id: jay }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Jay'");
    // The local authority's records manager, registered as its administrator would.
    const [{ organisation_id: la, issuer_id: issuer }] = await hub.sql("SELECT organisation_id, issuer_id FROM hub_user WHERE subject = $1", [
      DEMO_USERS.legal,
    ]);
    await hub.sql(
      "INSERT INTO hub_user (organisation_id, issuer_id, subject, display_name, email, roles) VALUES ($1, $2, $3, 'Rae Records', 'rae@northshire.example', '{RECORDS_MANAGER}')",
      [la, issuer, manager],
    );
  });
  afterAll(() => hub.stop());

  it("a looked-after child's records fall due after their 75th birthday; a hold blocks disposal; lifting it and approving disposes of everything but the certificate", async () => {
    // Amber's records: a final care plan and a care order, a significant event, a paper about her alone.
    const plan = await hub.gql(DEMO_USERS.socialWorker, `mutation($i: RecordCarePlanVersionInput!) { recordCarePlanVersion(input: $i) { id } }`, {
      i: {
        childId: amber,
        basedOnVersion: 0,
        status: "FINAL",
        changeSummary: "Final plan for Amber",
        sections: { placement: "Long-term foster care with Amber's aunt", contact: "c", permanence: "x", education: "e", health: "h", wishesAndFeelings: "w" },
      },
    });
    expect(plan.errors).toBeUndefined();
    const outcome = await hub.gql(DEMO_USERS.court, `mutation($i: RecordFinalOutcomeInput!) { recordFinalOutcome(input: $i) { id } }`, {
      i: {
        proceedingsId: caseId,
        childId: amber,
        orderType: "CARE_ORDER",
        orderDate: "2026-11-30",
        approvedCarePlanVersionId: plan.data.recordCarePlanVersion.id,
      },
    });
    expect(outcome.errors).toBeUndefined();
    const event = await hub.gql(DEMO_USERS.socialWorker, `mutation($i: RecordSignificantEventInput!) { recordSignificantEvent(input: $i) { id } }`, {
      i: { childId: amber, kind: "SCHOOL_EXCLUSION", occurredOn: "2026-11-29", summary: "Amber was excluded for a day", changesPlan: false },
    });
    expect(event.errors).toBeUndefined();
    const amberPaper = await hub.filePaper(caseId, { childIds: [amber], title: "Amber's assessment" });
    const bothPaper = await hub.filePaper(caseId, { title: "Both children's application" });
    const [{ storage_key: amberKey }] = await hub.sql("SELECT storage_key FROM court_document WHERE id = $1", [amberPaper]);
    expect(fs.existsSync(path.join(hub.storageDir, amberKey))).toBe(true);

    // Today: kept until 2092; Jay, with no outcome, open; neither due.
    const now = (await hub.gql(manager, RETENTION, { c: amber })).data.childRetention;
    expect(now).toMatchObject({ retentionClass: "LOOKED_AFTER", disposeOn: "2092-03-15", due: false });
    expect(now.rule).toMatch(/reg\. 50/);
    expect((await hub.gql(manager, RETENTION, { c: jay })).data.childRetention).toMatchObject({ retentionClass: "OPEN", disposeOn: null, due: false });
    expect((await hub.gql(manager, DUE)).data.recordsDueForDisposal).toEqual([]);
    // Not due yet: refused, and nothing goes.
    expect(codes(await hub.gql(manager, DISPOSE, { ids: [amber] }))).toEqual(["BAD_USER_INPUT"]);

    // Who read or changed her records: the audit trail, for a DPO answering a complaint.
    const REPORT = `query($c: ID!, $u: ID, $from: LocalDate, $to: LocalDate) { accessReport(childId: $c, userId: $u, from: $from, to: $to, first: 100) { occurredAt userId operation outcome scope } }`;
    const report = (await hub.gql(manager, REPORT, { c: amber })).data.accessReport as { userId: string; operation: string; outcome: string; scope: string }[];
    const sw = await hub.userId(DEMO_USERS.socialWorker);
    expect(report).toContainEqual(expect.objectContaining({ userId: sw, operation: "Mutation.recordCarePlanVersion", outcome: "OK", scope: "CHILD" }));
    expect(report).toContainEqual(expect.objectContaining({ operation: "Mutation.recordFinalOutcome", scope: "CHILD" }));
    const bySw = (await hub.gql(manager, REPORT, { c: amber, u: sw })).data.accessReport as { userId: string }[];
    expect(bySw.length).toBeGreaterThan(0);
    expect(bySw.every((r) => r.userId === sw)).toBe(true);
    expect((await hub.gql(manager, REPORT, { c: amber, from: "2027-01-01" })).data.accessReport).toEqual([]);
    const csv = (await hub.gql(manager, `query($c: ID!) { accessReportCsv(childId: $c) }`, { c: amber })).data.accessReportCsv as string;
    expect(csv.split("\n")[0]).toBe("when,person,organisation,operation,outcome,scope");
    expect(csv).toContain("Sam Social Worker");
    expect(csv).toContain("Mutation.recordCarePlanVersion");
    // Asking is itself on the record.
    const [{ n: asked }] = await hub.sql("SELECT count(*)::int AS n FROM audit_entry WHERE operation = 'Query.accessReport' AND child_id = $1", [amber]);
    expect(asked).toBeGreaterThan(0);

    // 65 years on: due. The records manager sees that, not the content.
    hub.clock.setToday("2092-03-15");
    const due = (await hub.gql(manager, DUE)).data.recordsDueForDisposal;
    expect(due).toEqual([
      {
        childId: amber,
        courtCaseNumber: "NS26C00041",
        laReference: "NS-CH-10231",
        retentionClass: "LOOKED_AFTER",
        disposeOn: "2092-03-15",
        due: true,
        hold: null,
      },
    ]);

    // A hold blocks it, whatever the date.
    expect((await hub.gql(manager, HOLD, { c: amber, r: "Historic abuse inquiry: preserve" })).data.placeLegalHold.hold.reason).toBe(
      "Historic abuse inquiry: preserve",
    );
    const held = await hub.gql(manager, DISPOSE, { ids: [amber] });
    expect(codes(held)).toEqual(["BAD_USER_INPUT"]);
    expect(held.errors![0].message).toMatch(/On legal hold: Historic abuse inquiry/);
    const [{ n: still }] = await hub.sql("SELECT count(*)::int AS n FROM child WHERE id = $1", [amber]);
    expect(still).toBe(1);

    // Lifted, and approved: gone, in one transaction, with its certificate.
    const start = await hub.feedEnd(DEMO_USERS.legal);
    const sub = hub.subscribe(
      hub.ws(DEMO_USERS.legal),
      `subscription($after: String) { caseEvents(after: $after, kinds: [RECORDS_DISPOSED]) { kind subjectId childId } }`,
      {
        after: start,
      },
    );
    expect((await hub.gql(manager, LIFT, { c: amber, r: "Inquiry closed" })).data.liftLegalHold.hold).toBeNull();
    const disposed = await hub.gql(manager, DISPOSE, { ids: [amber] });
    expect(disposed.errors).toBeUndefined();
    const [certificate] = disposed.data.disposeOfRecords;
    expect(certificate).toMatchObject({ courtCaseNumber: "NS26C00041", retentionClass: "LOOKED_AFTER", filesRemoved: 1 });
    const removed = Object.fromEntries(certificate.removed.map((r: { kind: string; count: number }) => [r.kind, r.count]));
    expect(removed).toMatchObject({ child: 1, care_plan_version: 1, final_outcome: 1, significant_event: 1, court_document: 1 });
    expect(removed.appointment).toBeGreaterThan(0);

    // Subscribers hear of it, and of nothing it held.
    expect(await sub.waitFor(1)).toEqual([{ kind: "RECORDS_DISPOSED", subjectId: certificate.id, childId: null }]);
    sub.stop();

    // Nothing left that names her: no row refers to her, no text holds her name, and her paper's
    // bytes are gone from the store. The audit trail alone keeps her id (who read what, when: ids
    // and operations, never content), as its chain must still verify.
    const childColumns: { table_name: string }[] = await hub.sql(
      "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'child_id' AND table_name <> 'audit_entry'",
    );
    for (const { table_name: t } of childColumns) {
      const [{ n }] = await hub.sql(`SELECT count(*)::int AS n FROM "${t}" WHERE child_id = $1`, [amber]);
      expect({ table: t, rows: n }).toEqual({ table: t, rows: 0 });
    }
    const textColumns: { table_name: string; column_name: string }[] = await hub.sql(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'jsonb', 'character varying', 'ARRAY') AND table_name NOT IN ('migrations', 'audit_entry')`,
    );
    for (const { table_name: t, column_name: c } of textColumns) {
      const [{ n }] = await hub.sql(`SELECT count(*)::int AS n FROM "${t}" WHERE "${c}"::text ILIKE '%Amber%' OR "${c}"::text LIKE $1`, [`%${amber}%`]);
      expect({ table: t, column: c, rows: n }).toEqual({ table: t, column: c, rows: 0 });
    }
    await new Promise((r) => setTimeout(r, 200)); // the bytes go after the commit
    expect(fs.existsSync(path.join(hub.storageDir, amberKey))).toBe(false);

    // The sibling's records stay: Jay, and the paper about both children, now about Jay alone.
    expect((await hub.gql(manager, RETENTION, { c: jay })).data.childRetention.retentionClass).toBe("OPEN");
    const [both] = await hub.sql("SELECT child_ids FROM court_document WHERE id = $1", [bothPaper]);
    expect(both.child_ids).toEqual([]);
    const jayPage = await hub.gql(DEMO_USERS.legal, `query($id: ID!) { child(id: $id) { givenName } }`, { id: jay });
    expect(jayPage.data.child.givenName).toBe("Jay");

    // The certificate stays, and the audit chain still verifies.
    const listed = (await hub.gql(manager, `{ disposalCertificates { id courtCaseNumber } }`)).data.disposalCertificates;
    expect(listed).toEqual([{ id: certificate.id, courtCaseNumber: "NS26C00041" }]);
    const verdict = spawnSync(process.execPath, [path.join(ROOT, "dist/src/scripts/audit-verify.js")], {
      env: {
        ...process.env,
        DATABASE_URL: hub.databaseUrl,
        AUDIT_KEY_FILE: hub.runtime.config.auditKeyFile,
        AUDIT_CHECKPOINT_DIR: hub.runtime.config.auditCheckpointDir,
      },
      encoding: "utf8",
    });
    expect(verdict.stdout).toMatch(/^audit chain holds/);
    expect(verdict.status).toBe(0);
  });

  it("records subject access requests with their due dates, extended within the first month, overdue when unanswered", async () => {
    hub.clock.setToday("2026-11-30");
    const SAR = `mutation($i: RecordSubjectAccessRequestInput!) { recordSubjectAccessRequest(input: $i) { id dueOn overdue } }`;
    const LIST = `{ subjectAccessRequests(openOnly: true) { id description dueOn overdue extendedMonths } }`;
    const person = (
      await hub.gql(manager, SAR, { i: { subjectKind: "PERSON", description: "A former foster carer asks for her data", receivedOn: "2026-11-25" } })
    ).data.recordSubjectAccessRequest;
    expect(person).toMatchObject({ dueOn: "2026-12-29", overdue: false });
    const child = await hub.gql(manager, SAR, { i: { subjectKind: "CHILD", childId: jay, description: "Jay's mother, for Jay", receivedOn: "2026-11-30" } });
    expect(child.data.recordSubjectAccessRequest).toMatchObject({ dueOn: "2026-12-30", overdue: false });
    // Not the authority's child, or a date to come: refused.
    expect(codes(await hub.gql(manager, SAR, { i: { subjectKind: "CHILD", description: "x", receivedOn: "2026-12-25" } }))).toEqual(["BAD_USER_INPUT"]);

    const extended = await hub.gql(
      manager,
      `mutation($id: ID!) { extendSubjectAccessRequest(id: $id, months: 2, reason: "Many records across several cases") { dueOn extendedMonths } }`,
      {
        id: person.id,
      },
    );
    expect(extended.data.extendSubjectAccessRequest).toEqual({ dueOn: "2027-02-25", extendedMonths: 2 });

    hub.clock.setToday("2027-01-04");
    const open = (await hub.gql(manager, LIST)).data.subjectAccessRequests;
    expect(open.map((r: { description: string; overdue: boolean }) => [r.description, r.overdue])).toEqual([
      ["Jay's mother, for Jay", true],
      ["A former foster carer asks for her data", false],
    ]);
    const done = await hub.gql(manager, `mutation($id: ID!) { completeSubjectAccessRequest(id: $id, completedOn: "2027-01-04") { completedOn overdue } }`, {
      id: child.data.recordSubjectAccessRequest.id,
    });
    expect(done.data.completeSubjectAccessRequest).toEqual({ completedOn: "2027-01-04", overdue: false });
    expect((await hub.gql(manager, LIST)).data.subjectAccessRequests).toHaveLength(1);
    // Extending after the first month is too late.
    const late = await hub.gql(manager, `mutation($id: ID!) { extendSubjectAccessRequest(id: $id, months: 1, reason: "x") { dueOn } }`, { id: person.id });
    expect(codes(late)).toEqual(["CONFLICT"]);
  });

  it("is for the local authority's records manager alone; others get FORBIDDEN, another authority's children NOT_FOUND", async () => {
    for (const who of [DEMO_USERS.legal, DEMO_USERS.admin, DEMO_USERS.orgAdmin, DEMO_USERS.iroManager]) {
      expect(codes(await hub.gql(who, DUE))).toEqual(["FORBIDDEN"]);
    }
    const [{ id: otherLa }] = await hub.sql(
      "INSERT INTO organisation (name, kind, issuer_id) SELECT 'Southshire', 'LOCAL_AUTHORITY', issuer_id FROM organisation WHERE kind = 'LOCAL_AUTHORITY' LIMIT 1 RETURNING id",
    );
    await hub.sql(
      "INSERT INTO hub_user (organisation_id, issuer_id, subject, display_name, email, roles) SELECT $1, issuer_id, 'records.south', 'South Records', 's@x.uk', '{RECORDS_MANAGER}' FROM hub_user WHERE subject = $2",
      [otherLa, DEMO_USERS.legal],
    );
    expect(codes(await hub.gql("records.south", RETENTION, { c: jay }))).toEqual(["NOT_FOUND"]);
    expect(codes(await hub.gql("records.south", HOLD, { c: jay, r: "x" }))).toEqual(["NOT_FOUND"]);
    expect(codes(await hub.gql("records.south", DISPOSE, { ids: [jay] }))).toEqual(["NOT_FOUND"]);
    expect((await hub.gql("records.south", DUE)).data.recordsDueForDisposal).toEqual([]);
  });
});

describe("the hub's own working records have their periods", () => {
  let hub: TestHub;
  beforeAll(async () => {
    // Today as the database sees it: rows carry the database's time of writing.
    hub = await startTestHub({ today: new Date().toISOString().slice(0, 10), jobs: false });
  });
  afterAll(() => hub.stop());

  it("notices after NOTICE_RETENTION_DAYS, sent emails and webhook deliveries after theirs, by the hub's clock; nothing younger", async () => {
    const [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    await hub.filePaper(caseId); // notices for its recipients
    const [{ n: notices }] = await hub.sql("SELECT count(*)::int AS n FROM notice");
    expect(notices).toBeGreaterThan(0);
    const [{ id: user }] = await hub.sql("SELECT id FROM hub_user WHERE subject = $1", [DEMO_USERS.iroAlex]);
    await hub.sql(
      `INSERT INTO email_message (user_id, to_address, subject, text, status, created_at) VALUES
         ($1, 'a@x.uk', 'old sent', 'b', 'SENT', now() - interval '100 days'),
         ($1, 'a@x.uk', 'old pending', 'b', 'PENDING', now() - interval '100 days'),
         ($1, 'a@x.uk', 'new sent', 'b', 'SENT', now())`,
      [user],
    );
    const ctx = createContext(hub.runtime, null, "http");
    expect(await applyRetentionPeriods(ctx)).toBe(1); // the old sent email only
    expect((await hub.sql("SELECT subject FROM email_message ORDER BY subject")).map((r: { subject: string }) => r.subject)).toEqual([
      "new sent",
      "old pending",
    ]);
    // Past two years on, the notices go too (and the email sent today, long past its 90 days).
    // (Rows carry the database's time of writing: the clock moves on from the real today.)
    hub.clock.setToday(new Date(Date.now() + 740 * 86_400_000).toISOString().slice(0, 10));
    expect(await applyRetentionPeriods(ctx)).toBe(notices + 1);
    expect((await hub.sql("SELECT count(*)::int AS n FROM notice"))[0].n).toBe(0);
    expect((await hub.sql("SELECT subject FROM email_message")).map((r: { subject: string }) => r.subject)).toEqual(["old pending"]);
  });
});
