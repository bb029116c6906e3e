import crypto from "node:crypto";
import jwt from "jsonwebtoken";
import WebSocket from "ws";
import { createClient } from "graphql-ws";
import { startTestHub, TestHub, codes, DEMO_USERS, ISSUER, AUDIENCE } from "./support/test-hub";
import { CLOSE_ACCESS_ENDED, CLOSE_UNAUTHENTICATED } from "../src/server";
import { eventually } from "./support/hub-process";

const ME = "{ me { user { displayName } } }";

/** Opens a graphql-ws connection and reports how it ends: the close code and reason, or "open". */
function connect(hub: TestHub, token: string | null, waitMs = 400): Promise<{ code: number; reason: string } | "open"> {
  return new Promise((resolve) => {
    const client = createClient({
      url: hub.server.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: token === null ? {} : { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
    });
    let settled = false;
    client.on("closed", (e) => {
      if (settled) return;
      settled = true;
      const { code, reason } = e as { code: number; reason: string };
      resolve({ code, reason });
    });
    client.on("connected", () =>
      setTimeout(() => {
        if (settled) return;
        settled = true;
        void client.dispose();
        resolve("open");
      }, waitMs),
    );
  });
}

describe("token verification, hardened", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const sign = (key: crypto.KeyObject | string, alg: jwt.Algorithm, extra: jwt.SignOptions = {}, payload: object = {}) =>
    jwt.sign(payload, key, { algorithm: alg, issuer: ISSUER, audience: AUDIENCE, subject: DEMO_USERS.iroAlex, expiresIn: 300, ...extra });

  it("refuses a token whose header lists critical extensions (RFC 7515 4.1.11)", async () => {
    const token = sign(hub.keys.privateKeyPem, "ES256", { header: { alg: "ES256", crit: ["exp"], exp: 1 } as jwt.JwtHeader });
    const res = await hub.gql(token, ME);
    expect(codes(res)).toEqual(["UNAUTHENTICATED"]);
    expect(res.errors![0].message).toBe("The token could not be verified");
    // The same token without crit is fine: the refusal is for crit alone.
    expect((await hub.gql(sign(hub.keys.privateKeyPem, "ES256"), ME)).data.me.user.displayName).toBe("Alex IRO");
  });

  it("verifies across key types while an issuer rotates from RSA to EC, picking the key by kid or by type", async () => {
    const rsa = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const ec = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const ecJwk = { ...(ec.publicKey.export({ format: "jwk" }) as object), kid: "ec-2026", use: "sig" };
    const issuer = "https://idp.rotating.example";
    const admin = (q: string, v: Record<string, unknown>) => hub.gql(DEMO_USERS.admin, q, v);
    const reg = await admin(`mutation($i: RegisterTrustedIssuerInput!) { registerTrustedIssuer(input: $i) { id } }`, {
      i: {
        issuer,
        audience: "hub",
        algorithms: ["RS256", "ES256"],
        publicKeys: [rsa.publicKey.export({ type: "spki", format: "pem" }).toString(), JSON.stringify(ecJwk)],
      },
    });
    expect(reg.errors).toBeUndefined();
    const org = await admin(`mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { id } }`, {
      i: { name: "Rotating Cafcass", kind: "CAFCASS_AREA", issuerId: reg.data.registerTrustedIssuer.id },
    });
    await admin(`mutation($i: RegisterUserInput!) { registerUser(input: $i) { id } }`, {
      i: { organisationId: org.data.registerOrganisation.id, subject: "rot-1", displayName: "Rota Guardian", email: "r@rot.example", roles: ["GUARDIAN"] },
    });
    const as = (key: crypto.KeyObject, alg: jwt.Algorithm, kid?: string) =>
      jwt.sign({}, key, { algorithm: alg, issuer, audience: "hub", subject: "rot-1", expiresIn: 300, ...(kid ? { keyid: kid } : {}) });

    for (const token of [as(ec.privateKey, "ES256"), as(ec.privateKey, "ES256", "ec-2026"), as(rsa.privateKey, "RS256")]) {
      const res = await hub.gql(token, ME);
      expect(res.errors).toBeUndefined();
      expect(res.data.me.user.displayName).toBe("Rota Guardian");
    }
    // A kid that names the EC key cannot smuggle an RSA signature past it, nor the reverse.
    expect(codes(await hub.gql(as(rsa.privateKey, "RS256", "ec-2026"), ME))).toEqual(["UNAUTHENTICATED"]);
    const stranger = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    expect(codes(await hub.gql(as(stranger.privateKey, "ES256", "ec-2026"), ME))).toEqual(["UNAUTHENTICATED"]);
  });

  it("gives one message for an unknown issuer, an unaccepted algorithm and a bad signature", async () => {
    const other = crypto.generateKeyPairSync("ec", { namedCurve: "P-384" });
    const rsa = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const tokens = [
      hub.token(DEMO_USERS.iroAlex, { issuer: "https://unknown.example" }),
      sign(other.privateKey, "ES384"), // the dev issuer registers ES256 only
      sign(rsa.privateKey, "RS256"),
      sign(crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey, "ES256"),
      hub.token(DEMO_USERS.iroAlex, { audience: "someone-else" }),
    ];
    const messages = new Set<string>();
    for (const token of tokens) {
      const res = await hub.gql(token, ME);
      expect(res.status).toBe(401);
      messages.add(res.errors![0].message);
    }
    expect([...messages]).toEqual(["The token could not be verified"]);
    // After a good signature the caller is told what is wrong with their own token.
    expect((await hub.gql(hub.token(DEMO_USERS.iroAlex, { expiresInSeconds: -120 }), ME)).errors![0].message).toBe("The token has expired");
  });

  it("closes refused sockets with a code that says why: 4401 to sign in again, 4403 when access has ended", async () => {
    expect(await connect(hub, null)).toEqual({ code: CLOSE_UNAUTHENTICATED, reason: "Token required" });
    expect(await connect(hub, "not-a-token")).toEqual({ code: CLOSE_UNAUTHENTICATED, reason: "Malformed token" });
    expect(await connect(hub, hub.token(DEMO_USERS.iroAlex, { expiresInSeconds: -120 }))).toEqual({ code: CLOSE_UNAUTHENTICATED, reason: "Token expired" });
    expect(await connect(hub, hub.token(DEMO_USERS.iroAlex, { issuer: "https://unknown.example" }))).toEqual({
      code: CLOSE_UNAUTHENTICATED,
      reason: "Token not accepted",
    });
    const [u] = await hub.sql("SELECT id FROM hub_user WHERE subject = $1", [DEMO_USERS.iroBea]);
    await hub.gql(DEMO_USERS.admin, `mutation($id: ID!) { deactivateUser(userId: $id) { id } }`, { id: u.id });
    try {
      expect(await connect(hub, hub.token(DEMO_USERS.iroBea))).toEqual({ code: CLOSE_ACCESS_ENDED, reason: "Access ended" });
    } finally {
      await hub.gql(DEMO_USERS.admin, `mutation($id: ID!) { reactivateUser(userId: $id) { id } }`, { id: u.id });
    }
  });

  it("keeps a socket open for a token valid for months, and closes one at its expiry plus the clock tolerance", async () => {
    // 60 days: beyond setTimeout's 24.8-day range, which used to fire at once.
    expect(await connect(hub, hub.token(DEMO_USERS.iroAlex, { expiresInSeconds: 60 * 24 * 3600 }), 600)).toBe("open");
    // Expired 5 s ago but within the 30 s tolerance HTTP allows: accepted on both transports.
    const skewed = hub.token(DEMO_USERS.iroAlex, { expiresInSeconds: -5 });
    expect((await hub.gql(skewed, ME)).errors).toBeUndefined();
    expect(await connect(hub, skewed)).toBe("open");
    // Expires (with tolerance) about 1.5 s from now: the hub closes the socket then, with 4401.
    const short = hub.token(DEMO_USERS.iroAlex, { expiresInSeconds: -(hub.runtime.config.jwtClockToleranceSeconds - 2) });
    const started = Date.now();
    expect(await connect(hub, short, 5000)).toEqual({ code: CLOSE_UNAUTHENTICATED, reason: "Token expired" });
    expect(Date.now() - started).toBeGreaterThan(500);
  });
});

