import http from "node:http";
import { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { startTestHub, TestHub } from "./support/test-hub";
import { axeViolations, describeInBrowser, launch, openPage, signInAsDemo, type Watched } from "./support/browser";

// Staying signed in for a working day, safely: a reload, a new tab and a link from an email
// keep the person signed in; nothing the page's scripts can read would let anyone else act as
// them; sign-out in one tab ends every tab; another site's form cannot act with the session.

/** A page on another origin (another site's, or an email's web view) with a link and forms aimed at the hub. */
function attackerPage(host: string, hubBase: string, caseId: string, deliveryPaperId: string): Promise<{ url: string; close: () => void }> {
  const mutation = JSON.stringify({ query: `mutation { acknowledgePaper(documentId: "${deliveryPaperId}") { acknowledgedAt } }` });
  const html = `<!doctype html><html lang="en"><title>Elsewhere</title>
<p><a id="email-link" href="${hubBase}/cases/${caseId}">Open the case in Proceedings Hub</a></p>
<form id="graphql" method="post" action="${hubBase}/graphql" enctype="text/plain" target="result1">
  <input type="hidden" name='${mutation.slice(0, -2)}' value='${mutation.slice(-2)}'>
</form>
<form id="signout" method="post" action="${hubBase}/session/end" target="result2"></form>
<iframe name="result1" title="r1"></iframe><iframe name="result2" title="r2"></iframe></html>`;
  const server = http.createServer((_req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(html);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://${host}:${(server.address() as AddressInfo).port}/`, close: () => server.close() })),
  );
}

describeInBrowser("console: staying signed in, safely", () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let w: Watched;
  let caseId: string;
  let paperId: string;

  beforeAll(async () => {
    // Sessions read from the database every time: a test's change to one is seen at once.
    hub = await startTestHub({ config: { rememberTokensSeconds: 0 } });
    base = hub.server.url.replace(/\/graphql$/, "");
    [{ id: caseId }] = await hub.sql(
      `SELECT a.proceedings_id AS id FROM appointment a JOIN hub_user u ON u.id = a.user_id WHERE u.subject = 'iro.alex' AND a.role = 'IRO' LIMIT 1`,
    );
    paperId = await hub.filePaper(caseId);
    browser = await launch();
    w = await openPage(browser, base);
    await signInAsDemo(w.page, base, "Alex IRO");
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it("keeps the person signed in across a reload, a new tab and an email link, with nothing the page can read", async () => {
    const p = w.page;
    await p.reload();
    await p.getByRole("heading", { level: 1, name: "My cases" }).waitFor();
    await p.getByTestId("connection").filter({ hasText: "Live" }).waitFor();

    const tab = await w.context.newPage();
    await tab.goto(`${base}/cases/${caseId}`);
    await tab.getByRole("heading", { level: 1 }).filter({ hasNotText: "Sign in" }).waitFor();
    expect(tab.url()).toBe(`${base}/cases/${caseId}`);

    // An email link is a navigation from another site: the cookie is SameSite=Strict, yet the
    // console finds its session as soon as it loads.
    const elsewhere = await attackerPage("localhost", base, caseId, paperId);
    await tab.goto(elsewhere.url);
    await tab.locator("#email-link").click();
    await tab.waitForURL(`${base}/cases/${caseId}`);
    await tab.getByRole("link", { name: "Papers" }).first().waitFor();
    await expect(tab.getByText("Sign in to Proceedings Hub").count()).resolves.toBe(0);
    elsewhere.close();
    await tab.close();

    // The only credential is a cookie scripts cannot read; nothing in storage either.
    const cookies = await w.context.cookies(base);
    expect(cookies.map((c) => [c.name, c.httpOnly, c.secure, c.sameSite])).toEqual([["__Host-hub-session", true, true, "Strict"]]);
    const readable = await p.evaluate(() => ({
      cookie: document.cookie,
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
    }));
    expect(readable).toEqual({ cookie: "", local: "{}", session: "{}" });
    const secret = cookies[0].value;
    const html = await p.content();
    expect(html).not.toContain(secret);
  }, 60_000);

  it("refuses another site's forms: no mutation runs and nobody is signed out", async () => {
    const p = w.page;
    const delivered = () =>
      hub.sql(`SELECT acknowledged_at FROM paper_delivery d JOIN hub_user u ON u.id = d.user_id WHERE d.document_id = $1 AND u.subject = 'iro.alex'`, [
        paperId,
      ]);
    expect((await delivered())[0].acknowledged_at).toBeNull();
    // Same site, another port (the cookie is sent: SameSite alone would not stop it), and another site.
    for (const host of ["127.0.0.1", "localhost"]) {
      const attacker = await attackerPage(host, base, caseId, paperId);
      const page = await w.context.newPage();
      await page.goto(attacker.url);
      const answers: Record<string, number> = {};
      page.on("response", (r) => r.url().startsWith(base) && (answers[new URL(r.url()).pathname] = r.status()));
      await page.evaluate(() => {
        (document.getElementById("graphql") as HTMLFormElement).submit();
        (document.getElementById("signout") as HTMLFormElement).submit();
      });
      for (let i = 0; i < 50 && Object.keys(answers).length < 2; i++) await page.waitForTimeout(100);
      // The mutation is refused either way (Apollo refuses a form's content type before our CSRF
      // check would). Sign-out: same site, the cookie comes without the CSRF token (403); from
      // another site the SameSite=Strict cookie does not come at all, so there is nothing to end.
      expect(answers["/graphql"]).toBeGreaterThanOrEqual(400);
      expect([host, answers["/session/end"]]).toEqual([host, host === "127.0.0.1" ? 403 : 204]);
      await page.close();
      attacker.close();
    }
    expect((await delivered())[0].acknowledged_at).toBeNull();
    await p.reload();
    await p.getByRole("heading", { level: 1, name: "My cases" }).waitFor();
  }, 60_000);

  it("signs out in one tab and every tab follows; the session is over on the server", async () => {
    const p = w.page;
    const other = await w.context.newPage();
    await other.goto(`${base}/papers`);
    await other.getByRole("heading", { level: 1, name: "Papers" }).waitFor();
    await other.getByTestId("connection").filter({ hasText: "Live" }).waitFor();

    await p.getByRole("link", { name: "Sign out" }).click();
    await p.getByText("You have signed out.").waitFor();
    await other.getByRole("heading", { name: "Sign in to Proceedings Hub" }).waitFor();
    await other.getByText("You have signed out.").waitFor();
    expect(await w.context.cookies(base)).toEqual([]);
    const [live] = await hub.sql(`SELECT count(*)::int AS n FROM console_session WHERE ended_at IS NULL AND user_id IS NOT NULL`);
    expect(live.n).toBe(0);
    await other.goto(`${base}/papers`);
    await other.getByRole("heading", { name: "Sign in to Proceedings Hub" }).waitFor();
    await other.close();
  }, 60_000);

  it("warns two minutes before the idle end with a way to stay signed in, and says why at the end", async () => {
    const v = await openPage(browser, base);
    const p = v.page;
    await p.clock.install();
    await signInAsDemo(p, base, "Grace Guardian");
    await p.getByTestId("connection").filter({ hasText: "Live" }).waitFor();
    // 27 minutes later: no warning yet (the hub noted the sign-in; the session ends 30 minutes on).
    await p.clock.fastForward(27 * 60_000);
    await expect(p.getByTestId("timeout-warning").count()).resolves.toBe(0);
    await p.clock.fastForward(60_000);
    const dialog = p.getByRole("alertdialog", { name: "You will be signed out soon" });
    await dialog.waitFor();
    await dialog.getByText("you will be signed out in 2 minutes").waitFor();
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe("Stay signed in");
    expect((await axeViolations(p)).map((x) => x.id)).toEqual([]);
    await dialog.getByRole("button", { name: "Stay signed in" }).click();
    await dialog.waitFor({ state: "detached" });

    // Left alone again, past the end: the hub has ended the session, and the sign-in page says why.
    await p.clock.fastForward(27 * 60_000);
    await dialog.waitFor();
    await hub.sql(
      `UPDATE console_session SET last_seen_at = now() - interval '31 minutes' WHERE ended_at IS NULL AND user_id = (SELECT id FROM hub_user WHERE subject = 'guardian.grace')`,
    );
    await p.clock.fastForward(3 * 60_000);
    await p.getByRole("heading", { name: "Sign in to Proceedings Hub" }).waitFor();
    await p.getByText("You were signed out because you had not used Proceedings Hub for a while").waitFor();
    const [row] = await hub.sql(
      `SELECT end_reason FROM console_session s JOIN hub_user u ON u.id = s.user_id WHERE u.subject = 'guardian.grace' ORDER BY s.created_at DESC LIMIT 1`,
    );
    expect(row.end_reason).toBe("IDLE");
    await v.context.close();
  }, 60_000);
});
