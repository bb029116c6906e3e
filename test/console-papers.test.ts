import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { startTestHub, TestHub } from "./support/test-hub";
import { describeInBrowser, launch, openPage, axeViolations, signInAsDemo, screenshot, loadFigures, type Watched } from "./support/browser";

// The console in real Chromium against a real hub: the legal department registers proceedings
// and files papers by drag and drop; the IRO, with the case open in another browser, sees each
// paper arrive without reloading, then reads, downloads and acknowledges it.

const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"), Buffer.alloc(3 * 1024 * 1024, 0x20), Buffer.from("\n%%EOF\n")]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(1000, 1)]);

/** Drops a file on the page's drop zone, as a drag from the desktop would. */
async function dropFile(page: Page, name: string, bytes: Buffer, type: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, data, type }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type }));
      return dt;
    },
    { name, data: bytes.toString("base64"), type },
  );
  await page.dispatchEvent("[data-testid=dropzone]", "drop", { dataTransfer });
}

async function noViolations(w: Watched, where: string): Promise<void> {
  const violations = await axeViolations(w.page);
  expect({ where, violations }).toEqual({ where, violations: [] });
}

describeInBrowser("console: court papers, by the legal department and the IRO", () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let legal: Watched;
  let iro: Watched;

  beforeAll(async () => {
    hub = await startTestHub();
    base = hub.server.url.replace(/\/graphql$/, "");
    browser = await launch();
    legal = await openPage(browser, base);
    iro = await openPage(browser, base);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });
  afterEach(async () => {
    if (process.env.DEBUG_SCREENSHOTS) {
      const name = (expect.getState().currentTestName ?? "test").replace(/\W+/g, "-").slice(0, 60);
      await legal.page.screenshot({ path: `/tmp/${name}-legal.png`, fullPage: true });
      await iro.page.screenshot({ path: `/tmp/${name}-iro.png`, fullPage: true });
    }
    // Nothing loaded from elsewhere, no script errors, no CSP violations, in either browser.
    for (const w of [legal, iro]) {
      expect(w.foreignRequests).toEqual([]);
      // (The browser logs the hub's refusal of a bad upload, which the test provokes, as an error.)
      expect(w.problems.filter((p) => !/^HTTP 415 PUT .*\/uploads\//.test(p))).toEqual([]);
      w.problems.length = 0;
    }
  });

  it("a first visit loads little JavaScript, shows the demo sign-in, and signs in", async () => {
    await legal.page.goto(`${base}/`);
    await legal.page.getByRole("heading", { name: "Sign in to Proceedings Hub" }).waitFor();
    const first = await loadFigures(legal.page);
    expect(first.jsTransferredBytes).toBeLessThan(250 * 1024);
    await noViolations(legal, "sign-in");
    await screenshot(legal.page, "sign-in");
    await legal.page.getByRole("button", { name: "Sign in as Lee Legal (LA solicitor)" }).click();
    await legal.page.getByRole("heading", { level: 1, name: "My cases" }).waitFor();
    const after = await loadFigures(legal.page);
    process.stdout.write(
      `console first load: ${JSON.stringify(first)}; JS after sign-in and My cases: ${after.jsTransferredBytes} bytes in ${after.jsFiles} files\n`,
    );
    expect(after.jsTransferredBytes).toBeLessThan(250 * 1024);
    await noViolations(legal, "my cases (legal)");
  });

  it("the legal department registers proceedings with two children", async () => {
    const p = legal.page;
    await p.getByRole("button", { name: "Register proceedings" }).click();
    await p.getByRole("heading", { name: "Register proceedings" }).waitFor();
    // Submitting empty names every missing answer, linked to its field.
    await p.getByRole("button", { name: "Register the proceedings" }).click();
    const summary = p.locator(".govuk-error-summary");
    await summary.waitFor();
    await expect(summary.getByRole("link", { name: "Select the court" }).count()).resolves.toBe(1);
    await noViolations(legal, "register proceedings with errors");
    await summary.getByRole("link", { name: "Enter the court's case number" }).click();
    expect(await p.evaluate(() => document.activeElement?.id)).toBe("courtCaseNumber");

    await p.getByLabel("Court", { exact: true }).selectOption({ label: "Northshire Family Court" });
    await p.getByLabel("Court case number").fill("NS26C00999");
    await p.getByLabel("Application").selectOption({ label: "Care order" });
    const child = (i: number) => p.locator("fieldset.app-card").nth(i);
    await child(0).getByLabel("Given name").fill("Robin");
    await child(0).getByLabel("Family name").fill("Case");
    await child(0).getByLabel("Day").fill("3");
    await child(0).getByLabel("Month").fill("4");
    await child(0).getByLabel("Year").fill("2019");
    await child(0).getByLabel("Local authority reference").fill("NS-CH-40001");
    await p.getByRole("button", { name: "Add another child" }).click();
    await child(1).getByLabel("Given name").fill("Sky");
    await child(1).getByLabel("Family name").fill("Case");
    await child(1).getByLabel("Day").fill("9");
    await child(1).getByLabel("Month").fill("12");
    await child(1).getByLabel("Year").fill("2021");
    await child(1).getByLabel("Local authority reference").fill("NS-CH-40002");
    await p.getByRole("button", { name: "Register the proceedings" }).click();
    await p.getByRole("heading", { level: 1, name: "Case NS26C00999" }).waitFor();
    await p.getByRole("link", { name: "Robin Case" }).waitFor();
    await p.getByRole("link", { name: "Sky Case" }).waitFor();
    await noViolations(legal, "case overview (legal)");
    await screenshot(p, "case-overview");
  });

  it("files a paper by drag and drop with a progress bar; the IRO's open page shows it without reloading", async () => {
    // The IRO has the demo case's papers open in their own browser.
    await signInAsDemo(iro.page, base, "Alex IRO");
    await iro.page.getByRole("link", { name: "NS26C00041" }).click();
    await iro.page.getByRole("link", { name: "Court papers" }).click();
    await iro.page.getByText("No papers filed yet.").waitFor();
    await iro.page.getByTestId("connection").filter({ hasText: "Live" }).waitFor();
    await noViolations(iro, "case papers (IRO)");

    const p = legal.page;
    await p.getByRole("link", { name: "My cases" }).first().click();
    // Wait for the fresh list (with the new case) so rows do not move under the click.
    await p.getByRole("link", { name: "NS26C00999" }).waitFor();
    await p.getByRole("link", { name: "NS26C00041" }).click();
    await p.getByRole("heading", { level: 1, name: "Case NS26C00041" }).waitFor();
    await p.getByRole("link", { name: "Court papers" }).click();
    await p.getByRole("heading", { name: "File a court paper" }).waitFor();
    await p.getByLabel("Type of paper").selectOption({ label: "C110A application" });
    await p.getByLabel("Title").fill("Application C110A");
    // Watch for the progress bar, which a fast local upload shows only briefly.
    await p.evaluate(() => {
      const w = window as unknown as { sawProgress: boolean };
      w.sawProgress = false;
      new MutationObserver(() => {
        if (document.getElementById("upload-progress")) w.sawProgress = true;
      }).observe(document.body, { subtree: true, childList: true });
    });
    await dropFile(p, "c110a.pdf", PDF, "application/pdf");
    await p.getByText(/c110a\.pdf, 3\.0 MB/).waitFor();
    await p.getByRole("button", { name: "File the paper" }).click();
    await p.getByText("The paper was filed and delivered.").waitFor();
    expect(await p.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress)).toBe(true);
    await noViolations(legal, "paper filed");

    // The IRO's page, untouched, now lists it, and says something new arrived.
    await iro.page.getByRole("link", { name: "Application C110A" }).waitFor({ timeout: 30_000 });
    await iro.page.getByText("A court paper was filed", { exact: false }).waitFor();
    await screenshot(iro.page, "case-papers-live");
    // The legal department's own page took the same events (its list refreshed), but its own
    // filing is not news to it.
    await p.getByTestId("connection").filter({ hasText: "Live" }).waitFor();
    await p.waitForTimeout(1000);
    await expect(p.getByTestId("live-notices").count()).resolves.toBe(0);
  });

  it("shows the hub's type errors clearly: a PNG called .pdf, and a file type the hub does not take", async () => {
    const p = legal.page;
    await p.getByRole("button", { name: "File another paper" }).click();
    await p.getByLabel("Type of paper").selectOption({ label: "Social work statement" });
    await p.getByLabel("Title").fill("Statement");
    await dropFile(p, "statement.pdf", PNG, "application/pdf");
    await p.getByRole("button", { name: "File the paper" }).click();
    const error = p.locator(".govuk-error-summary");
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/PNG|does not match|not a PDF/i);
    await p.locator("#file-error").waitFor();
    // A screen reader announces the error with the field: the input names it.
    expect((await p.locator("#file").getAttribute("aria-describedby"))?.split(" ")).toEqual(["file-hint", "file-error"]);
    await noViolations(legal, "upload refused");

    await dropFile(p, "notes.txt", Buffer.from("hello"), "text/plain");
    await p.getByRole("button", { name: "File the paper" }).click();
    await p.getByRole("link", { name: "The file must be a PDF, Word document (DOCX), PNG, JPEG or TIFF" }).waitFor();

    // After a refusal, a good file files in the same form (it is a new upload, not a retry of the refused one).
    await dropFile(p, "statement.pdf", PDF, "application/pdf");
    await p.getByRole("button", { name: "File the paper" }).click();
    await p.getByText("The paper was filed and delivered.").waitFor();
    expect(await p.locator(".govuk-error-summary").count()).toBe(0);
  });

  it("the IRO reads, downloads and acknowledges the paper; the legal department sees who did", async () => {
    const i = iro.page;
    await i.getByRole("link", { name: "Papers", exact: true }).click();
    await i.getByRole("heading", { name: "Papers delivered to you" }).waitFor();
    await i.getByRole("link", { name: "Application C110A" }).waitFor();
    await noViolations(iro, "my papers");
    await screenshot(i, "papers");
    const [download] = await Promise.all([i.waitForEvent("download"), i.getByRole("button", { name: "Download Application C110A" }).click()]);
    expect(download.suggestedFilename()).toBe("c110a.pdf");
    const saved = await download.path();
    expect(fs.statSync(saved!).size).toBe(PDF.length);
    // The download made it read: the list says so at once, without a reload.
    const row = i.getByRole("row").filter({ hasText: "Application C110A" });
    await row.getByText("Read", { exact: true }).waitFor();
    expect(await row.getByText("Unread", { exact: true }).count()).toBe(0);
    // Filters, kept in the address: by type (none of this type) and back.
    await i.getByLabel("Type").selectOption({ label: "Final care plan" });
    await i.waitForURL((u) => u.search === "?type=FINAL_CARE_PLAN");
    await i.getByText("No papers here.").waitFor();
    await noViolations(iro, "my papers, filtered");
    await i.getByLabel("Type").selectOption({ label: "C110A application" });
    await row.waitFor();
    await i.getByLabel("Case").selectOption({ label: "NS26C00041" });
    await i.waitForURL((u) => u.searchParams.get("case") !== null);
    await row.waitFor();
    await i.getByRole("button", { name: "Acknowledge Application C110A" }).click();
    await i.locator("text=Acknowledged").first().waitFor();

    const p = legal.page;
    await p.goto(`${base}/`); // a reload keeps the session
    await p.getByRole("heading", { level: 1, name: "My cases" }).waitFor();
    await p.getByRole("link", { name: "NS26C00041" }).click();
    await p.getByRole("link", { name: "Court papers" }).click();
    await p.getByRole("link", { name: "Application C110A" }).click();
    await p.getByRole("heading", { level: 1, name: "Application C110A" }).waitFor();
    // The same size as the upload form gave (3.0 MB), not a rounded count of kilobytes.
    await p.getByText("c110a.pdf (application/pdf, 3.0 MB)").waitFor();
    const iroRow = p.getByRole("row", { name: /Alex IRO \(IRO\)/ });
    await expect(iroRow.textContent()).resolves.toMatch(/Yes/);
    await expect(iroRow.textContent()).resolves.not.toMatch(/Not yet.*Not yet/);
    await noViolations(legal, "paper detail (legal)");
    await screenshot(p, "paper-deliveries");
  });

  it("withdraws a paper with a reason the IRO then sees, and supersedes one with a corrected version", async () => {
    const p = legal.page;
    await p.getByText("Upload a corrected version").click();
    await dropFile(p, "c110a-corrected.pdf", PDF, "application/pdf");
    await p.getByRole("button", { name: "Upload the corrected paper" }).click();
    // The console goes straight to the corrected paper, delivered again.
    await p.getByRole("heading", { level: 1, name: "Application C110A (corrected)" }).waitFor();
    await p.getByRole("row", { name: /Alex IRO \(IRO\)/ }).waitFor();
    await p.getByText("Withdraw this paper").click();
    await p.getByRole("button", { name: "Withdraw the paper" }).click();
    await p.getByRole("link", { name: "Say why the paper is withdrawn" }).waitFor();
    await p.getByLabel("Reason, shown to every recipient").fill("Filed on the wrong case");
    await p.getByRole("button", { name: "Withdraw the paper" }).click();
    await p.getByText("Withdrawn", { exact: true }).first().waitFor();

    // The IRO opens the withdrawn paper (a withdrawn paper leaves their list of papers, so go to
    // it by its address, as a link in a notice would; navigating inside the app keeps the session).
    const i = iro.page;
    const paperPath = new URL(p.url()).pathname;
    await i.evaluate((to) => {
      history.pushState(null, "", to);
      dispatchEvent(new PopStateEvent("popstate"));
    }, paperPath);
    await i.getByText("Filed on the wrong case", { exact: false }).waitFor();
    await expect(i.getByRole("button", { name: "Download" }).count()).resolves.toBe(0);
  });
});
