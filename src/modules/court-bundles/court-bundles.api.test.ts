import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";
import { TestClamd, startClamd } from "../../../test/support/clamd";
import { loadConfig } from "../../core/config";

// Court bundles built from the papers the hub holds, then read back with an independent tool
// (poppler's pdfinfo, pdftotext and pdftohtml, from Debian's poppler-utils): its page count, the
// index's page numbers against where each paper really starts, every page's stamp, the outline.
// The papers pass a real clamd first, and so does the bundle.

const SLOT = `mutation($i: CreateUploadSlotInput!) { createUploadSlot(input: $i) { uploadUrl documentId } }`;
const SUGGEST = `query($h: ID!) { suggestedBundle(hearingId: $h) { section document { id title type } } }`;
const SAVE = `mutation($i: SaveCourtBundleInput!) { saveCourtBundle(input: $i) { id status version } }`;
const BUILD = `mutation($b: ID!) { buildCourtBundle(bundleId: $b) { id status } }`;
const BUNDLE = `query($h: ID!) { courtBundleForHearing(hearingId: $h) { id status version failure pageCount progressDone progressTotal lodgeBy lodgedOn lodgedOnTime
  items { section position late included notIncludedReason firstPage lastPage pages document { id title } }
  document { id type title status scanStatus supersedesId downloadUrl deliveries { role } } } }`;

/** A real PDF of `pages` pages, each saying which paper and page it is. */
async function paperPdf(marker: string, pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let k = 1; k <= pages; k++) doc.addPage([595.28, 841.89]).drawText(`${marker} page ${k}`, { x: 72, y: 700, size: 14, font });
  return Buffer.from(await doc.save());
}

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==", "base64");
const DOCX = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.from("\x14\x00\x06\x00[Content_Types].xml<Types/>PK\x03\x04word/document.xml<w:document/>"),
]);

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8" });
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") throw new Error(`${cmd} not found: install Debian's poppler-utils (.ci/run does)`);
    throw err;
  }
}

