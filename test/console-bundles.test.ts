import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { startTestHub, TestHub, DEMO_USERS } from "./support/test-hub";
import { TestClamd, startClamd } from "./support/clamd";
import { describeInBrowser, launch, openPage, axeViolations, signInAsDemo, type Watched } from "./support/browser";
import { loadConfig } from "../src/core/config";

// The console in real Chromium, with a real clamd behind the hub: the legal department sees a
// paper held while the scanner is down and released when it is back, then builds the IRH's
// court bundle and sees it lodged; the IRO finds the bundle among their papers.

async function paperPdf(title: string, pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let k = 1; k <= pages; k++) doc.addPage().drawText(`${title} page ${k}`, { x: 72, y: 700, size: 14, font });
  return Buffer.from(await doc.save());
}

async function noViolations(w: Watched, where: string): Promise<void> {
  expect({ where, violations: await axeViolations(w.page) }).toEqual({ where, violations: [] });
}

describeInBrowser("console: virus scanning and court bundles", () => {
  let clamd: TestClamd;
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let legal: Watched;
  let iro: Watched;
  let caseId: string;

  beforeAll(async () => {
    clamd = await startClamd();
    hub = await startTestHub({ config: { scanner: { ...loadConfig({}).scanner, url: clamd.url, intervalMs: 300, retryBaseMs: 60_000 } } });
    base = hub.server.url.replace(/\/graphql$/, "");
    [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    browser = await launch();
    legal = await openPage(browser, base);
    iro = await openPage(browser, base);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await clamd?.close();
  });
  afterEach(() => {
    for (const w of [legal, iro]) {
      expect(w.foreignRequests).toEqual([]);
      expect(w.problems).toEqual([]);
      w.problems.length = 0;
    }
  });

  async function file(title: string, type: string, pages: number): Promise<string> {
    const slot = await hub.gql(DEMO_USERS.legal, `mutation($i: CreateUploadSlotInput!) { createUploadSlot(input: $i) { uploadUrl documentId } }`, {
      i: {
        proceedingsId: caseId,
        type,
        title,
        documentDate: hub.clock.today(),
        confidentiality: "OPEN",
        fileName: "p.pdf",
        contentType: "application/pdf",
        idempotencyKey: randomUUID(),
      },
    });
    expect((await hub.upload(DEMO_USERS.legal, slot.data.createUploadSlot.uploadUrl, await paperPdf(title, pages))).status).toBe(201);
    return slot.data.createUploadSlot.documentId;
  }

  it("a paper filed while the scanner is down shows as held to its filer, and goes out once the scanner is back", async () => {
    await clamd.stop();
    try {
      const held = await file("Position statement held by the scanner", "POSITION_STATEMENT", 1);
      await signInAsDemo(legal.page, base, "Lee Legal (LA solicitor)");
      await legal.page.goto(`${base}/papers/${held}`);
      await legal.page.getByText("Held: scanner unavailable").first().waitFor();
      await legal.page.getByText(/never released unscanned/).waitFor();
      await noViolations(legal, "a held paper");
    } finally {
      await clamd.start();
    }
    await legal.page.reload();
    // Passed: the held mark goes, and it is delivered (the recipients' table fills).
    await legal.page.getByRole("table", { name: "Who received it" }).waitFor({ timeout: 20_000 });
    expect(await legal.page.getByText("Held: scanner unavailable").count()).toBe(0);
  });

  it("the legal department builds the IRH's bundle, follows it, and sees it lodged on time; the IRO receives it", async () => {
    await file("Case summary", "CASE_SUMMARY", 2);
    await file("Social work statement", "SOCIAL_WORK_STATEMENT", 3);
    const wait = Date.now() + 20_000;
    while ((await hub.sql("SELECT count(*)::int AS n FROM court_document WHERE released_at IS NULL"))[0].n > 0 && Date.now() < wait)
      await new Promise((r) => setTimeout(r, 100));

    await legal.page.goto(`${base}/cases/${caseId}`);
    await legal.page.getByRole("link", { name: /Bundle for the IRH on/ }).click();
    await legal.page.getByRole("heading", { level: 1, name: /Court bundle: IRH on/ }).waitFor();
    // Every released paper is offered, in its usual section.
    await legal.page.getByRole("checkbox", { name: "Case summary" }).waitFor();
    expect(await legal.page.getByRole("checkbox", { name: "Case summary" }).isChecked()).toBe(true);
    expect(await legal.page.getByRole("combobox", { name: "Section for Social work statement" }).inputValue()).toBe("C");
    await noViolations(legal, "bundle (draft)");
    await legal.page.getByRole("button", { name: "Save and build the bundle" }).click();
    await legal.page.getByText("Built").first().waitFor({ timeout: 30_000 });
    await legal.page.getByText("On time").waitFor({ timeout: 20_000 });
    await legal.page.getByRole("link", { name: /Court bundle: issues resolution hearing/ }).waitFor();
    await noViolations(legal, "bundle (built and lodged)");

    await signInAsDemo(iro.page, base, "Alex IRO");
    await iro.page.goto(`${base}/papers`);
    await iro.page.getByRole("link", { name: /Court bundle: issues resolution hearing/ }).waitFor();
  });
});
