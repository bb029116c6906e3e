import { ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { Browser } from "playwright-core";
import { startTestHub, TestHub, DEMO_USERS } from "./support/test-hub";
import { ROOT } from "./support/hub-process";
import { describeInBrowser, launch, openPage, axeViolations, type Watched } from "./support/browser";

// Signing in to the console with an organisation's own identity provider: the hub runs the
// OpenID Connect code flow with PKCE against a real provider (oidc-provider) run by the test,
// keeps the provider's tokens to itself and gives the browser a session cookie; the session
// outlives the provider's 20-second access token; sign-out ends it.

const TTL = 5;

function startProvider(spaOrigin: string): Promise<{ child: ChildProcess; issuer: string; publicKeyPem: string }> {
  const options = {
    spaOrigin,
    accessTokenTtl: TTL,
    accounts: { "s.iro-001": { password: "correct horse", name: "Sol Southshire", email: "sol@southshire.example" } },
  };
  const child = spawn(process.execPath, [path.join(ROOT, "test/support/oidc-provider.mjs"), JSON.stringify(options)], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve({ child, ...JSON.parse(line) });
    });
    child.stderr!.on("data", (d) => (out += d));
    child.once("exit", (code) => reject(new Error(`provider exited (${code}): ${out}`)));
  });
}

describeInBrowser("console: sign-in with an organisation's OpenID provider", () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let provider: { child: ChildProcess; issuer: string; publicKeyPem: string };
  let w: Watched;

  beforeAll(async () => {
    hub = await startTestHub();
    base = hub.server.url.replace(/\/graphql$/, "");
    provider = await startProvider(base);
    // An administrator trusts the provider for console sign-in and registers its organisation and user.
    const admin = (q: string, v: Record<string, unknown>) => hub.gql(DEMO_USERS.admin, q, v);
    const issuer = await admin(`mutation($i: RegisterTrustedIssuerInput!) { registerTrustedIssuer(input: $i) { id } }`, {
      i: {
        issuer: provider.issuer,
        audience: "proceedings-hub",
        algorithms: ["ES256"],
        publicKeys: [provider.publicKeyPem],
        discoveryUrl: `${provider.issuer}/.well-known/openid-configuration`,
        clientId: "proceedings-console",
        scope: "openid profile email proceedings",
        displayName: "Southshire staff",
      },
    });
    expect(issuer.errors).toBeUndefined();
    const [la] = await hub.sql("SELECT id FROM organisation WHERE kind = 'LOCAL_AUTHORITY'");
    const org = await admin(`mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { id } }`, {
      i: { name: "Southshire IRO Service", kind: "IRO_SERVICE", issuerId: issuer.data.registerTrustedIssuer.id, localAuthorityId: la.id },
    });
    const user = await admin(`mutation($i: RegisterUserInput!) { registerUser(input: $i) { id } }`, {
      i: {
        organisationId: org.data.registerOrganisation.id,
        subject: "s.iro-001",
        displayName: "Sol Southshire",
        email: "sol@southshire.example",
        roles: ["IRO"],
      },
    });
    expect(user.errors).toBeUndefined();
    browser = await launch();
    w = await openPage(browser, base);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    provider?.child.kill("SIGTERM");
    await hub?.stop();
  });

  it("signs in with code flow and PKCE run by the hub, leaves no token in the browser, and stays signed in past the provider token's lifetime", async () => {
    const p = w.page;
    const authorize: string[] = [];
    p.on("request", (r) => {
      if (r.url().startsWith(`${provider.issuer}/auth`)) authorize.push(r.url());
    });

    await p.goto(`${base}/caseload`);
    await p.getByRole("button", { name: "Southshire staff" }).click();
    // The provider's own login page, on its own origin.
    await p.waitForURL(`${provider.issuer}/interaction/**`);
    const asked = new URL(authorize[0]).searchParams;
    expect(asked.get("redirect_uri")).toBe(`${base}/signin/callback`);
    expect(asked.get("code_challenge_method")).toBe("S256");
    expect(asked.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await p.getByLabel("Username").fill("s.iro-001");
    await p.getByLabel("Password").fill("correct horse");
    await p.getByRole("button", { name: "Sign in" }).click();
    // Back where the person was going.
    await p.waitForURL(`${base}/caseload`);
    await p.getByRole("heading", { level: 1, name: "Caseload" }).waitFor();
    await p.getByText("Sol Southshire (IRO, Southshire IRO Service)").waitFor();
    await p.getByTestId("connection").filter({ hasText: "Live" }).waitFor();
    expect((await axeViolations(p)).map((v) => v.id)).toEqual([]);

    // The browser never saw a token: the code went to the hub, which exchanged it itself.
    const stored = await p.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toMatch(/eyJ/);
    expect(w.foreignRequests.some((u) => u.startsWith(`${provider.issuer}/token`))).toBe(false);
    // (The provider, on the same host, keeps cookies of its own.) The sign-in cookie is gone.
    expect((await w.context.cookies(base)).map((c) => c.name).filter((n) => n.startsWith("__Host-hub"))).toEqual(["__Host-hub-session"]);

    // Past the provider token's lifetime the hub's session goes on (its own idle and absolute ends).
    await p.waitForTimeout((TTL + 2) * 1000);
    await p.reload();
    await p.getByRole("heading", { level: 1, name: "Caseload" }).waitFor();
    await p.getByTestId("connection").filter({ hasText: "Live" }).waitFor();

    // The callback replayed in another browser (a stolen link) signs nobody in.
    const elsewhere = await browser.newContext();
    const replay = await elsewhere.newPage();
    await replay.goto(`${base}/signin/callback?code=stolen&state=${asked.get("state")}`);
    await replay.getByText("That sign-in took too long or was started in another browser").first().waitFor();
    expect(await elsewhere.cookies(base)).toEqual([]);
    await elsewhere.close();

    // Sign out: back to the sign-in page, and the session is over.
    await p.getByRole("link", { name: "Sign out" }).click();
    await p.getByRole("heading", { name: "Sign in to Proceedings Hub" }).waitFor();
    await p.getByText("You have signed out.").waitFor();
    await p.goto(`${base}/caseload`);
    await p.getByRole("heading", { name: "Sign in to Proceedings Hub" }).waitFor();
    expect(w.problems).toEqual([]);
    expect(w.foreignRequests.every((u) => u.startsWith(provider.issuer))).toBe(true);
  }, 90_000);
});
