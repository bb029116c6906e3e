import { ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { Browser } from "playwright-core";
import { startTestHub, TestHub, DEMO_USERS } from "./support/test-hub";
import { ROOT } from "./support/hub-process";
import { describeInBrowser, launch, openPage, axeViolations, type Watched } from "./support/browser";

// Signing in to the console with an organisation's own identity provider: OpenID Connect code
// flow with PKCE against a real provider (oidc-provider) run by the test, tokens renewed before
// they expire (the provider issues 20-second access tokens), and sign-out forgetting them.

const TTL = 20;

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

  it("signs in with code flow and PKCE, keeps the token in memory, renews it before expiry, and forgets it on sign-out", async () => {
    const p = w.page;
    const tokenRequests: string[] = [];
    p.on("request", (r) => {
      if (r.url() === `${provider.issuer}/token`) tokenRequests.push(r.postData() ?? "");
    });
    const sockets: string[] = [];
    p.on("websocket", (ws) => sockets.push(ws.url()));

    await p.goto(`${base}/`);
    await p.getByRole("button", { name: "Southshire staff" }).click();
    // The provider's own login page, on its own origin.
    await p.waitForURL(`${provider.issuer}/interaction/**`);
    await p.getByLabel("Username").fill("s.iro-001");
    await p.getByLabel("Password").fill("correct horse");
    await p.getByRole("button", { name: "Sign in" }).click();
    await p.waitForURL(`${base}/**`);
    await p.getByRole("heading", { level: 1, name: "My cases" }).waitFor();
    await p.getByText("Sol Southshire (IRO, Southshire IRO Service)").waitFor();
    await p.getByTestId("connection").filter({ hasText: "Live" }).waitFor();
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]).toMatch(/grant_type=authorization_code/);
    expect(tokenRequests[0]).toMatch(/code_verifier=/);
    expect((await axeViolations(p)).map((v) => v.id)).toEqual([]);

    // Nothing of the token outside memory: not in storage, not in cookies on the hub's origin.
    const stored = await p.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toMatch(/eyJ/);

    // Past the token's lifetime: renewed with the refresh token, the socket reconnected with the
    // new token, and the console still works.
    await p.waitForTimeout((TTL + 8) * 1000);
    expect(tokenRequests.some((b) => /grant_type=refresh_token/.test(b))).toBe(true);
    expect(sockets.length).toBeGreaterThan(1);
    await p.getByRole("link", { name: "Caseload" }).click();
    await p.getByRole("heading", { level: 1, name: "Caseload" }).waitFor();
    await p.getByTestId("connection").filter({ hasText: "Live" }).waitFor();
    await expect(p.getByText("Sign in to Proceedings Hub").count()).resolves.toBe(0);

    // Sign out: back to the sign-in page, and the app no longer has a token to use.
    await p.getByRole("link", { name: "Sign out" }).click();
    await p.getByRole("heading", { name: "Sign in to Proceedings Hub" }).waitFor();
    await p.getByText("You have signed out.").waitFor();
    await p.goto(`${base}/caseload`);
    await p.getByRole("heading", { name: "Sign in to Proceedings Hub" }).waitFor();
    expect(w.problems).toEqual([]);
    expect(w.foreignRequests.every((u) => u.startsWith(provider.issuer))).toBe(true);
  }, 90_000);
});