describe("the development issuer when DEV_ISSUER is off", () => {
  let hub: TestHub;
  beforeAll(async () => {
    // The demo database (with the development issuer registered) served by a hub started with
    // the development issuer off, as a deployment that once ran the demo would be.
    const demo = await startTestHub();
    await demo.server.close();
    hub = await startTestHub({ attachTo: demo, config: { devIssuer: { ...demo.runtime.config.devIssuer, enabled: false } } });
    await demo.dataSource.destroy();
  });
  afterAll(() => hub.stop());

  it("no longer trusts its registration, over HTTP or WebSocket", async () => {
    const res = await hub.gql(DEMO_USERS.admin, ME);
    expect(codes(res)).toEqual(["UNAUTHENTICATED"]);
    expect(await connect(hub, hub.token(DEMO_USERS.admin))).toEqual({ code: CLOSE_UNAUTHENTICATED, reason: "Token not accepted" });
  });
});

describe("sockets that leave while they are being signed in", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it("are not held: a client that closes during connection_init leaves nothing behind", async () => {
    const token = hub.token(DEMO_USERS.iroAlex);
    await Promise.all(
      Array.from({ length: 200 }, () => {
        return new Promise<void>((resolve) => {
          const ws = new WebSocket(hub.server.wsUrl, "graphql-transport-ws");
          ws.on("open", () => {
            ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } }));
            // Gone before the hub has checked the token.
            ws.terminate();
          });
          ws.on("close", () => resolve());
          ws.on("error", () => resolve());
        });
      }),
    );
    // And some that stay and then leave normally.
    const stayers = Array.from({ length: 5 }, () => hub.ws(DEMO_USERS.iroAlex));
    await Promise.all(stayers.map((c) => hub.wsRequest(c, "{ me { user { id } } }")));
    expect(hub.server.trackedSockets()).toBe(5);
    await Promise.all(stayers.map((c) => c.dispose()));
    for (let i = 0; i < 50 && hub.server.trackedSockets() > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(hub.server.trackedSockets()).toBe(0);
  });
});

