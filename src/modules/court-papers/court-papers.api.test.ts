import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";
import { eventually } from "../../../test/support/hub-process";
import { sweepOrphans } from "./court-papers.service";
import { createContext } from "../../core/context";

const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"), Buffer.alloc(200_000, 0x20), Buffer.from("\n%%EOF\n")]);
const DOCX = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.from("\x14\x00\x06\x00[Content_Types].xml<Types/>PK\x03\x04word/document.xml<w:document/>"),
]);
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(4096, 0x90)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(1000, 1)]);

const SLOT = `mutation($i: CreateUploadSlotInput!) { createUploadSlot(input: $i) { id uploadUrl documentId maxBytes document { id } } }`;
const DOC = `query($id: ID!) { courtDocument(id: $id) { id type title status fileName contentType sizeBytes sha256 downloadUrl withdrawnReason confidentiality
  children { givenName } deliveries { role person { displayName } organisation { name } readAt acknowledgedAt overdue reachedInTime } } }`;
const MY_PAPERS = `query($f: PaperFilter) { myPapers(filter: $f) { id role document { id title status } acknowledgeBy overdue } }`;

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe("court papers: upload, distribution, proof of delivery", () => {
  let hub: TestHub;
  let caseId: string;
  let amber: string;

  beforeAll(async () => {
    hub = await startTestHub({ today: "2026-11-30", config: { maxUploadBytes: 1024 * 1024 } });
    [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    [{ id: amber }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Amber'");
  });
  afterAll(() => hub.stop());

  const slotInput = (over: Record<string, unknown> = {}) => ({
    proceedingsId: caseId,
    type: "C110A_APPLICATION",
    title: "Application C110A",
    documentDate: "2026-11-30",
    confidentiality: "OPEN",
    fileName: "c110a.pdf",
    contentType: "application/pdf",
    idempotencyKey: randomUUID(),
    ...over,
  });

  async function file(who: string, bytes: Buffer, over: Record<string, unknown> = {}) {
    const slot = await hub.gql(who, SLOT, { i: slotInput(over) });
    expect(slot.errors).toBeUndefined();
    const up = await hub.upload(who, slot.data.createUploadSlot.uploadUrl, bytes);
    return { slot: slot.data.createUploadSlot, up };
  }

  let c110a: string;

  it("files an application and delivers it to the court, the IRO and the guardian", async () => {
    // Recipients hear of it by subscription (resuming from the current end of their feed).
    const start = await hub.feedEnd(DEMO_USERS.iroAlex);
    const EVENTS = `subscription($after: String) { caseEvents(after: $after, kinds: [DOCUMENT_FILED]) { kind subjectId } }`;
    const iroSub = hub.subscribe(hub.ws(DEMO_USERS.iroAlex), EVENTS, { after: start });

    const { slot, up } = await file(DEMO_USERS.legal, PDF);
    expect(up).toEqual({ status: 201, body: { documentId: slot.documentId } });
    c110a = slot.documentId;
    expect(await iroSub.waitFor(1)).toEqual([{ kind: "DOCUMENT_FILED", subjectId: c110a }]);
    iroSub.stop();

    const doc = (await hub.gql(DEMO_USERS.legal, DOC, { id: c110a })).data.courtDocument;
    expect(doc).toMatchObject({
      type: "C110A_APPLICATION",
      status: "ACTIVE",
      contentType: "application/pdf",
      sizeBytes: PDF.length,
      sha256: createHash("sha256").update(PDF).digest("hex"),
      downloadUrl: `/documents/${c110a}/content`,
    });
    expect(doc.children.map((c: { givenName: string }) => c.givenName).sort()).toEqual(["Amber", "Jay"]);
    const byRole = doc.deliveries.map((d: any) => [d.role, d.person?.displayName ?? d.organisation.name, d.reachedInTime]).sort();
    expect(byRole).toEqual([
      ["COURT", "Northshire Family Court", true],
      ["GUARDIAN", "Grace Guardian", true],
      ["IRO", "Alex IRO", true],
    ]);

    for (const who of [DEMO_USERS.iroAlex, DEMO_USERS.guardianGrace, DEMO_USERS.court]) {
      const mine = (await hub.gql(who, MY_PAPERS, { f: "UNREAD" })).data.myPapers;
      expect(mine.map((p: { document: { id: string } }) => p.document.id)).toEqual([c110a]);
    }
    expect(codes(await hub.gql(DEMO_USERS.socialWorker, MY_PAPERS, {}))).toEqual(["FORBIDDEN"]);
  });

  it("downloads are authorised per document, audited, and count as read", async () => {
    const got = await hub.download(DEMO_USERS.iroAlex, `/documents/${c110a}/content`);
    expect(got.status).toBe(200);
    expect(got.body.equals(PDF)).toBe(true);
    expect(got.headers.get("content-type")).toBe("application/pdf");

    const outsider = await hub.download(DEMO_USERS.guardianGil, `/documents/${c110a}/content`);
    expect(outsider.status).toBe(404);
    expect(codes(await hub.gql(DEMO_USERS.guardianGil, DOC, { id: c110a }))).toEqual(["NOT_FOUND"]);
    expect((await hub.download("nobody", `/documents/${c110a}/content`)).status).toBe(401);
    // Managers see the delivery status, not the paper; holding the IRO role too does not make a
    // manager a reader of cases they are not the IRO on.
    expect((await hub.download(DEMO_USERS.iroManager, `/documents/${c110a}/content`)).status).toBe(403);
    const [{ id: service }] = await hub.sql("SELECT id FROM organisation WHERE kind = 'IRO_SERVICE'");
    const both = await hub.gql(DEMO_USERS.admin, `mutation($i: RegisterUserInput!) { registerUser(input: $i) { id } }`, {
      i: { organisationId: service, subject: "iro-and-manager", displayName: "Both", email: "both@example.org.uk", roles: ["IRO", "IRO_MANAGER"] },
    });
    expect(both.errors).toBeUndefined();
    expect((await hub.download("iro-and-manager", `/documents/${c110a}/content`)).status).toBe(403);

    const audit = await hub.sql(
      "SELECT u.subject, e.outcome FROM audit_entry e JOIN hub_user u ON u.id = e.user_id WHERE e.operation = 'HTTP.downloadDocument' ORDER BY e.id",
    );
    expect(audit).toEqual([
      { subject: DEMO_USERS.iroAlex, outcome: "OK" },
      { subject: DEMO_USERS.guardianGil, outcome: "NOT_FOUND" },
      { subject: DEMO_USERS.iroManager, outcome: "FORBIDDEN" },
      { subject: "iro-and-manager", outcome: "FORBIDDEN" },
    ]);
    const status = (await hub.gql(DEMO_USERS.legal, DOC, { id: c110a })).data.courtDocument.deliveries;
    expect(status.find((d: any) => d.role === "IRO").readAt).not.toBeNull();
    expect(status.find((d: any) => d.role === "GUARDIAN").readAt).toBeNull();
    expect((await hub.gql(DEMO_USERS.iroAlex, MY_PAPERS, { f: "UNREAD" })).data.myPapers).toEqual([]);
  });

  it("acknowledgements, and what is overdue after 2 working days", async () => {
    const ACK = `mutation($id: ID!) { acknowledgePaper(documentId: $id) { acknowledgedAt } }`;
    expect((await hub.gql(DEMO_USERS.iroAlex, ACK, { id: c110a })).data.acknowledgePaper.acknowledgedAt).not.toBeNull();
    expect((await hub.gql(DEMO_USERS.court, ACK, { id: c110a })).errors).toBeUndefined();
    expect(codes(await hub.gql(DEMO_USERS.legal, ACK, { id: c110a }))).toEqual(["FORBIDDEN"]);

    hub.clock.setToday("2026-12-03");
    try {
      const overdue = (await hub.gql(DEMO_USERS.guardianGrace, MY_PAPERS, { f: "OVERDUE" })).data.myPapers;
      expect(overdue).toEqual([expect.objectContaining({ acknowledgeBy: "2026-12-02", overdue: true, document: expect.objectContaining({ id: c110a }) })]);
      expect((await hub.gql(DEMO_USERS.iroAlex, MY_PAPERS, { f: "OVERDUE" })).data.myPapers).toEqual([]);
      const caseload = await hub.gql(
        DEMO_USERS.guardianGrace,
        `{ myPaperCaseload { proceedings { courtCaseNumber } delivered unread unacknowledged overdue } }`,
      );
      expect(caseload.data.myPaperCaseload).toEqual([
        { proceedings: { courtCaseNumber: "NS26C00041" }, delivered: 1, unread: 1, unacknowledged: 1, overdue: 1 },
      ]);
    } finally {
      hub.clock.setToday("2026-11-30");
    }
  });

  it("restricted documents are invisible to roles outside the restriction", async () => {
    const { slot, up } = await file(DEMO_USERS.legal, PDF, {
      type: "FINAL_CARE_PLAN",
      title: "Final care plan (placement address)",
      childIds: [amber],
      confidentiality: "RESTRICTED",
      restrictedTo: ["COURT", "IRO"],
    });
    expect(up.status).toBe(201);
    const doc = (await hub.gql(DEMO_USERS.court, DOC, { id: slot.documentId })).data.courtDocument;
    expect(doc.deliveries.map((d: any) => d.role).sort()).toEqual(["COURT", "IRO"]);
    expect(codes(await hub.gql(DEMO_USERS.guardianGrace, DOC, { id: slot.documentId }))).toEqual(["NOT_FOUND"]);
    expect((await hub.download(DEMO_USERS.guardianGrace, `/documents/${slot.documentId}/content`)).status).toBe(404);
    const list = await hub.gql(DEMO_USERS.guardianGrace, `query($id: ID!) { caseDocuments(proceedingsId: $id) { id } }`, { id: caseId });
    expect(list.data.caseDocuments.map((d: { id: string }) => d.id)).not.toContain(slot.documentId);
  });

  it("a retry with the same idempotency key yields the same document, not a duplicate", async () => {
    const i = slotInput({ type: "CASE_SUMMARY", title: "Case summary", idempotencyKey: "retry-key-0001" });
    const a = (await hub.gql(DEMO_USERS.legal, SLOT, { i })).data.createUploadSlot;
    const b = (await hub.gql(DEMO_USERS.legal, SLOT, { i })).data.createUploadSlot;
    expect(b.id).toBe(a.id);
    expect((await hub.upload(DEMO_USERS.legal, a.uploadUrl, PDF)).status).toBe(201);
    expect(await hub.upload(DEMO_USERS.legal, a.uploadUrl, PDF)).toEqual({ status: 200, body: { documentId: a.documentId } });
    const c = (await hub.gql(DEMO_USERS.legal, SLOT, { i })).data.createUploadSlot;
    expect(c.document).toEqual({ id: a.documentId });
    expect(await hub.sql("SELECT count(*)::int AS n FROM court_document WHERE title = 'Case summary'")).toEqual([{ n: 1 }]);
    expect(codes(await hub.gql(DEMO_USERS.legal, SLOT, { i: { ...i, title: "Something else" } }))).toEqual(["CONFLICT"]);
    // Someone else cannot use the slot.
    expect((await hub.upload(DEMO_USERS.court, a.uploadUrl, PDF)).status).toBe(404);
  });

  it.each([
    ["an executable", EXE, "application/pdf", "x.pdf", 415],
    ["a PNG declared as PDF", PNG, "application/pdf", "x.pdf", 415],
    ["an empty file", Buffer.alloc(0), "application/pdf", "x.pdf", 400],
    ["a file over the size limit", Buffer.concat([PDF, Buffer.alloc(1024 * 1024)]), "application/pdf", "x.pdf", 413],
  ])("refuses %s and keeps nothing", async (_n, bytes, contentType, fileName, status) => {
    const before = await hub.sql("SELECT count(*)::int AS n FROM court_document");
    const { up } = await file(DEMO_USERS.legal, bytes, { contentType, fileName, title: "bad" });
    expect(up.status).toBe(status);
    expect(up.body.errors[0].extensions.code).toEqual(status === 413 ? "PAYLOAD_TOO_LARGE" : status === 400 ? "BAD_USER_INPUT" : "UNSUPPORTED_MEDIA_TYPE");
    expect(await hub.sql("SELECT count(*)::int AS n FROM court_document")).toEqual(before);
    const keys = (await hub.sql("SELECT storage_key FROM court_document")).map((r: { storage_key: string }) => path.join(hub.storageDir, r.storage_key));
    expect(listFiles(hub.storageDir).filter((f) => !keys.includes(f))).toEqual([]);
  });

  it("accepts a Word document and refuses a mismatched name", async () => {
    const docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    expect(
      (await file(DEMO_USERS.legal, DOCX, { contentType: docx, fileName: "statement.docx", type: "SOCIAL_WORK_STATEMENT", title: "SWET" })).up.status,
    ).toBe(201);
    expect(codes(await hub.gql(DEMO_USERS.legal, SLOT, { i: slotInput({ contentType: docx, fileName: "statement.exe" }) }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await hub.gql(DEMO_USERS.legal, SLOT, { i: slotInput({ contentType: "application/x-msdownload", fileName: "a.exe" }) }))).toEqual([
      "BAD_USER_INPUT",
    ]);
  });

  it("an upload cut off half-way leaves no record and, after the sweep, no file", async () => {
    const slot = (await hub.gql(DEMO_USERS.legal, SLOT, { i: slotInput({ title: "cut off" }) })).data.createUploadSlot;
    const url = new URL(slot.uploadUrl, hub.server.url);
    const cutOffs = async () =>
      (await hub.sql("SELECT count(*)::int AS n FROM audit_entry WHERE operation = 'HTTP.uploadDocument' AND outcome = 'CUT_OFF'"))[0].n;
    const before = await cutOffs();
    await new Promise<void>((resolve) => {
      const req = http.request(url, { method: "PUT", headers: { authorization: `Bearer ${hub.token(DEMO_USERS.legal)}`, "content-length": String(900_000) } });
      req.on("error", () => resolve());
      req.write(PDF.subarray(0, 100_000));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 200);
    });
    // The hub has finished with the request once it has audited the cut-off.
    await eventually(async () => (await cutOffs()) === before + 1, 10_000, "the cut-off upload to be audited");
    expect(await hub.sql("SELECT count(*)::int AS n FROM court_document WHERE title = 'cut off'")).toEqual([{ n: 0 }]);
    // A crash between storing and committing would leave a file: plant one and sweep it.
    const orphan = path.join(hub.storageDir, "documents", caseId, `${randomUUID()}-${randomUUID()}`);
    fs.mkdirSync(path.dirname(orphan), { recursive: true });
    fs.writeFileSync(orphan, PDF);
    const ctx = createContext({ ...hub.runtime, config: { ...hub.runtime.config, orphanGraceMinutes: 0 } }, null, "http");
    expect(await sweepOrphans(ctx)).toBeGreaterThanOrEqual(1);
    const keys = (await hub.sql("SELECT storage_key FROM court_document WHERE status <> 'WITHDRAWN'")).map((r: { storage_key: string }) =>
      path.join(hub.storageDir, r.storage_key),
    );
    // The cut-off upload's own partial file is deleted by the hub as the request ends; under load
    // that may land a moment after the sweep, so wait for it rather than for a fixed time.
    for (let i = 0; i < 100 && listFiles(hub.storageDir).length !== keys.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(listFiles(hub.storageDir).sort()).toEqual(keys.sort());
    // The slot can still be used.
    expect((await hub.upload(DEMO_USERS.legal, slot.uploadUrl, PDF)).status).toBe(201);
  });

  it("a corrected version supersedes the old one and is distributed again", async () => {
    const { slot, up } = await file(DEMO_USERS.legal, PDF, { title: "Application C110A (corrected)", supersedesDocumentId: c110a });
    expect(up.status).toBe(201);
    expect((await hub.gql(DEMO_USERS.iroAlex, DOC, { id: c110a })).data.courtDocument.status).toBe("SUPERSEDED");
    const fresh = (await hub.gql(DEMO_USERS.iroAlex, DOC, { id: slot.documentId })).data.courtDocument;
    expect(fresh.deliveries.map((d: any) => d.role).sort()).toEqual(["COURT", "GUARDIAN", "IRO"]);
    expect(codes(await hub.gql(DEMO_USERS.legal, SLOT, { i: slotInput({ supersedesDocumentId: c110a }) }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("a wrong upload is withdrawn: recipients lose access and are told, the record stays, the content goes", async () => {
    const { slot } = await file(DEMO_USERS.legal, PDF, { title: "Another family's statement", type: "SOCIAL_WORK_STATEMENT" });
    const [{ storage_key: key }] = await hub.sql("SELECT storage_key FROM court_document WHERE id = $1", [slot.documentId]);
    expect(fs.existsSync(path.join(hub.storageDir, key))).toBe(true);

    const W = `mutation($id: ID!, $r: String!) { withdrawDocument(documentId: $id, reason: $r) { status withdrawnReason } }`;
    expect(codes(await hub.gql(DEMO_USERS.court, W, { id: slot.documentId, r: "x" }))).toEqual(["FORBIDDEN"]);
    expect((await hub.gql(DEMO_USERS.legal, W, { id: slot.documentId, r: "Uploaded to the wrong case" })).data.withdrawDocument).toEqual({
      status: "WITHDRAWN",
      withdrawnReason: "Uploaded to the wrong case",
    });
    const seenByIro = (await hub.gql(DEMO_USERS.iroAlex, DOC, { id: slot.documentId })).data.courtDocument;
    expect(seenByIro).toMatchObject({
      status: "WITHDRAWN",
      title: null,
      fileName: null,
      sha256: null,
      downloadUrl: null,
      withdrawnReason: "Uploaded to the wrong case",
    });
    expect((await hub.gql(DEMO_USERS.legal, DOC, { id: slot.documentId })).data.courtDocument.title).toBe("Another family's statement");
    expect((await hub.download(DEMO_USERS.iroAlex, `/documents/${slot.documentId}/content`)).status).toBe(404);
    expect((await hub.gql(DEMO_USERS.iroAlex, MY_PAPERS, { f: "ALL" })).data.myPapers.map((p: any) => p.document.id)).not.toContain(slot.documentId);
    expect(fs.existsSync(path.join(hub.storageDir, key))).toBe(false);
    const events = await hub.sql("SELECT kind FROM case_event WHERE subject_id = $1 ORDER BY id", [slot.documentId]);
    expect(events.map((e: { kind: string }) => e.kind)).toEqual(["DOCUMENT_FILED", "DOCUMENT_WITHDRAWN"]);
  });

  it("publishes its distribution rules", async () => {
    const rules = (await hub.gql(DEMO_USERS.admin, `{ distributionRules { type filedBy recipients } }`)).data.distributionRules;
    expect(rules.find((r: any) => r.type === "C110A_APPLICATION")).toEqual({
      type: "C110A_APPLICATION",
      filedBy: ["LA_LEGAL_DEPARTMENT"],
      recipients: ["COURT", "GUARDIAN", "IRO"],
    });
    expect(rules.find((r: any) => r.type === "GUARDIAN_FINAL_ANALYSIS").recipients).toEqual(["COURT", "IRO"]);
  });

  it("the guardian and the court file their own papers, to the rule's recipients", async () => {
    const analysis = await file(DEMO_USERS.guardianGrace, PDF, { type: "GUARDIAN_INITIAL_ANALYSIS", title: "Initial analysis" });
    expect(analysis.up.status).toBe(201);
    const a = (await hub.gql(DEMO_USERS.guardianGrace, DOC, { id: analysis.slot.documentId })).data.courtDocument;
    expect(a.deliveries.map((d: any) => d.role).sort()).toEqual(["COURT", "IRO"]);
    const cmo = await file(DEMO_USERS.court, PDF, { type: "CASE_MANAGEMENT_ORDER", title: "CMO" });
    const c = (await hub.gql(DEMO_USERS.court, DOC, { id: cmo.slot.documentId })).data.courtDocument;
    expect(c.deliveries.map((d: any) => d.role).sort()).toEqual(["GUARDIAN", "IRO"]);
    expect(codes(await hub.gql(DEMO_USERS.guardianGrace, SLOT, { i: slotInput({ type: "FINAL_ORDER" }) }))).toEqual(["FORBIDDEN"]);
    expect(codes(await hub.gql(DEMO_USERS.guardianGil, SLOT, { i: slotInput({ type: "GUARDIAN_INITIAL_ANALYSIS" }) }))).toEqual(["NOT_FOUND"]);
  });

  it("a newly appointed IRO receives the papers already on the case; the manager sees each IRO's figures", async () => {
    // A paper filed late: its document date is a week before today.
    expect((await file(DEMO_USERS.legal, PDF, { title: "Late chronology", type: "SOCIAL_WORK_CHRONOLOGY", documentDate: "2026-11-23" })).up.status).toBe(201);
    const bea = await hub.userId(DEMO_USERS.iroBea);
    await hub.gql(DEMO_USERS.iroManager, `mutation($i: AppointPersonInput!) { appointIro(input: $i) { id } }`, {
      i: { childId: amber, userId: bea, startsOn: "2026-11-30" },
    });
    const beas = (await hub.gql(DEMO_USERS.iroBea, MY_PAPERS, { f: "ALL" })).data.myPapers.map((p: any) => p.document.title).sort();
    expect(beas).toEqual(expect.arrayContaining(["Application C110A (corrected)", "Late chronology", "Final care plan (placement address)"]));
    expect(beas).not.toContain("Another family's statement");

    const report = await hub.gql(DEMO_USERS.iroManager, `{ iroPaperReport { iro { displayName } delivered reachedInTime shareReachedInTime unread } }`);
    const alex = report.data.iroPaperReport.find((r: any) => r.iro.displayName === "Alex IRO");
    expect(alex.delivered).toBeGreaterThan(alex.reachedInTime); // the late chronology
    expect(alex.shareReachedInTime).toBeCloseTo(alex.reachedInTime / alex.delivered);
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, `{ iroPaperReport { delivered } }`))).toEqual(["FORBIDDEN"]);
  });

  it("lists a recipient's papers by type, case and delivery date, either way round, a page at a time", async () => {
    const PAPERS = `query($type: DocumentType, $case: ID, $from: LocalDate, $to: LocalDate, $old: Boolean, $after: ID, $first: Int) {
      myPapers(type: $type, proceedingsId: $case, deliveredFrom: $from, deliveredTo: $to, oldestFirst: $old, after: $after, first: $first) {
        id document { type proceedings { id } } } }`;
    const list = async (vars: Record<string, unknown>) => {
      const res = await hub.gql(DEMO_USERS.iroAlex, PAPERS, vars);
      expect(res.errors).toBeUndefined();
      return res.data.myPapers as { id: string; document: { type: string; proceedings: { id: string } } }[];
    };
    const all = await list({});
    expect(all.length).toBeGreaterThan(2);
    const types = [...new Set(all.map((p) => p.document.type))];
    for (const type of types) expect((await list({ type })).map((p) => p.id)).toEqual(all.filter((p) => p.document.type === type).map((p) => p.id));
    expect((await list({ case: caseId })).map((p) => p.id)).toEqual(all.filter((p) => p.document.proceedings.id === caseId).map((p) => p.id));
    expect((await list({ old: true })).map((p) => p.id)).toEqual([...all].reverse().map((p) => p.id));
    const today = hub.clock.today();
    expect((await list({ from: today, to: today })).length).toBe(all.length);
    expect(await list({ to: "2000-01-01" })).toEqual([]);
    // Page by page with `after`, every paper once, in order.
    const paged: string[] = [];
    for (let after: string | null = null; ;) {
      const page = await list({ first: 2, after });
      paged.push(...page.map((p) => p.id));
      if (page.length < 2) break;
      after = page[page.length - 1].id;
    }
    expect(paged).toEqual(all.map((p) => p.id));
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, PAPERS, { after: "nope" }))).toEqual(["BAD_USER_INPUT"]);
  });
});
