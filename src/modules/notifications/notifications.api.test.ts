import { randomUUID } from "node:crypto";
import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";
import { startTestSmtp, TestSmtp } from "../../../test/support/smtp";
import { eventually } from "../../../test/support/hub-process";

const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"), Buffer.alloc(2_000, 0x20), Buffer.from("\n%%EOF\n")]);
const SLOT = `mutation($i: CreateUploadSlotInput!) { createUploadSlot(input: $i) { uploadUrl documentId } }`;
const NOTICES = `query($unread: Boolean) { myNotices(first: 50, unreadOnly: $unread) {
  edges { node { id kind description courtCaseNumber link dueOn delivery emailStatus readAt } } pageInfo { hasNextPage endCursor } } }`;
const PREFS = `{ myNotificationPreferences { kind delivery chosen } }`;
const SET_PREF = `mutation($k: NoticeKind!, $d: NoticeDelivery!) { setNotificationPreference(kind: $k, delivery: $d) { kind delivery chosen } }`;
const OUTBOX = `query($s: EmailStatus) { emailOutbox(first: 50, status: $s) { edges { node { id toAddress subject status attempts lastError sentAt } } } }`;
const PUBLIC_URL = "https://hub.example.gov.uk";

describe("notifications: email notices from the same outbox as the events", () => {
  let hub: TestHub;
  let smtp: TestSmtp;
  let caseId: string;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    hub = await startTestHub({
      today: "2026-11-30",
      config: {
        smtpUrl: smtp.url,
        publicUrl: PUBLIC_URL,
        emailSendIntervalMs: 50,
        emailRetryBaseMs: 200,
        emailMaxAttempts: 3,
        digestHour: 0,
        deadlineReminderIntervalMs: 1500,
      },
    });
    [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
  });
  afterAll(async () => {
    await hub.stop();
    await smtp.stop();
  });

  const slot = async (over: Record<string, unknown> = {}) => {
    const res = await hub.gql(DEMO_USERS.legal, SLOT, {
      i: {
        proceedingsId: caseId,
        type: "C110A_APPLICATION",
        title: "Application",
        documentDate: "2026-11-30",
        confidentiality: "OPEN",
        fileName: "c110a.pdf",
        contentType: "application/pdf",
        idempotencyKey: randomUUID(),
        ...over,
      },
    });
    expect(res.errors).toBeUndefined();
    return res.data.createUploadSlot as { uploadUrl: string; documentId: string };
  };
  const fileApplication = async (over: Record<string, unknown> = {}) => {
    const s = await slot(over);
    expect((await hub.upload(DEMO_USERS.legal, s.uploadUrl, PDF)).status).toBe(201);
    return s.documentId;
  };
  // Their notices about papers, newest first (deadline reminders come and go beside them).
  const notices = async (who: string) =>
    (await hub.gql(who, NOTICES)).data.myNotices.edges.map((e: { node: any }) => e.node).filter((n: { kind: string }) => n.kind === "PAPER_DELIVERED");

  it("emails the IRO and the guardian at once when a paper reaches them: case number and link only, no child's name", async () => {
    const doc = await fileApplication();
    // (A reminder to acknowledge the same paper follows: the delivery notice is the one meant here.)
    const delivered = (m: { subject: string; text: string }) => m.subject.startsWith("A court paper has been delivered to you") && m.text.includes(doc);
    const toAlex = await smtp.waitFor((m) => m.to.includes("iro.alex@example.org.uk") && delivered(m));
    const toGrace = await smtp.waitFor((m) => m.to.includes("guardian.grace@example.org.uk") && delivered(m));
    expect(toAlex.subject).toBe("A court paper has been delivered to you (case NS26C00041)");
    expect(toAlex.text).toContain(`Open: ${PUBLIC_URL}/papers/${doc}`);
    expect(toAlex.text).toContain(`${PUBLIC_URL}/notifications`);
    for (const m of [toAlex, toGrace]) {
      // The children are Amber and Jay Example; the paper's title is not sent either.
      expect(m.raw).not.toMatch(/Amber|Jay|Example|Application/);
    }
    // The Message-ID is the outbox row's id: the idempotency key a resend carries too.
    const [row] = await hub.sql(
      "SELECT m.id FROM email_message m JOIN hub_user u ON u.id = m.user_id WHERE u.subject = $1 AND m.text LIKE $2 AND m.subject LIKE 'A court paper%'",
      [DEMO_USERS.iroAlex, `%${doc}%`],
    );
    expect(toAlex.messageId).toBe(`<${row.id}@proceedings-hub>`);
    process.stdout.write(`notice email as received:\nTo: ${toAlex.to}\nMessage-ID: ${toAlex.messageId}\nSubject: ${toAlex.subject}\n\n${toAlex.text}\n`);

    const alex = await notices(DEMO_USERS.iroAlex);
    expect(alex[0]).toMatchObject({
      kind: "PAPER_DELIVERED",
      courtCaseNumber: "NS26C00041",
      link: `/papers/${doc}`,
      delivery: "IMMEDIATE",
      emailStatus: "SENT",
      readAt: null,
    });
    // The court gets papers in its daily digest by default; DIGEST_HOUR is 0 here, so it comes today.
    const court = await notices(DEMO_USERS.court);
    expect(court[0]).toMatchObject({ kind: "PAPER_DELIVERED", delivery: "DAILY_DIGEST" });
    const digest = await smtp.waitFor((m) => m.to.includes("court.clerk@example.org.uk") && m.subject.startsWith("Proceedings Hub daily digest"));
    expect(digest.text).toContain(`Open: ${PUBLIC_URL}/papers/${doc}`);
    expect(digest.raw).not.toMatch(/Amber|Jay/);
    // Someone with nothing to do with the paper hears nothing.
    expect(await notices(DEMO_USERS.iroBea)).toEqual([]);
  });

  it("follows each person's choice: off means the console only, and others are unaffected", async () => {
    const defaults = (await hub.gql(DEMO_USERS.iroAlex, PREFS)).data.myNotificationPreferences;
    expect(defaults.find((p: { kind: string }) => p.kind === "PAPER_DELIVERED")).toEqual({ kind: "PAPER_DELIVERED", delivery: "IMMEDIATE", chosen: false });
    const set = await hub.gql(DEMO_USERS.iroAlex, SET_PREF, { k: "PAPER_DELIVERED", d: "OFF" });
    expect(set.data.setNotificationPreference.find((p: { kind: string }) => p.kind === "PAPER_DELIVERED")).toEqual({
      kind: "PAPER_DELIVERED",
      delivery: "OFF",
      chosen: true,
    });
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, SET_PREF, { k: "PAPER_DELIVERED", d: "SOMETIMES" }))).toEqual(["BAD_USER_INPUT"]);

    const doc = await fileApplication();
    await smtp.waitFor((m) => m.to.includes("guardian.grace@example.org.uk") && m.text.includes(doc));
    const alex = await notices(DEMO_USERS.iroAlex);
    expect(alex[0]).toMatchObject({ link: `/papers/${doc}`, delivery: "OFF", emailStatus: null });
    // Grace's email was sent after Alex's notice was written (one transaction): had Alex's been due, the outbox holds it.
    expect(
      await hub.sql(
        "SELECT count(*)::int AS n FROM email_message m JOIN hub_user u ON u.id = m.user_id WHERE u.subject = $1 AND m.text LIKE $2 AND m.subject LIKE 'A court paper%'",
        [DEMO_USERS.iroAlex, `%${doc}%`],
      ),
    ).toEqual([{ n: 0 }]);
    await hub.gql(DEMO_USERS.iroAlex, SET_PREF, { k: "PAPER_DELIVERED", d: "IMMEDIATE" });

    // Reading them is the person's own business.
    const read = await hub.gql(DEMO_USERS.iroAlex, `mutation($ids: [ID!]!) { markNoticesRead(ids: $ids) }`, { ids: [alex[0].id] });
    expect(read.data.markNoticesRead).toBe(1);
    expect((await hub.gql(DEMO_USERS.guardianGrace, `mutation($ids: [ID!]!) { markNoticesRead(ids: $ids) }`, { ids: [alex[1].id] })).data.markNoticesRead).toBe(
      0,
    );
    const unread = (await hub.gql(DEMO_USERS.iroAlex, NOTICES, { unread: true })).data.myNotices.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(unread).not.toContain(alex[0].id);
  });

  it("sends nothing for a change that rolled back", async () => {
    // Two corrections of the same paper: the second finds it already superseded and its whole
    // transaction (document, deliveries, event, notices, emails) rolls back.
    const original = await fileApplication();
    const first = await slot({ supersedesDocumentId: original, title: "Corrected" });
    const second = await slot({ supersedesDocumentId: original, title: "Corrected again" });
    expect((await hub.upload(DEMO_USERS.legal, first.uploadUrl, PDF)).status).toBe(201);
    const refused = await hub.upload(DEMO_USERS.legal, second.uploadUrl, PDF);
    expect(refused.status).toBe(409);
    await smtp.waitFor((m) => m.to.includes("iro.alex@example.org.uk") && m.text.includes(first.documentId));
    expect(await hub.sql("SELECT count(*)::int AS n FROM notice WHERE link = $1", [`/papers/${second.documentId}`])).toEqual([{ n: 0 }]);
    expect(await hub.sql("SELECT count(*)::int AS n FROM email_message WHERE text LIKE $1", [`%${second.documentId}%`])).toEqual([{ n: 0 }]);
    expect(smtp.received.some((m) => m.text.includes(second.documentId))).toBe(false);
  });

  it("retries with backoff while the mail server refuses, then delivers once", async () => {
    // Earlier tests' messages gone first, so that the two refusals fall on this paper's.
    await eventually(async () => (await hub.sql("SELECT count(*)::int AS n FROM email_message WHERE status = 'PENDING'"))[0].n === 0, 5_000, "an empty outbox");
    const paper = (m: { subject: string }) => m.subject.startsWith("A court paper has been delivered to you");
    smtp.refuseNext(2, paper);
    const before = smtp.attempts.length;
    const doc = await fileApplication({ title: "Retried" });
    const addresses = ["iro.alex@example.org.uk", "guardian.grace@example.org.uk"];
    for (const a of addresses) await smtp.waitFor((m) => m.to.includes(a) && m.text.includes(doc) && paper(m));
    await eventually(
      async () =>
        (await hub.sql("SELECT status FROM email_message WHERE text LIKE $1 AND subject LIKE 'A court paper%'", [`%${doc}%`])).every(
          (r: { status: string }) => r.status === "SENT",
        ),
      5_000,
      "the outbox to record both as sent",
    );
    const attempts = smtp.attempts.slice(before).filter((t) => t.mail?.text.includes(doc) && paper(t.mail));
    expect(attempts.filter((a) => !a.accepted)).toHaveLength(2);
    for (const a of addresses) {
      const mine = attempts.filter((t) => t.to.includes(a));
      // Delivered exactly once, after however many refusals...
      expect(mine.filter((t) => t.accepted)).toHaveLength(1);
      expect(smtp.received.filter((m) => m.to.includes(a) && m.text.includes(doc) && paper(m))).toHaveLength(1);
      const refused = mine.filter((t) => !t.accepted);
      if (!refused.length) continue;
      // ...each retry waiting at least the backoff: 200 ms after the first refusal, 400 ms after the second.
      const waits = mine.slice(1).map((t, k) => t.at - mine[k].at);
      waits.forEach((w, k) => expect(w).toBeGreaterThanOrEqual(200 * 2 ** k - 20));
      process.stdout.write(`email retry: ${a} refused ${refused.length} time(s), waits between attempts ${waits.join(", ")} ms\n`);
    }
  });

  it("marks a message failed after its last attempt, for administrators to see and send again", async () => {
    smtp.rejectAddress("guardian.grace@example.org.uk");
    const doc = await fileApplication({ title: "Rejected" });
    await eventually(
      async () =>
        (await hub.sql("SELECT status FROM email_message WHERE text LIKE $1 AND to_address = 'guardian.grace@example.org.uk'", [`%${doc}%`]))[0]?.status ===
        "FAILED",
      15_000,
      "the email to fail for good",
    );
    const failed = (await hub.gql(DEMO_USERS.admin, OUTBOX, { s: "FAILED" })).data.emailOutbox.edges.map((e: { node: any }) => e.node);
    expect(failed[0]).toMatchObject({ toAddress: "guardian.grace@example.org.uk", status: "FAILED", attempts: 3, sentAt: null });
    expect(failed[0].lastError).toMatch(/550|Mailbox unavailable/);
    expect(codes(await hub.gql(DEMO_USERS.iroManager, OUTBOX, { s: "FAILED" }))).toEqual(["FORBIDDEN"]);

    smtp.rejectAddress(null);
    const retried = await hub.gql(DEMO_USERS.admin, `mutation($id: ID!) { retryEmail(id: $id) }`, { id: failed[0].id });
    expect(retried.data.retryEmail).toBe(true);
    await smtp.waitFor((m) => m.messageId === `<${failed[0].id}@proceedings-hub>`);
  });

  it("reminds people of what they must do within 2 working days, once", async () => {
    // A paper delivered today is to be acknowledged within 2 working days: within reach.
    const doc = await fileApplication({ title: "To acknowledge" });
    const reminder = await smtp.waitFor(
      (m) => m.to.includes("iro.alex@example.org.uk") && m.subject === "Something you must do is due soon (case NS26C00041)" && m.text.includes(doc),
    );
    expect(reminder.text).toMatch(/Something you must do is due soon: acknowledge court paper\.\nCase: NS26C00041\nDue: \w+day \d+ \w+ 2026/);
    expect(reminder.raw).not.toMatch(/Amber|Jay|To acknowledge/);
    const all = (await hub.gql(DEMO_USERS.iroAlex, NOTICES)).data.myNotices.edges.map((e: { node: any }) => e.node);
    expect(all.filter((n: { kind: string; link: string }) => n.kind === "DEADLINE_APPROACHING" && n.link === `/papers/${doc}`)).toHaveLength(1);
  });

  it("lets a person's choice for papers cover the reminders about them: off and the court's digest send nothing at once", async () => {
    await hub.gql(DEMO_USERS.guardianGrace, SET_PREF, { k: "PAPER_DELIVERED", d: "OFF" });
    await hub.gql(DEMO_USERS.iroAlex, SET_PREF, { k: "PAPER_DELIVERED", d: "DAILY_DIGEST" });
    try {
      const doc = await fileApplication({ title: "Quietly" });
      // The reminder job has run for each of them (the notices are there, as chosen)...
      const reminders = async (who: string) =>
        (await hub.gql(who, NOTICES)).data.myNotices.edges
          .map((e: { node: any }) => e.node)
          .filter((n: { kind: string; link: string }) => n.kind === "DEADLINE_APPROACHING" && n.link === `/papers/${doc}`);
      for (const [who, delivery] of [
        [DEMO_USERS.guardianGrace, "OFF"],
        [DEMO_USERS.iroAlex, "DAILY_DIGEST"],
        [DEMO_USERS.court, "DAILY_DIGEST"],
      ]) {
        let found: { delivery: string }[] = [];
        for (let i = 0; i < 100 && !found.length; i++) {
          found = await reminders(who);
          if (!found.length) await new Promise((r) => setTimeout(r, 100));
        }
        expect([who, found.map((n) => n.delivery)]).toEqual([who, [delivery]]);
      }
      // ...and the mail server got no reminder about this paper for any of them, nor will it: nothing waits in the outbox.
      await new Promise((r) => setTimeout(r, 300));
      const about = smtp.received.filter((m) => m.text.includes(doc) && m.subject.startsWith("Something you must do"));
      expect(about.map((m) => m.to)).toEqual([]);
      expect(await hub.sql(`SELECT count(*)::int AS n FROM email_message WHERE text LIKE $1 AND subject LIKE 'Something you must do%'`, [`%${doc}%`])).toEqual([
        { n: 0 },
      ]);
    } finally {
      await hub.gql(DEMO_USERS.guardianGrace, SET_PREF, { k: "PAPER_DELIVERED", d: "IMMEDIATE" });
      await hub.gql(DEMO_USERS.iroAlex, SET_PREF, { k: "PAPER_DELIVERED", d: "IMMEDIATE" });
    }
  });

  it("names the protocol step in each overdue email", async () => {
    const before = hub.clock.today();
    hub.clock.setToday("2027-03-01");
    try {
      hub.runtime.jobs!.runNow();
      const mail = await smtp.waitFor((m) => m.to.includes("iro.alex@example.org.uk") && m.subject.startsWith("A step of the IRO-Cafcass protocol is overdue"));
      expect(mail.text).toMatch(/^A step of the IRO-Cafcass protocol is overdue: step \d, [^.]+\.\nCase: NS26C\d+\nDue: /);
      // One email per step, and no two alike.
      await new Promise((r) => setTimeout(r, 500));
      const bodies = smtp.received
        .filter((m) => m.to.includes("iro.alex@example.org.uk") && m.subject.startsWith("A step of the IRO-Cafcass protocol"))
        .map((m) => m.text);
      expect(new Set(bodies).size).toBe(bodies.length);
    } finally {
      hub.clock.setToday(before);
    }
  });

  it("tells the person a dispute stage names, and the court when a statement is released", async () => {
    // The demo IRO raises a formal dispute naming the social worker for the first stage.
    const [{ id: amber }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Amber'");
    const sam = await hub.userId(DEMO_USERS.socialWorker);
    const concern = await hub.gql(DEMO_USERS.iroAlex, `mutation($c: ID!, $t: String!) { raiseConcern(childId: $c, concern: $t) { id } }`, {
      c: amber,
      t: "Contact arrangements are not being followed",
    });
    expect(concern.errors).toBeUndefined();
    const formal = await hub.gql(
      DEMO_USERS.iroAlex,
      `mutation($d: ID!, $s: String!, $r: ID!) { escalateDispute(disputeId: $d, stage: $s, responderId: $r) { id } }`,
      {
        d: concern.data.raiseConcern.id,
        s: "TEAM_MANAGER",
        r: sam,
      },
    );
    expect(formal.errors).toBeUndefined();
    const mail = await smtp.waitFor((m) => m.to.includes("sw.sam@example.org.uk") && m.subject.startsWith("A stage of an IRO's dispute names you"));
    expect(mail.text).toContain(`${PUBLIC_URL}/children/${amber}/challenges`);
    expect(mail.text).toMatch(/Due: \w+day \d+ \w+ 20\d\d/);
    expect(mail.raw).not.toMatch(/Amber|Contact arrangements/);
  });
});

describe("notifications without a mail server", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ config: { smtpUrl: undefined, emailSendIntervalMs: 50 } });
  });
  afterAll(() => hub.stop());

  it("records notices and shows them, but writes no email to send", async () => {
    const [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    const doc = await hub.filePaper(caseId);
    const alex = (await hub.gql(DEMO_USERS.iroAlex, NOTICES)).data.myNotices.edges.map((e: { node: any }) => e.node);
    expect(alex.find((n: { link: string; kind: string }) => n.kind === "PAPER_DELIVERED" && n.link === `/papers/${doc}`)).toMatchObject({
      delivery: "IMMEDIATE",
      emailStatus: null,
    });
    expect(await hub.sql("SELECT count(*)::int AS n FROM email_message")).toEqual([{ n: 0 }]);
  });
});