describe("remembered tokens", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it("are forgotten at once when what the principal was built from changes, even straight in the database", async () => {
    // The default: a verified token is remembered for 30 s.
    expect(hub.runtime.config.rememberTokensSeconds).toBe(30);
    const CASELOADS = `{ iroCaseloads { iroId } }`;
    expect(codes(await hub.gql(DEMO_USERS.iroManager, CASELOADS))).toEqual([]);
    // The manager's role taken away by hand, as an administrator of the database might.
    await hub.sql("UPDATE hub_user SET roles = '{IRO}' WHERE subject = $1", [DEMO_USERS.iroManager]);
    const started = Date.now();
    await eventually(async () => codes(await hub.gql(DEMO_USERS.iroManager, CASELOADS))[0] === "FORBIDDEN", 5_000, "the new role to apply");
    expect(Date.now() - started).toBeLessThan(5_000);
    // An organisation's change reaches everyone's remembered principal too (a manager's scope comes from it).
    await hub.sql("UPDATE hub_user SET roles = '{IRO_MANAGER}' WHERE subject = $1", [DEMO_USERS.iroManager]);
    await eventually(async () => codes(await hub.gql(DEMO_USERS.iroManager, CASELOADS)).length === 0, 5_000, "the role back");
    const before = (await hub.gql(DEMO_USERS.iroManager, `{ myCases(first: 50) { edges { node { id } } } }`)).data.myCases.edges.length;
    expect(before).toBeGreaterThan(0);
    const [{ id: other }] = await hub.sql(
      "INSERT INTO organisation (id, name, kind, issuer_id) SELECT gen_random_uuid(), 'Southshire County Council', 'LOCAL_AUTHORITY', issuer_id FROM organisation WHERE name = 'Northshire IRO Service' RETURNING id",
    );
    await hub.sql("UPDATE organisation SET local_authority_id = $1 WHERE name = 'Northshire IRO Service'", [other]);
    await eventually(
      async () => (await hub.gql(DEMO_USERS.iroManager, `{ myCases(first: 50) { edges { node { id } } } }`)).data.myCases.edges.length === 0,
      5_000,
      "the manager's scope to follow their organisation",
    );
  });
});
