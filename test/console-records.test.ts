import type { Browser } from "playwright-core";
import { startTestHub, TestHub, DEMO_USERS } from "./support/test-hub";
import { describeInBrowser, launch, openPage, axeViolations, type Watched } from "./support/browser";

// The records manager's page in real Chromium: a looked-after child's records due 65 years on,
// a legal hold placed and lifted, the disposal approved, and the certificate that remains.

describeInBrowser("console: the records manager", () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let w: Watched;

  beforeAll(async () => {
    hub = await startTestHub({ today: "2026-11-30", jobs: false });
    base = hub.server.url.replace(/\/graphql$/, "");
    const [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    const [{ id: amber }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Amber'");
    const [{ organisation_id: la, issuer_id: issuer }] = await hub.sql("SELECT organisation_id, issuer_id FROM hub_user WHERE subject = $1", [
      DEMO_USERS.legal,
    ]);
    await hub.sql(
      "INSERT INTO hub_user (organisation_id, issuer_id, subject, display_name, email, roles) VALUES ($1, $2, 'records.rae', 'Rae Records', 'rae@x.uk', '{RECORDS_MANAGER}')",
      [la, issuer],
    );
    const plan = await hub.gql(DEMO_USERS.socialWorker, `mutation($i: RecordCarePlanVersionInput!) { recordCarePlanVersion(input: $i) { id } }`, {
      i: {
        childId: amber,
        basedOnVersion: 0,
        status: "FINAL",
        changeSummary: "Final",
        sections: { placement: "p", contact: "c", permanence: "x", education: "e", health: "h", wishesAndFeelings: "w" },
      },
    });
    await hub.gql(DEMO_USERS.court, `mutation($i: RecordFinalOutcomeInput!) { recordFinalOutcome(input: $i) { id } }`, {
      i: {
        proceedingsId: caseId,
        childId: amber,
        orderType: "CARE_ORDER",
        orderDate: "2026-11-30",
        approvedCarePlanVersionId: plan.data.recordCarePlanVersion.id,
      },
    });
    hub.clock.setToday("2092-03-20");
    browser = await launch();
    w = await openPage(browser, base);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it("lands on Records, holds, lifts and disposes, and keeps the certificate; axe finds nothing", async () => {
    await w.page.goto(`${base}/signin`);
    await w.page.getByRole("button", { name: "Sign in as Rae Records" }).click();
    await w.page.getByRole("heading", { level: 1, name: "Records due for disposal" }).waitFor();
    await w.page.getByRole("cell", { name: "NS-CH-10231", exact: true }).waitFor();
    expect(await w.page.getByText("Amber").count()).toBe(0); // the reference, never the name
    expect(await axeViolations(w.page)).toEqual([]);

    await w.page.getByText("Place a legal hold").click();
    await w.page.getByLabel("Why (litigation, an inquiry, a complaint)").fill("Civil claim pending");
    await w.page.getByRole("button", { name: "Place the hold" }).click();
    await w.page.getByRole("cell", { name: /On hold Civil claim pending/ }).waitFor();
    expect(await w.page.getByRole("checkbox", { name: /Dispose of NS-CH-10231/ }).count()).toBe(0);

    await w.page.getByText("Lift the hold").first().click();
    await w.page.getByLabel("Why it is lifted").fill("Claim settled");
    await w.page.getByRole("button", { name: "Lift the hold" }).click();
    await w.page.getByRole("checkbox", { name: /Dispose of NS-CH-10231/ }).check();
    await w.page.getByText(/It cannot be undone/).waitFor();
    expect(await axeViolations(w.page)).toEqual([]);
    await w.page.getByRole("button", { name: "Dispose of the chosen records" }).click();
    await w.page.getByText("Disposed of 1 child's records").waitFor();
    await w.page.getByRole("table", { name: "Disposal certificates" }).getByRole("rowheader", { name: "NS26C00041" }).waitFor();
    expect(await w.page.getByRole("cell", { name: "NS-CH-10231", exact: true }).count()).toBe(0);
    expect(await axeViolations(w.page)).toEqual([]);

    // A subject access request, due a calendar month on.
    await w.page.getByText("Record a subject access request").click();
    await w.page.getByLabel("Who asked, and about whom").fill("A former foster carer asks for her data");
    await w.page.getByLabel("Day").fill("16");
    await w.page.getByLabel("Month").fill("3");
    await w.page.getByLabel("Year").fill("2092");
    await w.page.getByRole("button", { name: "Record the request" }).click();
    await w.page.getByRole("rowheader", { name: "A former foster carer asks for her data" }).waitFor();
    await w.page.getByText("Request recorded").waitFor();
    expect(await axeViolations(w.page)).toEqual([]);
    expect(w.problems).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
  });
});
