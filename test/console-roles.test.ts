import fs from "node:fs";
import type { Browser, Locator, Page } from "playwright-core";
import { startTestHub, TestHub } from "./support/test-hub";
import { describeInBrowser, launch, openPage, axeViolations, signInAsDemo, screenshot, overflowsAt, type Watched } from "./support/browser";

// Each person's main flow in the console, in real Chromium against a real hub: the social
// worker's care plan and significant events, the IRO's liaison, checklist, reviews, challenge
// route and assurance, the guardian's side of liaison and referrals, the court's post-order
// acknowledgements and assurance view (with a live notice), the managers' balcony view, and the
// administrator's directory. Every page is checked with axe; one flow is done by keyboard alone,
// and pages are checked at 320 px.

const visited: string[] = [];

async function a11y(w: Watched, where: string): Promise<void> {
  visited.push(where);
  const violations = await axeViolations(w.page);
  expect({ where, violations }).toEqual({ where, violations: [] });
}

async function fillDate(scope: Locator, date: string): Promise<void> {
  const [y, m, d] = date.split("-");
  await scope.getByLabel("Day").fill(String(Number(d)));
  await scope.getByLabel("Month").fill(String(Number(m)));
  await scope.getByLabel("Year").fill(y);
}

function londonToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function openChild(page: Page, name: string, section?: string): Promise<void> {
  await page.getByRole("link", { name: "My cases" }).first().click();
  await page.getByRole("link", { name }).first().click();
  await page.getByRole("heading", { level: 1, name }).waitFor();
  if (section) await page.getByRole("navigation", { name: "Child sections" }).getByRole("link", { name: section }).click();
}

