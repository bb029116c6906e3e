import crypto from "node:crypto";
import type { Browser } from "playwright-core";
import { startTestHub, TestHub, DEMO_USERS } from "./support/test-hub";
import { startTestSmtp, TestSmtp } from "./support/smtp";
import { startTestReceiver, TestReceiver } from "./support/webhook-receiver";
import { eventually } from "./support/hub-process";
import { describeInBrowser, launch, openPage, axeViolations, signInAsDemo, overflowsAt, type Watched } from "./support/browser";

// Notices, calendars and integrations from the console, in real Chromium against a real hub with
// a real SMTP server and a real webhook receiver: an IRO reads what needed them, changes how they
// hear of papers and makes a calendar link; the local authority's systems administrator
// registers a webhook endpoint (and sees its delivery log) and a service account; the hub
// administrator sends a failed email again.

describeInBrowser("console: notices, calendar and integrations", () => {
  let hub: TestHub;
  let smtp: TestSmtp;
  let receiver: TestReceiver;
  let browser: Browser;
  let base: string;
  let caseId: string;
  const watched: Watched[] = [];

  async function check(w: Watched, where: string) {
    const violations = await axeViolations(w.page);
    expect({ where, violations }).toEqual({ where, violations: [] });
  }

  beforeAll(async () => {
    smtp = await startTestSmtp();
    receiver = await startTestReceiver();
    hub = await startTestHub({ config: { smtpUrl: smtp.url, emailSendIntervalMs: 50, emailRetryBaseMs: 50, emailMaxAttempts: 2, webhookSendIntervalMs: 50 } });
    base = hub.server.url.replace(/\/graphql$/, "");
    browser = await launch();
    [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await smtp?.stop();
    await receiver?.stop();
  });
  afterEach(() => {
    for (const w of watched) {
      const problems = w.problems.splice(0);
      expect({ foreign: w.foreignRequests.splice(0), problems }).toEqual({ foreign: [], problems: [] });
    }
  });

  const filePaper = (title: string) => hub.filePaper(caseId, { title });

  it("an IRO sees what needed them, chooses a digest for papers, and makes a calendar link", async () => {
    const doc = await filePaper("Application");
    await smtp.waitFor((m) => m.to.includes("iro.alex@example.org.uk") && m.text.includes(doc));
    const w = await openPage(browser, base);
    watched.push(w);
    await signInAsDemo(w.page, base, "Alex IRO");
    await w.page.getByRole("link", { name: "Notifications" }).click();
    await w.page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
    const row = w.page.getByRole("row").filter({ hasText: "A court paper has been delivered to you" }).first();
    await row.getByText("Emailed").waitFor();
    await row.getByText("NS26C00041").waitFor();
    await check(w, "notifications (IRO)");

    // Papers in a daily digest from now on.
    await w.page.getByLabel("Email for: A court paper has been delivered to you").selectOption("DAILY_DIGEST");
    await eventually(
      async () => (await hub.sql("SELECT delivery FROM notification_preference WHERE kind = 'PAPER_DELIVERED'"))[0]?.delivery === "DAILY_DIGEST",
      5_000,
      "the choice to be saved",
    );
    await w.page.getByRole("link", { name: "My cases" }).click();
    await w.page.getByRole("heading", { level: 1, name: "My cases" }).waitFor();
    await w.page.getByRole("link", { name: "Notifications" }).click();
    await w.page.getByRole("heading", { level: 2, name: "How you hear of each kind" }).waitFor();
    expect(await w.page.getByLabel("Email for: A court paper has been delivered to you").inputValue()).toBe("DAILY_DIGEST");

    // The calendar link, shown once, opens a calendar that names the case and no child.
    await w.page.getByRole("button", { name: "Make a calendar link" }).click();
    const url = (await w.page.locator("#calendar-url").textContent())!;
    const feed = await fetch(new URL(new URL(url).pathname, base));
    expect(feed.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const text = await feed.text();
    expect(text).toContain("BEGIN:VEVENT");
    expect(text).toContain("NS26C00041");
    expect(text).not.toMatch(/Amber|Jay/);
    await check(w, "notifications with a calendar link");

    // The page reads at 320 px without sideways scrolling.
    await w.page.setViewportSize({ width: 320, height: 640 });
    await w.page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
    expect(await overflowsAt(w.page)).toEqual([]);
    await check(w, "notifications at 320 px");
  });

  it("the local authority's systems administrator registers a webhook endpoint and a service account, and sees deliveries", async () => {
    const w = await openPage(browser, base);
    watched.push(w);
    await w.page.goto(`${base}/signin`);
    await w.page.getByRole("button", { name: "Sign in as Nia Northshire Systems Administrator" }).click();
    // No cases for them: they land on Integrations.
    await w.page.getByRole("heading", { level: 1, name: "Integrations" }).waitFor();
    expect(await w.page.getByRole("link", { name: "My cases" }).count()).toBe(0);
    await check(w, "integrations (empty)");

    await w.page.getByText("Register an endpoint").click();
    await w.page.getByRole("button", { name: "Register endpoint" }).click();
    await w.page.locator(".govuk-error-summary").getByText("Enter the endpoint's URL").waitFor();
    await w.page.getByLabel("URL", { exact: true }).fill(receiver.url);
    await w.page.getByLabel("Description (optional)").fill("Case management system");
    await w.page.getByRole("button", { name: "Register endpoint" }).click();
    const secret = (await w.page.locator("#webhook-secret").textContent())!;
    expect(secret).toMatch(/^whsec_/);

    const hearing = await hub.gql(DEMO_USERS.court, `mutation($i: RecordHearingInput!) { recordHearing(input: $i) { id } }`, {
      i: { proceedingsId: caseId, type: "OTHER", date: hub.clock.today() },
    });
    await receiver.waitUntil((got) => got.some((h) => h.json.data.subjectId === hearing.data.recordHearing.id));
    await w.page.getByRole("button", { name: "Refresh" }).click();
    await w.page.getByRole("table", { name: "Delivery log" }).getByText("Delivered (204)").first().waitFor();
    await check(w, "integrations with an endpoint and its delivery log");

    const { publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    await w.page.getByText("Register a service account").click();
    await w.page.getByLabel("Name").fill("Northshire case management system");
    await w.page.getByLabel("Role").selectOption("LA_LEGAL");
    await w.page.getByLabel("Public key").fill(publicKey.export({ type: "spki", format: "pem" }).toString());
    await w.page.getByRole("button", { name: "Register service account" }).click();
    const row = w.page.getByRole("row").filter({ hasText: "Northshire case management system" });
    await row.getByText("urn:proceedings-hub:service-account:").waitFor();
    await row.getByText("Waiting for a hub administrator").waitFor();
    await check(w, "integrations with a service account");
  });

  it("the hub administrator sees a failed email and sends it again", async () => {
    smtp.rejectAddress("guardian.grace@example.org.uk");
    const doc = await filePaper("Refused");
    await eventually(
      async () =>
        (await hub.sql("SELECT status FROM email_message WHERE to_address = 'guardian.grace@example.org.uk' AND text LIKE $1", [`%${doc}%`]))[0]?.status ===
        "FAILED",
      10_000,
      "the email to fail",
    );
    smtp.rejectAddress(null);
    const w = await openPage(browser, base);
    watched.push(w);
    await signInAsDemo(w.page, base, "Hub Administrator");
    await w.page.getByRole("link", { name: "Email outbox" }).click();
    const row = w.page.getByRole("row").filter({ hasText: "guardian.grace@example.org.uk" }).first();
    await row.getByText("Failed", { exact: true }).waitFor();
    await row.getByText(/Mailbox unavailable/).waitFor();
    await check(w, "administration: email outbox");
    await row.getByRole("button", { name: /Send again/ }).click();
    await smtp.waitFor((m) => m.to.includes("guardian.grace@example.org.uk") && m.text.includes(doc));
  });
});
