import type { Browser } from "playwright-core";
import { startTestHub, TestHub, DEMO_USERS } from "./support/test-hub";
import { describeInBrowser, launch, openPage } from "./support/browser";

// The development GraphiQL works with no network beyond the hub: bundled, no CDN, no
// telemetry, with a place for the bearer token.
describeInBrowser("GraphiQL in development", () => {
  let hub: TestHub;
  let browser: Browser;
  beforeAll(async () => {
    hub = await startTestHub();
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it("loads everything from the hub and runs a query with the pasted token", async () => {
    const base = hub.server.url.replace(/\/graphql$/, "");
    const w = await openPage(browser, base);
    const p = w.page;
    await p.goto(`${base}/graphql`); // a browser opening the API is sent to GraphiQL
    await p.waitForURL(`${base}/graphiql`);
    await p.locator(".graphiql-container").waitFor();
    // Without a token the schema is refused (no anonymous introspection): expected, and said so.
    await p.getByText("no token: sign in to see the schema").waitFor();
    await p.waitForLoadState("networkidle");
    expect(w.problems.every((x) => /^HTTP 401 POST .*\/graphql$/.test(x))).toBe(true);
    w.problems.length = 0;
    await p.getByLabel("Bearer token").fill(hub.token(DEMO_USERS.iroAlex));
    await p.getByRole("button", { name: "Use token" }).click();
    await p.getByText("signed in", { exact: true }).waitFor();
    await p.locator(".graphiql-container").waitFor();
    await p.getByRole("button", { name: /Execute query/ }).click();
    await p.locator(".graphiql-response").getByText("Alex IRO", { exact: false }).waitFor({ timeout: 20_000 });
    expect(w.foreignRequests).toEqual([]);
    expect(w.problems).toEqual([]);
    await w.context.close();
  }, 60_000);
});