describeInBrowser("console: each person's main flow", () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  const people: Record<string, Watched> = {};

  async function as(key: string, displayName: string): Promise<Page> {
    if (!people[key]) {
      people[key] = await openPage(browser, base);
      await signInAsDemo(people[key].page, base, displayName);
    }
    return people[key].page;
  }

  beforeAll(async () => {
    hub = await startTestHub();
    base = hub.server.url.replace(/\/graphql$/, "");
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    process.stdout.write(`axe-core found no violations on ${visited.length} pages: ${visited.join(", ")}\n`);
    await browser?.close();
    await hub?.stop();
  });
  afterEach(async () => {
    for (const [who, w] of Object.entries(people)) {
      if (process.env.DEBUG_SCREENSHOTS) await w.page.screenshot({ path: `/tmp/roles-${who}.png`, fullPage: true });
      const problems = w.problems.splice(0);
      const foreign = w.foreignRequests.splice(0);
      expect({ who, foreign, problems }).toEqual({ who, foreign: [], problems: [] });
    }
  });

  it("the social worker records two care plan versions and a significant event", async () => {
    const p = await as("sw", "Sam Social Worker");
    await a11y(people.sw, "my cases (social worker)");
    await openChild(p, "Amber Example", "Care plan");
    await p.getByText("No care plan has been recorded yet.").waitFor();
    await a11y(people.sw, "care plan, empty");
    await p.getByText("Record a new version").click();
    await p.getByLabel("What changed").fill("First plan for the proceedings");
    for (const [label, text] of [
      ["Placement", "Foster placement with Mr and Mrs Example"],
      ["Contact", "Contact with mother twice weekly, supervised"],
      ["Health", "Health assessment booked"],
      ["Education", "Stays at Northshire Primary"],
      ["Permanence", "Assessment of grandparents under way"],
      ["The child's wishes and feelings", "Wants to stay with her brother"],
    ]) {
      await p.getByLabel(label, { exact: true }).fill(text);
    }
    await p.getByRole("button", { name: "Record the version" }).click();
    await p.getByText("Version 1 recorded").waitFor();
    await p.getByLabel("What changed").fill("Contact reduced after the CMH");
    await p.getByLabel("Contact", { exact: true }).fill("Contact with mother once weekly, supervised");
    await p.getByRole("button", { name: "Record the version" }).click();
    await p.getByText("Version 2 recorded").waitFor();
    await p.getByTestId("diff-contact").getByText("Changed").waitFor();
    await a11y(people.sw, "care plan with versions");

    await p.getByRole("navigation", { name: "Child sections" }).getByRole("link", { name: "Significant events" }).click();
    await p.getByText("Tell the IRO of a significant event").click();
    await p.getByLabel("What happened").selectOption({ label: "School exclusion" });
    await p.getByLabel("Summary").fill("Excluded for two days after a fight");
    await p.getByRole("button", { name: "Record the event" }).click();
    await p.getByText("The IRO has been told").waitFor();
    await p.getByRole("cell", { name: "Excluded for two days after a fight" }).waitFor();
    await a11y(people.sw, "significant events");
  });

  it("the IRO compares care plan versions side by side, records liaison with an action, and reads the checklist", async () => {
    const p = await as("iro", "Alex IRO");
    await a11y(people.iro, "my cases (IRO)");
    await screenshot(p, "my-cases-iro");
    await openChild(p, "Amber Example");
    await p.getByTestId("timeline").getByText("Care plan version recorded").first().waitFor();
    await a11y(people.iro, "child overview with timeline");
    await screenshot(p, "child-overview");
    await p.getByRole("navigation", { name: "Child sections" }).getByRole("link", { name: "Care plan" }).click();
    await p.getByTestId("diff-contact").getByText("Changed").waitFor();
    await p.getByTestId("diff-placement").getByText("No change").waitFor();
    await expect(p.getByTestId("diff-contact").textContent()).resolves.toMatch(/twice weekly.*once weekly/);
    await a11y(people.iro, "care plan diff");
    await screenshot(p, "care-plan-diff");

    await p.getByRole("navigation", { name: "Child sections" }).getByRole("link", { name: "Liaison" }).click();
    await p.getByText("Record a contact").click();
    const form = p.locator("form").filter({ has: p.getByRole("button", { name: "Record the contact" }) });
    await form.getByLabel("How").selectOption({ label: "Call" });
    await form.getByLabel("Who took part").fill("Alex IRO, Grace Guardian");
    await form.getByLabel("Care plan", { exact: true }).check();
    await form.getByLabel("Your views on the care plan (IRO)").fill("Contact reduction needs review");
    await form.getByRole("button", { name: "Add an agreed action" }).click();
    await form.getByLabel("Action 1").fill("Guardian to send the contact notes");
    await form.getByLabel("Owner").selectOption({ label: "Guardian" });
    await fillDate(form.locator(".app-card"), addDays(londonToday(), 7));
    await form.getByRole("button", { name: "Record the contact" }).click();
    await p.getByText("Liaison recorded").waitFor();
    await p.getByTestId("liaison-record").first().getByText("Guardian to send the contact notes").waitFor();
    await a11y(people.iro, "liaison");
    await screenshot(p, "liaison");

    await p.getByRole("navigation", { name: "Child sections" }).getByRole("link", { name: "Protocol checklist" }).click();
    await p.getByText("3. Early contact").waitFor();
    const early = p.locator(".govuk-task-list__item").filter({ hasText: "3. Early contact" });
    await expect(early.textContent()).resolves.toMatch(/Done/);
    await a11y(people.iro, "protocol checklist");
    await screenshot(p, "checklist");
  });

  it("the guardian confirms the IRO's record and adds their own account", async () => {
    const p = await as("guardian", "Grace Guardian");
    await openChild(p, "Amber Example", "Liaison");
    const record = p.getByTestId("liaison-record").first();
    await record.getByRole("button", { name: "Confirm this record" }).click();
    await record.getByText("Confirmed", { exact: true }).first().waitFor();
    await record.getByRole("button", { name: "Add your own account" }).click();
    await record.getByLabel("How").selectOption({ label: "Call" });
    await record.getByLabel("Who took part").fill("Grace Guardian, Alex IRO");
    await record.getByLabel("Care plan", { exact: true }).check();
    await record.getByLabel("Your views on the care plan (guardian)").fill("Agree contact should be reviewed");
    await record.getByRole("button", { name: "Add your account" }).click();
    await p.getByText("Your account was added").waitFor();
    await a11y(people.guardian, "liaison (guardian)");
  });

  it("after the final order, a care plan change reaches the IRO and the court, who acknowledge it; the court is told when the IRO releases an assurance statement", async () => {
    // The social worker records the final care plan; the legal department records Jay's final
    // outcome with the plan the court approved.
    const sw = await as("sw", "Sam Social Worker");
    await openChild(sw, "Jay Example", "Care plan");
    await sw.getByText("Record a new version").click();
    await sw.getByLabel("Final").check();
    await sw.getByLabel("What changed").fill("Final care plan for the final hearing");
    for (const label of ["Placement", "Contact", "Health", "Education", "Permanence", "The child's wishes and feelings"])
      await sw.getByLabel(label, { exact: true }).fill(`${label} in the final plan`);
    await sw.getByRole("button", { name: "Record the version" }).click();
    await sw.getByText("Version 1 recorded").waitFor();

    const legal = await as("legal", "Lee Legal (LA solicitor)");
    await openChild(legal, "Jay Example");
    await legal.getByText("Record the final outcome").click();
    await legal.getByLabel("Order made").selectOption({ label: "Care order" });
    await legal.getByLabel("The care plan the court approved").selectOption({ index: 1 });
    await fillDate(legal.locator("fieldset").filter({ hasText: "Date of the order" }), londonToday());
    await legal.getByRole("button", { name: "Record the outcome" }).click();
    await legal.getByText("Final outcome recorded").waitFor();
    await a11y(people.legal, "child overview (legal)");

    // The court has its assurance page open.
    const court = await as("court", "Court Clerk");
    await court.getByRole("link", { name: "Assurance" }).click();
    await court.getByRole("link", { name: "Jay Example" }).waitFor();
    await a11y(people.court, "court assurance");

    // The social worker records a post-order care plan version.
    await openChild(sw, "Jay Example", "Care plan");
    await sw.getByText("Record a new version").click();
    await sw.getByLabel("Post order").check();
    await sw.getByLabel("What changed").fill("Placement moves to long-term foster carers");
    for (const label of ["Placement", "Contact", "Health", "Education", "Permanence", "The child's wishes and feelings"])
      await sw.getByLabel(label, { exact: true }).fill(`${label} after the order`);
    await sw.getByRole("button", { name: "Record the version" }).click();
    await sw.getByText("Version 2 recorded").waitFor();

    // The court acknowledges it from its list of post-order changes.
    await court.getByRole("link", { name: "Post-order changes" }).click();
    await court.getByRole("cell", { name: /Placement moves to long-term foster carers/ }).waitFor();
    await a11y(people.court, "post-order changes (court)");
    await screenshot(court, "post-order-changes");
    await court.getByRole("button", { name: "Acknowledge the change for Jay" }).click();
    await court.getByText("Nothing to show.").waitFor();

    // The IRO records a review after the order; it drafts an assurance statement they release.
    const iro = await as("iro", "Alex IRO");
    await openChild(iro, "Jay Example", "Reviews and assurance");
    await iro.getByText("Record a review").click();
    const form = iro.locator("form").filter({ has: iro.getByRole("button", { name: "Record the review" }) });
    await form.getByLabel("Who took part").fill("Alex IRO, Sam Social Worker, foster carer");
    await form.getByRole("group", { name: "Did you speak to the child?" }).getByLabel("Yes").check();
    await form.getByRole("group", { name: "Is the care plan on track?" }).getByLabel("Yes").check();
    await form.getByLabel("Summary for the court (optional)").fill("First review after the order held; plan on track");
    await form.getByRole("button", { name: "Record the review" }).click();
    await iro.getByText("Review recorded").waitFor();
    const statement = iro.getByTestId("assurance-statement").first();
    await statement.locator(".govuk-tag", { hasText: "Draft" }).waitFor();
    await a11y(people.iro, "reviews and assurance");
    await screenshot(iro, "reviews");
    await court.getByRole("link", { name: "Assurance" }).click();
    await court.getByRole("heading", { name: "Post-order assurance" }).waitFor();
    await statement.getByRole("button", { name: "Sign off and release to the court" }).click();
    await statement.getByText(/Released/).waitFor();

    // The court's open page says so, and shows the statement, without reloading.
    await court.getByText("An assurance statement was released to the court").waitFor({ timeout: 30_000 });
    await court.getByText("Assurance statement for Jay Example", { exact: false }).click();
    await court.getByText("First review after the order held; plan on track").waitFor();
    await a11y(people.court, "court assurance with a released statement");
    await screenshot(court, "court-assurance");
  });

  it("the IRO raises and escalates a dispute the social worker answers, and refers to Cafcass, who appoint a guardian who decides", async () => {
    const iro = await as("iro", "Alex IRO");
    await openChild(iro, "Amber Example", "Disputes and referrals");
    await iro.getByText("Raise a concern").click();
    await iro.getByLabel("The concern").fill("Contact reduced without a review");
    await iro.getByRole("button", { name: "Record the concern" }).click();
    const dispute = iro.getByTestId("dispute").first();
    await dispute.getByText("Informal").waitFor();
    await dispute.getByText("Escalate to the formal process").click();
    await dispute.getByLabel("Stage").selectOption({ label: "Team manager (5 working days)" });
    await dispute.getByLabel("Who must answer").selectOption({ label: "Sam Social Worker" });
    await dispute.getByRole("button", { name: "Escalate" }).click();
    await dispute.getByText("Formal", { exact: true }).waitFor();
    await a11y(people.iro, "disputes and referrals (IRO)");

    const sw = await as("sw", "Sam Social Worker");
    await openChild(sw, "Amber Example", "Disputes and referrals");
    const toAnswer = sw.getByTestId("dispute").first();
    await toAnswer.getByLabel("Your response").fill("A review is booked for next week");
    await toAnswer.getByLabel("Yes").check();
    await toAnswer.getByRole("button", { name: "Send the response" }).click();
    await toAnswer.getByText("Resolves it").waitFor();
    await a11y(people.sw, "disputes (social worker)");

    await iro.getByText("Refer the case to Cafcass").click();
    await iro.getByLabel("Why the case is referred").fill("The local authority has not put the contact plan right");
    await iro.getByRole("button", { name: "Refer to Cafcass" }).click();
    await iro.getByTestId("referral").first().getByText("Pending").waitFor();

    const cafcass = await as("cafcass", "Casey Cafcass Manager");
    await openChild(cafcass, "Amber Example", "Disputes and referrals");
    const referral = cafcass.getByTestId("referral").first();
    await referral.getByLabel("Accept and appoint a guardian").check();
    await referral.getByLabel("Guardian", { exact: true }).selectOption({ label: "Gil Guardian" });
    await referral.getByRole("button", { name: "Record the decision" }).click();
    await referral.locator(".govuk-tag", { hasText: "Accepted" }).waitFor();
    await a11y(people.cafcass, "referrals (Cafcass manager)");

    const gil = await as("gil", "Gil Guardian");
    await openChild(gil, "Amber Example", "Disputes and referrals");
    const appointed = gil.getByTestId("referral").first();
    await appointed.getByText("Record your decision on the course of action").click();
    await appointed.getByLabel("Decision").fill("Seek a direction from the court on contact");
    await appointed.getByRole("button", { name: "Record the decision" }).click();
    await appointed.getByText("Seek a direction from the court on contact", { exact: false }).waitFor();
    await a11y(people.gil, "referrals (guardian)");
  });

  it("managers read the balcony view with filters and download it as CSV, and each IRO's caseload", async () => {
    const p = await as("iromgr", "Morgan IRO Manager");
    await p.getByRole("link", { name: "Balcony view" }).click();
    await p.getByText("Papers reaching the IRO within 1 working day", { exact: false }).first().waitFor();
    await a11y(people.iromgr, "balcony view");
    await screenshot(p, "balcony");
    // A bad period is refused with a linked error.
    await fillDate(p.locator("fieldset").filter({ hasText: "From" }), "2030-01-01");
    await p.getByRole("button", { name: "Show the figures" }).click();
    await p.getByRole("link", { name: "The start must be before the end" }).waitFor();
    await fillDate(p.locator("fieldset").filter({ hasText: "From" }), "2026-01-01");
    await p.getByRole("button", { name: "Show the figures" }).click();
    // The heading names the service the figures are for, and a manager is not offered a one-option choice.
    await p.getByRole("heading", { name: /^Northshire IRO Service, 1 January 2026 to/ }).waitFor();
    expect(await p.getByRole("group", { name: "Scope" }).count()).toBe(0);
    // A share of nothing draws no bar.
    for (const bar of await p.locator(".app-bar").all()) expect((await bar.boundingBox())!.width).toBeGreaterThan(0);
    const [download] = await Promise.all([p.waitForEvent("download"), p.getByRole("button", { name: "Download these figures (CSV)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^protocol-compliance-northshire-iro-service-2026-01-01-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toBe('"figure","value"');
    expect(csv).toMatch(/"from","2026-01-01"/);
    expect(csv).toMatch(/"Children","\d+"/);
    await p.getByRole("rowheader", { name: "Alex IRO" }).first().waitFor();

    await p.getByRole("link", { name: "Caseload" }).click();
    await p.getByRole("table", { name: "Each IRO's caseload" }).waitFor();
    await a11y(people.iromgr, "caseloads (IRO manager)");

    const cafcass = await as("cafcass", "Casey Cafcass Manager");
    await cafcass.getByRole("link", { name: "Balcony view" }).click();
    await cafcass.getByRole("rowheader", { name: "IRO and guardian in contact within 10 working days" }).waitFor();
    await a11y(people.cafcass, "balcony view (Cafcass)");
  });

  it("the administrator registers a user and deactivates them", async () => {
    const p = await as("admin", "Hub Administrator");
    // The hub administrator has no cases: they land on the administration pages, not an empty My cases.
    await p.getByLabel("Organisation").waitFor();
    expect(new URL(p.url()).pathname).toBe("/admin");
    expect(await p.getByRole("heading", { name: "My cases" }).count()).toBe(0);
    await p.getByLabel("Organisation").selectOption({ label: "Northshire County Council (Local authority)" });
    await p.getByRole("rowheader", { name: "Sam Social Worker" }).waitFor();
    await a11y(people.admin, "administration: users");
    await p.getByText("Register someone at Northshire County Council").click();
    await p.getByRole("button", { name: "Register", exact: true }).click();
    await p.getByRole("link", { name: "Enter the subject (the sub claim that signs them in)" }).waitFor();
    await a11y(people.admin, "administration: errors");
    await p.getByLabel("Subject").fill("sw.new");
    await p.getByLabel("Name", { exact: true }).fill("New Social Worker");
    await p.getByLabel("Email").fill("sw.new@example.org.uk");
    await p.getByLabel("Social worker").check();
    await p.getByRole("button", { name: "Register", exact: true }).click();
    await p.getByText("New Social Worker registered").waitFor();
    await p.getByRole("button", { name: "Deactivate New Social Worker" }).click();
    await p.getByRole("button", { name: "Reactivate New Social Worker" }).waitFor();
    await screenshot(p, "administration");
    await p.getByRole("link", { name: "Identity providers" }).click();
    await p.getByRole("rowheader", { name: /dev-issuer/ }).waitFor();
    await a11y(people.admin, "administration: identity providers");
    await p.getByRole("link", { name: "Organisations" }).click();
    await a11y(people.admin, "administration: organisations");
  });

  it("a court officer records a hearing with the keyboard alone", async () => {
    const w = await openPage(browser, base);
    const p = w.page;
    await p.goto(`${base}/signin`);
    await p.getByRole("heading", { name: "Sign in to Proceedings Hub" }).waitFor();
    // Tab to the court clerk's button and press Enter.
    const reach = async (name: RegExp, max = 80) => {
      for (let i = 0; i < max; i++) {
        await p.keyboard.press("Tab");
        const label = await p.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return el && ["A", "BUTTON", "SUMMARY", "INPUT", "SELECT", "TEXTAREA"].includes(el.tagName) ? el.innerText : "";
        });
        if (name.test(label.trim())) return;
      }
      throw new Error(`could not reach ${name} by keyboard`);
    };
    await reach(/Sign in\s*as Court Clerk/);
    await p.keyboard.press("Enter");
    await p.getByRole("heading", { level: 1, name: "My cases" }).waitFor();
    await reach(/^NS26C00041$/);
    await p.keyboard.press("Enter");
    await p.getByRole("heading", { level: 1, name: "Case NS26C00041" }).waitFor();
    await reach(/^Record a hearing$/);
    await p.keyboard.press("Enter");
    await reach(/^Record the hearing$/);
    await p.keyboard.press("Enter"); // empty: the error summary takes the focus
    await p.locator(".govuk-error-summary").waitFor();
    expect(await p.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"))).toBe(true);
    await p.keyboard.press("Tab"); // first error link
    await p.keyboard.press("Enter"); // goes to the field
    expect(await p.evaluate(() => document.activeElement?.id)).toBe("type");
    await p.keyboard.press("ArrowDown"); // choose the first hearing type
    await p.keyboard.press("Tab");
    const [y, m, d] = addDays(londonToday(), 14).split("-");
    await p.keyboard.type(String(Number(d)));
    await p.keyboard.press("Tab");
    await p.keyboard.type(String(Number(m)));
    await p.keyboard.press("Tab");
    await p.keyboard.type(y);
    await p.keyboard.press("Tab");
    await p.keyboard.press("Enter");
    await p.getByText(/hearing recorded for/).waitFor();
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it("reads at 320 px wide without sideways scrolling", async () => {
    const w = await openPage(browser, base, { width: 320, height: 640 });
    await signInAsDemo(w.page, base, "Alex IRO");
    const pages: [string, () => Promise<void>][] = [
      ["my cases", async () => undefined],
      ["child overview", () => openChild(w.page, "Amber Example")],
      ["care plan", () => w.page.getByRole("navigation", { name: "Child sections" }).getByRole("link", { name: "Care plan" }).click()],
      ["liaison", () => w.page.getByRole("navigation", { name: "Child sections" }).getByRole("link", { name: "Liaison" }).click()],
      ["papers", () => w.page.getByRole("link", { name: "Papers", exact: true }).click()],
    ];
    for (const [name, go] of pages) {
      await go();
      await w.page.waitForLoadState("networkidle");
      expect({ name, overflow: await overflowsAt(w.page) }).toEqual({ name, overflow: [] });
      visited.push(`${name} at 320 px`);
      const violations = await axeViolations(w.page);
      expect({ name, violations }).toEqual({ name, violations: [] });
    }
    await screenshot(w.page, "narrow-320");
    await w.context.close();
  });

  it("a sibling's IRO opening the other child sees a plain page of name and roles, not errors", async () => {
    const [{ id: jay }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Jay'");
    const res = await hub.gql("iromgr.morgan", `mutation($i: AppointPersonInput!) { appointIro(input: $i) { id } }`, {
      i: { childId: jay, userId: await hub.userId("iro.bea"), startsOn: londonToday() },
    });
    expect(res.errors).toBeUndefined();
    const w = await openPage(browser, base);
    await signInAsDemo(w.page, base, "Alex IRO");
    await openChild(w.page, "Jay Example");
    await w.page.getByText("Jay's records are for the people appointed to Jay.").waitFor();
    expect(await w.page.getByText("Bea IRO").count()).toBeGreaterThan(0);
    expect(await w.page.getByText(/not found/i).count()).toBe(0);
    expect(await w.page.getByRole("navigation", { name: "Child sections" }).count()).toBe(0);
    await a11y(w, "a sibling's page");
    expect({ problems: w.problems.splice(0), foreign: w.foreignRequests.splice(0) }).toEqual({ problems: [], foreign: [] });
    await w.context.close();
  });

  it("never gives a false all-clear: the attention list says when it is still checking, and when it could not check", async () => {
    for (const outcome of ["slow", "failed"] as const) {
      const w = await openPage(browser, base);
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => (release = r));
      await w.page.route("**/graphql", async (route) => {
        if (!(route.request().postData() ?? "").includes('"operationName":"Attention"')) return route.continue();
        if (outcome === "failed")
          return route.fulfill({
            status: 200,
            contentType: "application/json",
            body: JSON.stringify({ errors: [{ message: "Hub unavailable", extensions: { code: "SERVICE_UNAVAILABLE" } }] }),
          });
        await held;
        return route.continue();
      });
      await signInAsDemo(w.page, base, "Grace Guardian");
      const section = w.page.locator("section[aria-labelledby=attention-heading]");
      if (outcome === "slow") {
        await section.getByText("Checking what needs you").waitFor();
        expect(await section.getByText("Nothing is waiting for you.").count()).toBe(0);
        release();
        await section.getByText("Checking what needs you").waitFor({ state: "detached" });
      } else {
        await section.getByText("What needs you could not be checked just now").waitFor();
        expect(await section.getByText("Nothing is waiting for you.").count()).toBe(0);
        await a11y(w, "attention list that could not be checked");
      }
      await w.context.close();
    }
  });

  it("finds cases by number, child's name or LA reference, filters and sorts them, and keeps the search in the address", async () => {
    const w = await openPage(browser, base);
    await signInAsDemo(w.page, base, "Lee Legal (LA solicitor)");
    const p = w.page;
    const rows = () => p.getByRole("table").getByRole("row");
    const search = p.getByRole("search", { name: "Find cases" });
    await search.getByLabel("Case number, child's name or LA reference").fill("riley");
    await search.getByRole("button", { name: "Find cases" }).click();
    await p.waitForURL((u) => u.search === "?q=riley");
    await rows().filter({ hasText: "NS26C00057" }).waitFor();
    await rows().filter({ hasText: "NS26C00041" }).waitFor({ state: "detached" });
    expect(await rows().count()).toBe(2); // the heading row and Riley's case
    await a11y(w, "my cases, searched");

    await search.getByLabel("Case number, child's name or LA reference").fill("nobody at all");
    await search.getByRole("button", { name: "Find cases" }).click();
    await p.getByText("No cases match. Try fewer words, or clear the filters.").waitFor();

    await search.getByRole("link", { name: "Clear" }).click();
    await p.waitForURL((u) => u.search === "");
    await search.getByLabel("Sort by").selectOption({ label: "Longest running first" });
    await search.getByRole("button", { name: "Find cases" }).click();
    await p.waitForURL((u) => u.search === "?sort=OLDEST_ISSUE");
    await rows().nth(1).filter({ hasText: "NS26C00041" }).waitFor();
    await w.context.close();
  });

  it("every role has its own attention list: a Cafcass manager sees a child without a guardian (and not the IRO side), and the team's overdue papers", async () => {
    const [{ id: court }] = await hub.sql("SELECT id FROM organisation WHERE kind = 'COURT'");
    const reg = await hub.gql("legal.lee", `mutation($i: RegisterProceedingsInput!) { registerProceedings(input: $i) { id } }`, {
      i: {
        courtId: court,
        courtCaseNumber: "NS26C00888",
        issueDate: londonToday(),
        applicationType: "CARE_ORDER",
        children: [{ givenName: "Kit", familyName: "Waiting", dateOfBirth: "2021-03-03", laReference: "NS-CH-88888" }],
      },
    });
    expect(reg.errors).toBeUndefined();
    // A paper to the demo case's guardian, left unacknowledged past its date.
    const [{ id: demoCase }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    const paper = await hub.filePaper(demoCase);
    await hub.sql(`UPDATE paper_delivery SET acknowledge_by = DATE '2026-01-05' WHERE document_id = $1 AND role = 'GUARDIAN'`, [paper]);
    const w = await openPage(browser, base);
    await signInAsDemo(w.page, base, "Casey Cafcass Manager");
    const section = w.page.locator("section[aria-labelledby=attention-heading]");
    await section.getByText(/\d+ (child|children) without a guardian/).waitFor();
    expect(await section.getByText("without an IRO").count()).toBe(0);
    // The team's overdue work goes to the cases it is on.
    await section.getByRole("link", { name: /court papers? your team has not acknowledged in time/ }).click();
    await w.page.waitForURL((u) => u.searchParams.get("attention") === "1");
    await w.page.getByRole("link", { name: "NS26C00041" }).waitFor();
    await a11y(w, "my cases (Cafcass manager) with what needs them");
    await w.context.close();
  });

  it("prints cleanly, lets the first Tab reach the skip link, says who was appointed, and names the court once", async () => {
    const w = await openPage(browser, base);
    await w.page.goto(`${base}/signin`);
    // Once the page has loaded (its heading and sign-in choices are there), the first Tab lands on the skip link.
    await w.page.getByRole("heading", { level: 1 }).waitFor();
    await w.page
      .getByRole("button", { name: /^Sign in as / })
      .first()
      .waitFor();
    await w.page.keyboard.press("Tab");
    expect(await w.page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Skip to main content");
    await signInAsDemo(w.page, base, "Alex IRO");
    await openChild(w.page, "Amber Example");
    const overview = w.page.locator(".govuk-summary-list");
    expect(await overview.locator("dt", { hasText: /^Court$/ }).count()).toBe(1);
    await w.page
      .getByTestId("timeline")
      .getByText(/IRO appointed: Alex IRO/)
      .first()
      .waitFor();
    expect(await w.page.getByText("Someone was appointed").count()).toBe(0);

    await w.page.emulateMedia({ media: "print" });
    for (const hidden of [".govuk-service-navigation", ".govuk-footer", ".govuk-back-link", ".app-subnav"]) {
      expect({ hidden, visible: await w.page.locator(hidden).first().isVisible() }).toEqual({ hidden, visible: false });
    }
    // Internal links print as their text: no address spelt out after them.
    const after = await w.page.evaluate(() => [...document.querySelectorAll("main a[href^='/']")].map((a) => getComputedStyle(a, "::after").content));
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((c) => c === "none" || c === "normal")).toBe(true);
    await w.page.emulateMedia({ media: "screen" });
    await w.context.close();
  });

  it("shows overdue where the IRO acts on it: an overdue review decision is tagged Overdue, and the attention list goes to the child", async () => {
    const [{ id: riley }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Riley'");
    // Riley's social worker records when Riley became looked after (Sam is allocated first if Riley has none).
    const [sw] = await hub.sql(
      "SELECT u.subject FROM appointment a JOIN hub_user u ON u.id = a.user_id WHERE a.child_id = $1 AND a.role = 'SOCIAL_WORKER' AND a.ends_on IS NULL",
      [riley],
    );
    if (!sw) {
      const allocated = await hub.gql("legal.lee", `mutation($i: AppointPersonInput!) { allocateSocialWorker(input: $i) { id } }`, {
        i: { childId: riley, userId: await hub.userId("sw.sam"), startsOn: londonToday() },
      });
      expect(allocated.errors).toBeUndefined();
    }
    const looked = await hub.gql(sw?.subject ?? "sw.sam", `mutation($c: ID!, $d: LocalDate!) { recordLookedAfterSince(childId: $c, since: $d) { id } }`, {
      c: riley,
      d: addDays(londonToday(), -60),
    });
    expect(looked.errors).toBeUndefined();
    const review = await hub.gql("iro.bea", `mutation($i: RecordReviewInput!) { recordReview(input: $i) { id } }`, {
      i: {
        childId: riley,
        heldOn: addDays(londonToday(), -20),
        participants: ["IRO", "Riley"],
        spokeToChild: true,
        planOnTrack: true,
        decisions: [{ description: "Arrange the school meeting", owner: "Social worker", dueOn: addDays(londonToday(), -10) }],
      },
    });
    expect(review.errors).toBeUndefined();
    const w = await openPage(browser, base);
    await signInAsDemo(w.page, base, "Bea IRO");
    // Straight to the child when one child has overdue decisions; to the caseload when several do
    // (earlier tests in this file may have given Bea another child).
    const caseload = await hub.gql("iro.bea", `{ myCaseload { childId overdueDecisions } }`);
    const withDecisions = caseload.data.myCaseload.filter((c: { overdueDecisions: number }) => c.overdueDecisions > 0);
    const section = w.page.locator("section[aria-labelledby=attention-heading]");
    await section.getByRole("link", { name: /^\d+ review decisions? overdue$/ }).click();
    if (withDecisions.length === 1) await w.page.waitForURL((u) => u.pathname === `/children/${riley}/reviews`);
    else {
      await w.page.waitForURL((u) => u.pathname === "/caseload");
      await openChild(w.page, "Riley Sample", "Reviews and assurance");
    }
    const decision = w.page.getByRole("listitem").filter({ hasText: "Arrange the school meeting" });
    await decision.getByText("Overdue", { exact: true }).waitFor();
    expect(await decision.getByText("Open", { exact: true }).count()).toBe(0);
    await a11y(w, "reviews with an overdue decision");
    await w.context.close();
  });

  it("appointing an IRO shows each IRO's caseload against 50-70, and offers a colleague registered while the page is open", async () => {
    const w = await openPage(browser, base);
    await signInAsDemo(w.page, base, "Morgan IRO Manager");
    await w.page.getByRole("link", { name: "NS26C00057" }).click();
    await w.page.getByRole("heading", { level: 1, name: "Case NS26C00057" }).waitFor();
    await w.page.getByRole("link", { name: "People", exact: true }).click();
    const details = w.page.locator("details", { hasText: "Appoint an IRO" });
    await details.locator("summary").click();
    const select = details.getByLabel("IRO", { exact: true });
    await details.locator("option", { hasText: /^Alex IRO \(\d+ (child|children), (under 50|within 50-70|over 70)\)$/ }).waitFor({ state: "attached" });
    await a11y(w, "appoint an IRO with caseloads");
    // Registered now, by an administrator, while the manager's page stays open.
    const [{ id: service }] = await hub.sql("SELECT organisation_id AS id FROM hub_user WHERE subject = 'iro.alex'");
    const reg = await hub.gql("admin", `mutation($i: RegisterUserInput!) { registerUser(input: $i) { id } }`, {
      i: { organisationId: service, subject: "iro.newcomer", displayName: "Nia Newcomer", email: "nia@example.org.uk", roles: ["IRO"] },
    });
    expect(reg.errors).toBeUndefined();
    await details.locator("summary").click(); // close
    await details.locator("summary").click(); // and open again
    await details.locator("option", { hasText: "Nia Newcomer (0 children, under 50)" }).waitFor({ state: "attached" });
    expect(await select.count()).toBe(1);
    await w.context.close();
  });

  it("links help, the accessibility statement, the privacy notice and cookies from every footer, readable without signing in", async () => {
    const w = await openPage(browser, base);
    await w.page.goto(`${base}/signin`);
    const footer = w.page.getByRole("contentinfo");
    for (const [link, heading] of [
      ["Help", "Help"],
      ["Accessibility statement", "Accessibility statement"],
      ["Privacy", "Privacy notice"],
      ["Cookies", "Cookies"],
    ]) {
      await footer.getByRole("link", { name: link, exact: true }).click();
      await w.page.getByRole("heading", { level: 1, name: heading }).waitFor();
      expect(new URL(w.page.url()).pathname).not.toBe("/signin");
      await a11y(w, `${heading.toLowerCase()} (signed out)`);
    }
    // Signed in, the same footer.
    await signInAsDemo(w.page, base, "Alex IRO");
    await w.page.getByRole("contentinfo").getByRole("link", { name: "Accessibility statement" }).waitFor();
    await w.context.close();
  });
});
