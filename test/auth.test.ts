import crypto from "node:crypto";
import jwt from "jsonwebtoken";
import { startTestHub, TestHub, codes, DEMO_USERS, ISSUER, AUDIENCE } from "./support/test-hub";
import { CLOSE_ACCESS_ENDED, CLOSE_UNAUTHENTICATED } from "../src/server";

const ME = "{ me { user { displayName roles } organisation { name kind } } }";

describe("identity: bearer tokens over HTTP and WebSocket", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it("signs a registered user in from a valid token", async () => {
    const res = await hub.gql(DEMO_USERS.iroAlex, ME);
    expect(res.errors).toBeUndefined();
    expect(res.data.me).toEqual({
      user: { displayName: "Alex IRO", roles: ["IRO"] },
      organisation: { name: "Northshire IRO Service", kind: "IRO_SERVICE" },
    });
  });

  it("asks for a token when there is none", async () => {
    const res = await hub.gql(null, ME);
    expect(codes(res)).toEqual(["UNAUTHENTICATED"]);
  });

  const refused: [string, () => string][] = [
    ["an expired token", () => hub.token(DEMO_USERS.iroAlex, { expiresInSeconds: -120 })],
    ["a token not valid yet", () => hub.token(DEMO_USERS.iroAlex, { notBefore: 600 })],
    ["a token from an unknown issuer", () => hub.token(DEMO_USERS.iroAlex, { issuer: "https://evil.example" })],
    ["a token with the wrong audience", () => hub.token(DEMO_USERS.iroAlex, { audience: "another-service" })],
    ["a token for an unregistered subject", () => hub.token("nobody.here")],
    [
      "a token signed by another key",
      () => {
        const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
        return jwt.sign({}, privateKey, { algorithm: "ES256", issuer: ISSUER, audience: AUDIENCE, subject: DEMO_USERS.iroAlex, expiresIn: 600 });
      },
    ],
    [
      "an HS256 token keyed with the issuer's public key",
      () => jwt.sign({}, hub.keys.publicKeyPem, { algorithm: "HS256", issuer: ISSUER, audience: AUDIENCE, subject: DEMO_USERS.iroAlex, expiresIn: 600 }),
    ],
    [
      "an unsigned token (alg none)",
      () => jwt.sign({ iss: ISSUER, aud: AUDIENCE, sub: DEMO_USERS.iroAlex, exp: Math.floor(Date.now() / 1000) + 600 }, "", { algorithm: "none" }),
    ],
    [
      "a token without an expiry",
      () => jwt.sign({}, hub.keys.privateKeyPem, { algorithm: "ES256", issuer: ISSUER, audience: AUDIENCE, subject: DEMO_USERS.iroAlex }),
    ],
    ["garbage", () => "not.a.jwt"],
  ];

  it.each(refused)("refuses %s with 401 UNAUTHENTICATED", async (_name, make) => {
    const r = await fetch(hub.server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${make()}` },
      body: JSON.stringify({ query: ME }),
    });
    const body = (await r.json()) as { data?: unknown; errors: { extensions: { code: string }; message: string }[] };
    expect(r.status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors.map((e) => e.extensions.code)).toEqual(["UNAUTHENTICATED"]);
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.js/);
  });

  it("accepts a small clock skew", async () => {
    const res = await hub.gql(hub.token(DEMO_USERS.iroAlex, { notBefore: 10 }), ME);
    expect(res.errors).toBeUndefined();
  });

  it("authenticates WebSocket connections in connection_init", async () => {
    const client = hub.ws(DEMO_USERS.guardianGrace);
    const res = await hub.wsRequest(client, ME);
    expect(res.data.me.user.displayName).toBe("Grace Guardian");

    const refusedClient = hub.ws(hub.token(DEMO_USERS.guardianGrace, { audience: "another-service" }));
    await expect(hub.wsRequest(refusedClient, ME)).rejects.toMatchObject({ code: CLOSE_UNAUTHENTICATED, reason: "Token not accepted" });
  });

  it("ends a deactivated user's access at once, over HTTP and open sockets", async () => {
    const subject = "sw.temp";
    const [la] = await hub.sql("SELECT id FROM organisation WHERE kind = 'LOCAL_AUTHORITY'");
    const created = await hub.gql(DEMO_USERS.admin, `mutation($input: RegisterUserInput!) { registerUser(input: $input) { id active } }`, {
      input: { organisationId: la.id, subject, displayName: "Temp Worker", email: "temp@example.org.uk", roles: ["SOCIAL_WORKER"] },
    });
    expect(created.errors).toBeUndefined();
    const userId = created.data.registerUser.id;

    const socket = hub.ws(subject);
    expect((await hub.wsRequest(socket, ME)).data.me.user.displayName).toBe("Temp Worker");
    const closed = new Promise<number>((resolve) => socket.on("closed", (e) => resolve((e as { code: number }).code)));

    const off = await hub.gql(DEMO_USERS.admin, `mutation($id: ID!) { deactivateUser(userId: $id) { active deactivatedAt } }`, { id: userId });
    expect(off.data.deactivateUser.active).toBe(false);

    expect(await closed).toBe(CLOSE_ACCESS_ENDED);
    expect(codes(await hub.gql(subject, ME))).toEqual(["UNAUTHENTICATED"]);

    await hub.gql(DEMO_USERS.admin, `mutation($id: ID!) { reactivateUser(userId: $id) { active } }`, { id: userId });
    expect((await hub.gql(subject, ME)).data.me.user.displayName).toBe("Temp Worker");
  });

  it("forgets a remembered token at once when access ends, in this process and in another", async () => {
    const subject = "sw.remembered";
    const [la] = await hub.sql("SELECT id FROM organisation WHERE kind = 'LOCAL_AUTHORITY'");
    const created = await hub.gql(DEMO_USERS.admin, `mutation($input: RegisterUserInput!) { registerUser(input: $input) { id } }`, {
      input: { organisationId: la.id, subject, displayName: "Remembered", email: "r@example.org.uk", roles: ["SOCIAL_WORKER"] },
    });
    const userId = created.data.registerUser.id;
    const other = await startTestHub({ attachTo: hub });
    try {
      // One token, used again and again as a client does: both processes now remember it.
      const token = hub.token(subject);
      expect((await hub.gql(token, ME)).data.me.user.displayName).toBe("Remembered");
      expect((await other.gql(token, ME)).data.me.user.displayName).toBe("Remembered");
      await hub.gql(DEMO_USERS.admin, `mutation($id: ID!) { deactivateUser(userId: $id) { active } }`, { id: userId });
      // This process forgot it when the change committed, before answering.
      expect(codes(await hub.gql(token, ME))).toEqual(["UNAUTHENTICATED"]);
      // The other hears of it by NOTIFY, within moments.
      let refused = false;
      for (let i = 0; i < 100 && !refused; i++) {
        refused = codes(await other.gql(token, ME))[0] === "UNAUTHENTICATED";
        if (!refused) await new Promise((r) => setTimeout(r, 20));
      }
      expect(refused).toBe(true);
    } finally {
      await other.stop();
    }
  });

  it("lets an administrator trust a new organisation's issuer, and its users sign in with it", async () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    const admin = (q: string, v: Record<string, unknown>) => hub.gql(DEMO_USERS.admin, q, v);

    const wrongKey = await admin(`mutation($i: RegisterTrustedIssuerInput!) { registerTrustedIssuer(input: $i) { id } }`, {
      i: { issuer: "https://idp.south.example", audience: "hub", algorithms: ["ES256"], publicKeys: [pem] },
    });
    expect(codes(wrongKey)).toEqual(["BAD_USER_INPUT"]);
    const symmetric = await admin(`mutation($i: RegisterTrustedIssuerInput!) { registerTrustedIssuer(input: $i) { id } }`, {
      i: { issuer: "https://idp.south.example", audience: "hub", algorithms: ["HS256"], publicKeys: [pem] },
    });
    expect(codes(symmetric)).toEqual(["BAD_USER_INPUT"]);

    const issuer = await admin(`mutation($i: RegisterTrustedIssuerInput!) { registerTrustedIssuer(input: $i) { id issuer audience algorithms } }`, {
      i: { issuer: "https://idp.south.example", audience: "hub", algorithms: ["RS256"], publicKeys: [pem] },
    });
    expect(issuer.data.registerTrustedIssuer).toMatchObject({ issuer: "https://idp.south.example", audience: "hub", algorithms: ["RS256"] });
    const listed = await hub.gql(DEMO_USERS.admin, `{ trustedIssuers { issuer development } }`);
    expect(listed.data.trustedIssuers).toContainEqual({ issuer: "https://idp.south.example", development: false });
    expect(listed.data.trustedIssuers).toContainEqual({ issuer: ISSUER, development: true });
    expect(codes(await hub.gql(DEMO_USERS.iroAlex, `{ trustedIssuers { issuer } }`))).toEqual(["FORBIDDEN"]);
    const org = await admin(`mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { id kind } }`, {
      i: { name: "Cafcass South", kind: "CAFCASS_AREA", issuerId: issuer.data.registerTrustedIssuer.id },
    });
    const user = await admin(`mutation($i: RegisterUserInput!) { registerUser(input: $i) { id organisation { name } } }`, {
      i: {
        organisationId: org.data.registerOrganisation.id,
        subject: "0001-guardian",
        displayName: "South Guardian",
        email: "g@south.example",
        roles: ["GUARDIAN"],
      },
    });
    expect(user.data.registerUser.organisation).toEqual({ name: "Cafcass South" });
    const wrongRole = await admin(`mutation($i: RegisterUserInput!) { registerUser(input: $i) { id } }`, {
      i: { organisationId: org.data.registerOrganisation.id, subject: "0002", displayName: "X", email: "x@south.example", roles: ["IRO"] },
    });
    expect(codes(wrongRole)).toEqual(["BAD_USER_INPUT"]);

    const token = jwt.sign({}, privateKey, {
      algorithm: "RS256",
      issuer: "https://idp.south.example",
      audience: "hub",
      subject: "0001-guardian",
      expiresIn: 300,
    });
    const me = await hub.gql(token, ME);
    expect(me.data.me).toEqual({ user: { displayName: "South Guardian", roles: ["GUARDIAN"] }, organisation: { name: "Cafcass South", kind: "CAFCASS_AREA" } });
    // The same subject from the development issuer is somebody else (or nobody).
    expect(codes(await hub.gql(hub.token("0001-guardian"), ME))).toEqual(["UNAUTHENTICATED"]);
  });
});