async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last seen ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe("court bundles (PD27A) built from the filed papers", () => {
  let clamd: TestClamd;
  let hub: TestHub;
  let caseId: string;
  let irh: { id: string; date: string };
  let cmh: { id: string; date: string };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-test-bundles-"));

  beforeAll(async () => {
    clamd = await startClamd();
    hub = await startTestHub({
      today: "2026-11-30",
      config: {
        scanner: { ...loadConfig({}).scanner, url: clamd.url, intervalMs: 300 },
        bundles: { pageLimit: 30, lodgeWorkingDays: 2 },
      },
    });
    [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    [irh] = await hub.sql("SELECT id, to_char(date, 'YYYY-MM-DD') AS date FROM hearing WHERE proceedings_id = $1 AND type = 'IRH'", [caseId]);
    [cmh] = await hub.sql("SELECT id, to_char(date, 'YYYY-MM-DD') AS date FROM hearing WHERE proceedings_id = $1 AND type = 'CMH'", [caseId]);
  });
  afterAll(async () => {
    await hub?.stop();
    await clamd?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function file(
    who: string,
    type: string,
    title: string,
    bytes: Buffer,
    contentType = "application/pdf",
    fileName = "paper.pdf",
    childIds: string[] = [],
  ): Promise<string> {
    const slot = await hub.gql(who, SLOT, {
      i: {
        proceedingsId: caseId,
        type,
        title,
        documentDate: "2026-11-30",
        confidentiality: "OPEN",
        fileName,
        contentType,
        idempotencyKey: randomUUID(),
        childIds,
      },
    });
    expect(slot.errors).toBeUndefined();
    expect((await hub.upload(who, slot.data.createUploadSlot.uploadUrl, bytes)).status).toBe(201);
    return slot.data.createUploadSlot.documentId;
  }
  const bundleOf = async (hearingId: string) => (await hub.gql(DEMO_USERS.legal, BUNDLE, { h: hearingId })).data.courtBundleForHearing;
  const built = (hearingId: string) =>
    eventually(
      () => bundleOf(hearingId),
      (b) => b.status === "BUILT" || b.status === "FAILED",
    );

  const PAPERS: [string, string, string, number][] = [
    ["legal", "CASE_SUMMARY", "Case summary", 2],
    ["legal", "POSITION_STATEMENT", "LA position statement", 1],
    ["legal", "C110A_APPLICATION", "Application C110A", 3],
    ["legal", "SOCIAL_WORK_STATEMENT", "Social work statement", 4],
    ["legal", "FINAL_CARE_PLAN", "Care plan for Amber", 2],
    ["legal", "EXPERT_ASSESSMENT", "Psychological assessment", 5],
    ["legal", "VIABILITY_ASSESSMENT", "Viability assessment of the aunt", 3],
  ];

  it("the legal department builds a bundle: index, Bates numbers on every page, bookmarks, checked by poppler", async () => {
    for (const [who, type, title, pages] of PAPERS) await file(DEMO_USERS[who as keyof typeof DEMO_USERS], type, title, await paperPdf(title, pages));
    // A paper about Amber alone: Jay's IRO and guardian never read it.
    const [{ id: amber }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Amber'");
    const plan = await paperPdf("Care plan for Amber alone", 2);
    const amberOnly = await file(DEMO_USERS.legal, "FINAL_CARE_PLAN", "Care plan for Amber alone", plan, "application/pdf", "plan.pdf", [amber]);
    await file(DEMO_USERS.legal, "GENOGRAM", "Genogram", PNG, "image/png", "genogram.png");
    await file(
      DEMO_USERS.legal,
      "VIABILITY_ASSESSMENT",
      "Viability assessment (Word)",
      DOCX,
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "viability.docx",
    );
    // Every paper released by the scanner before it may go in.
    await eventually(
      () => hub.sql("SELECT count(*)::int AS n FROM court_document WHERE released_at IS NULL"),
      (rows) => rows[0].n === 0,
    );

    const suggested = (await hub.gql(DEMO_USERS.legal, SUGGEST, { h: irh.id })).data.suggestedBundle;
    const bySection = (t: string) => suggested.find((s: { document: { title: string } }) => s.document.title === t)?.section;
    expect([bySection("Case summary"), bySection("Application C110A"), bySection("Social work statement"), bySection("Care plan for Amber")]).toEqual([
      "A",
      "B",
      "C",
      "D",
    ]);
    expect([bySection("Psychological assessment"), bySection("Viability assessment of the aunt"), bySection("Genogram")]).toEqual(["E", "E", "F"]);
    // A paper about one of the children only is not offered, and is refused: the bundle goes to
    // every IRO and guardian on the case.
    expect(bySection("Care plan for Amber alone")).toBeUndefined();
    const refused = await hub.gql(DEMO_USERS.legal, SAVE, { i: { hearingId: irh.id, items: [{ documentId: amberOnly, section: "D" }] } });
    expect(codes(refused)).toEqual(["BAD_USER_INPUT"]);

    const saved = await hub.gql(DEMO_USERS.legal, SAVE, {
      i: { hearingId: irh.id, items: suggested.map((s: { section: string; document: { id: string } }) => ({ documentId: s.document.id, section: s.section })) },
    });
    expect(saved.errors).toBeUndefined();
    expect((await hub.gql(DEMO_USERS.legal, BUILD, { b: saved.data.saveCourtBundle.id })).data.buildCourtBundle.status).toMatch(/QUEUED|BUILDING/);
    const bundle = await built(irh.id);
    expect(bundle.failure).toBeNull();
    expect(bundle).toMatchObject({ status: "BUILT", version: 1, progressDone: 9, progressTotal: 9 });

    // Filed as a paper: scanned, then released to the court, the IRO and the guardian.
    const released = await eventually(
      () => bundleOf(irh.id),
      (b) => b.document?.scanStatus === "RELEASED",
    );
    expect(released.document.type).toBe("COURT_BUNDLE");
    expect(released.document.deliveries.map((d: { role: string }) => d.role).sort()).toEqual(["COURT", "GUARDIAN", "IRO"]);
    // Lodged today, 30 November: the IRH is weeks away, so in time.
    expect(released.lodgeBy < irh.date).toBe(true);
    expect(released).toMatchObject({ lodgedOn: "2026-11-30", lodgedOnTime: true });

    // The court downloads it; poppler reads it.
    const got = await hub.download(DEMO_USERS.court, released.document.downloadUrl);
    expect(got.status).toBe(200);
    const file1 = path.join(dir, "bundle-v1.pdf");
    fs.writeFileSync(file1, got.body);
    const pages = Number(/Pages:\s+(\d+)/.exec(run("pdfinfo", [file1]))![1]);
    expect(pages).toBe(bundle.pageCount);
    const pageText = (n: number) => run("pdftotext", ["-layout", "-f", String(n), "-l", String(n), file1, "-"]);

    // Every page carries its stamp: the index's pages, then each section's from 1.
    const items = bundle.items as {
      section: string;
      firstPage: string | null;
      lastPage: string | null;
      pages: number | null;
      included: boolean;
      notIncludedReason: string | null;
      document: { title: string };
    }[];
    const included = items.filter((i) => i.included);
    const docPages = included.reduce((n, i) => n + i.pages!, 0);
    const indexPages = pages - docPages;
    expect(indexPages).toBeGreaterThanOrEqual(1);
    for (let k = 1; k <= indexPages; k++) expect(pageText(k)).toContain(`Index ${k}`);
    let at = indexPages + 1;
    for (const item of included) {
      const from = Number(item.firstPage!.slice(1));
      for (let k = 0; k < item.pages!; k++) {
        const text = pageText(at + k);
        expect(text).toContain(`${item.section}${from + k}`);
        // ...and it is that paper's page (the image has no text of its own).
        if (item.document.title !== "Genogram") expect(text).toContain(`${item.document.title} page ${k + 1}`);
      }
      expect(item.lastPage).toBe(`${item.section}${from + item.pages! - 1}`);
      at += item.pages!;
    }
    expect(at - 1).toBe(pages);
    // Sections are numbered separately: each starts at 1.
    for (const letter of ["A", "B", "C", "D", "E", "F"]) expect(included.find((i) => i.section === letter)?.firstPage).toBe(`${letter}1`);

    // The index lists every paper with its section and the page range where it really starts.
    const index = run("pdftotext", ["-layout", "-f", "1", "-l", String(indexPages), file1, "-"]);
    for (const item of items) {
      const range = item.included ? (item.firstPage === item.lastPage ? item.firstPage! : `${item.firstPage}-${item.lastPage}`) : "not included";
      expect(index).toMatch(new RegExp(`${range.replace(/[-]/g, "\\-")}\\s+${item.document.title.replace(/[()']/g, ".")}`));
    }
    expect(index).toContain("Section A: Preliminary documents");
    expect(index).toContain("Section E: Experts' reports and other reports");
    // The Word document is listed, not included, with the reason.
    const word = items.find((i) => i.document.title === "Viability assessment (Word)")!;
    expect(word).toMatchObject({ included: false, firstPage: null });
    expect(word.notIncludedReason).toMatch(/Word documents are not converted/);
    expect(index).toContain("Word documents are not converted");

    // The outline: a section each, a document each beneath, each pointing at its first page.
    const xml = run("pdftohtml", ["-xml", "-i", "-stdout", "-q", file1]);
    const outline = [...xml.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)].map((m) => ({ page: Number(m[1]), title: m[2] }));
    at = indexPages + 1;
    for (const item of included) {
      const entry = outline.find((o) => o.title.startsWith(`${item.firstPage} `));
      expect(entry).toMatchObject({ page: at });
      at += item.pages!;
    }
    expect(outline.filter((o) => /^[A-F]\. /.test(o.title)).map((o) => o.title[0])).toEqual(["A", "B", "C", "D", "E", "F"]);
  });

  it("over the page limit it refuses, clearly; with the court's direction recorded it builds", async () => {
    // Everything, twice over the limit of 30 this hub has: another 20-page report.
    await file(DEMO_USERS.legal, "EXPERT_ASSESSMENT", "Long report", await paperPdf("Long report", 20));
    await eventually(
      () => hub.sql("SELECT count(*)::int AS n FROM court_document WHERE released_at IS NULL"),
      (rows) => rows[0].n === 0,
    );
    const suggested = (await hub.gql(DEMO_USERS.legal, SUGGEST, { h: cmh.id })).data.suggestedBundle;
    const items = suggested.map((s: { section: string; document: { id: string } }) => ({ documentId: s.document.id, section: s.section }));
    const saved = (await hub.gql(DEMO_USERS.legal, SAVE, { i: { hearingId: cmh.id, items } })).data.saveCourtBundle;
    await hub.gql(DEMO_USERS.legal, BUILD, { b: saved.id });
    const refused = await built(cmh.id);
    expect(refused.status).toBe("FAILED");
    expect(refused.failure).toMatch(/would have \d+ pages; PD27A allows 30 unless the court directs otherwise/);
    expect(refused.document).toBeNull();

    // A direction without saying which is refused; with it, the bundle builds.
    const noNote = await hub.gql(DEMO_USERS.legal, SAVE, { i: { hearingId: cmh.id, items, directionPages: 60 } });
    expect(codes(noNote)).toEqual(["BAD_USER_INPUT"]);
    await hub.gql(DEMO_USERS.legal, SAVE, {
      i: { hearingId: cmh.id, items, directionPages: 60, directionNote: "Case management order of 2 December 2026, para 7" },
    });
    await hub.gql(DEMO_USERS.legal, BUILD, { b: saved.id });
    const ok = await built(cmh.id);
    expect(ok.failure).toBeNull();
    expect(ok.status).toBe("BUILT");
    expect(ok.pageCount).toBeGreaterThan(30);
    // The CMH was on the 12th day after issue, long past: lodged late, and shown so.
    const lodged = await eventually(
      () => bundleOf(cmh.id),
      (b) => b.lodgedOn !== null,
    );
    expect(lodged.lodgedOnTime).toBe(false);
  });

  it("a rebuilt bundle files a new version that supersedes the last; papers added after lodging are marked late", async () => {
    const first = await bundleOf(irh.id);
    const late = await file(DEMO_USERS.legal, "POSITION_STATEMENT", "Updated position statement", await paperPdf("Updated position statement", 1));
    await eventually(
      () => hub.sql("SELECT released_at FROM court_document WHERE id = $1", [late]),
      (rows) => rows[0].released_at !== null,
    );
    const items = [
      ...first.items.map((i: { section: string; document: { id: string } }) => ({ documentId: i.document.id, section: i.section })),
      { documentId: late, section: "A" },
    ];
    const saved = (await hub.gql(DEMO_USERS.legal, SAVE, { i: { hearingId: irh.id, items } })).data.saveCourtBundle;
    expect(saved).toMatchObject({ status: "DRAFT", version: 2 });
    // Withdrawn after it was chosen: the build checks again, lists it, and leaves it out.
    const gone = first.items.find((i: { document: { title: string } }) => i.document.title === "LA position statement").document.id;
    expect(
      (await hub.gql(DEMO_USERS.legal, `mutation($d: ID!) { withdrawDocument(documentId: $d, reason: "Wrong draft") { status } }`, { d: gone })).errors,
    ).toBeUndefined();
    await hub.gql(DEMO_USERS.legal, BUILD, { b: saved.id });
    const second = await eventually(
      () => bundleOf(irh.id),
      (b) => b.status === "BUILT" && b.document?.scanStatus === "RELEASED",
    );
    expect(second.version).toBe(2);
    expect(second.items.find((i: { document: { id: string } }) => i.document.id === gone)).toMatchObject({
      included: false,
      notIncludedReason: "It was withdrawn after it was chosen",
    });
    expect(second.document.supersedesId).toBe(first.document.id);
    expect(second.items.filter((i: { late: boolean }) => i.late).map((i: { document: { id: string } }) => i.document.id)).toEqual([late]);
    const [{ status }] = await hub.sql("SELECT status FROM court_document WHERE id = $1", [first.document.id]);
    expect(status).toBe("SUPERSEDED");
    const got = await hub.download(DEMO_USERS.iroAlex, second.document.downloadUrl);
    const file2 = path.join(dir, "bundle-v2.pdf");
    fs.writeFileSync(file2, got.body);
    expect(run("pdftotext", ["-layout", "-f", "1", "-l", "1", file2, "-"])).toMatch(/Updated position statement \(2026-11-30\) \[late addition\]/);
  });

  it("only the legal department on the case assembles bundles; a bundle is not uploaded", async () => {
    for (const who of [DEMO_USERS.iroAlex, DEMO_USERS.court, DEMO_USERS.guardianGrace]) {
      expect(codes(await hub.gql(who, BUNDLE, { h: irh.id }))).toEqual(["FORBIDDEN"]);
    }
    const upload = await hub.gql(DEMO_USERS.legal, SLOT, {
      i: {
        proceedingsId: caseId,
        type: "COURT_BUNDLE",
        title: "x",
        documentDate: "2026-11-30",
        confidentiality: "OPEN",
        fileName: "b.pdf",
        contentType: "application/pdf",
        idempotencyKey: randomUUID(),
      },
    });
    expect(codes(upload)).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await hub.gql(DEMO_USERS.legal, SUGGEST, { h: randomUUID() }))).toEqual(["NOT_FOUND"]);
  });
});
