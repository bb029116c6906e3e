import crypto from "node:crypto";
import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";

const OPTIONS = `{ signInOptions { providers { displayName issuer discoveryUrl clientId scope } demoUsers { subject displayName roles organisationName } } }`;
const DEMO = `mutation($s: String!) { signInAsDemoUser(subject: $s) { token expiresAt } }`;

describe("sign-in options for the console", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it("lists the demo users without a token while the development issuer is trusted, and signs one in", async () => {
    const res = await hub.gql(null, OPTIONS);
    expect(res.errors).toBeUndefined();
    expect(res.data.signInOptions.demoUsers).toContainEqual({
      subject: DEMO_USERS.iroAlex,
      displayName: "Alex IRO",
      roles: ["IRO"],
      organisationName: "Northshire IRO Service",
    });
    expect(res.data.signInOptions.demoUsers).toHaveLength(11);

    const session = await hub.gql(null, DEMO, { s: DEMO_USERS.iroAlex });
    expect(session.errors).toBeUndefined();
    const { token, expiresAt } = session.data.signInAsDemoUser;
    expect(new Date(expiresAt).getTime() - Date.now()).toBeGreaterThan(55 * 60_000);
    expect((await hub.gql(token, "{ me { user { displayName } } }")).data.me.user.displayName).toBe("Alex IRO");
    expect(codes(await hub.gql(null, DEMO, { s: "nobody" }))).toEqual(["NOT_FOUND"]);
  });

  it("lists the identity providers registered for console sign-in", async () => {
    const { publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const reg = await hub.gql(DEMO_USERS.admin, `mutation($i: RegisterTrustedIssuerInput!) { registerTrustedIssuer(input: $i) { id discoveryUrl clientId } }`, {
      i: {
        issuer: "https://login.northshire.example",
        audience: "proceedings-hub",
        algorithms: ["ES256"],
        publicKeys: [publicKey.export({ type: "spki", format: "pem" }).toString()],
        discoveryUrl: "https://login.northshire.example/.well-known/openid-configuration",
        clientId: "hub-console",
        displayName: "Northshire staff sign-in",
      },
    });
    expect(reg.errors).toBeUndefined();
    const half = await hub.gql(DEMO_USERS.admin, `mutation($i: RegisterTrustedIssuerInput!) { registerTrustedIssuer(input: $i) { id } }`, {
      i: {
        issuer: "https://half.example",
        audience: "hub",
        algorithms: ["ES256"],
        publicKeys: [publicKey.export({ type: "spki", format: "pem" }).toString()],
        clientId: "x",
      },
    });
    expect(codes(half)).toEqual(["BAD_USER_INPUT"]);
    const res = await hub.gql(null, OPTIONS);
    expect(res.data.signInOptions.providers).toEqual([
      {
        displayName: "Northshire staff sign-in",
        issuer: "https://login.northshire.example",
        discoveryUrl: "https://login.northshire.example/.well-known/openid-configuration",
        clientId: "hub-console",
        scope: "openid profile email",
      },
    ]);
  });
});

describe("sign-in options when the development issuer is off", () => {
  let hub: TestHub;
  beforeAll(async () => {
    const demo = await startTestHub();
    await demo.server.close();
    hub = await startTestHub({ attachTo: demo, config: { devIssuer: { ...demo.runtime.config.devIssuer, enabled: false } } });
    await demo.dataSource.destroy();
  });
  afterAll(() => hub.stop());

  it("offers no demo users and signs nobody in", async () => {
    expect((await hub.gql(null, OPTIONS)).data.signInOptions.demoUsers).toEqual([]);
    expect(codes(await hub.gql(null, DEMO, { s: DEMO_USERS.admin }))).toEqual(["NOT_FOUND"]);
  });
});
