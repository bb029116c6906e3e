import crypto from "node:crypto";
import jwt from "jsonwebtoken";
import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";

const REGISTER = `mutation($i: RegisterServiceAccountInput!) { registerServiceAccount(input: $i) { id name role issuer subject audience active } }`;

function keyPair() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

describe("service accounts: an organisation's systems call the hub with their own keys", () => {
  let hub: TestHub;
  const key = keyPair();
  let account: { id: string; issuer: string; subject: string; audience: string };

  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const sign = (claims: Record<string, unknown>, privateKeyPem = key.privateKeyPem, kid?: string) =>
    jwt.sign({ exp: Math.floor(Date.now() / 1000) + 300, ...claims }, privateKeyPem, { algorithm: "ES256", ...(kid ? { keyid: kid } : {}) });
  const asAccount = (privateKeyPem = key.privateKeyPem) => sign({ iss: account.issuer, sub: account.subject, aud: account.audience }, privateKeyPem);

  it("registers a machine client of the administrator's own organisation, in one of its case roles", async () => {
    const res = await hub.gql(DEMO_USERS.orgAdmin, REGISTER, {
      i: { name: "Northshire case management system", role: "LA_LEGAL", publicKeys: [key.publicKeyPem] },
    });
    expect(res.errors).toBeUndefined();
    account = res.data.registerServiceAccount;
    // An organisation's administrator sees no cases: the account waits for a hub administrator.
    expect(account).toMatchObject({ name: "Northshire case management system", role: "LA_LEGAL", audience: "proceedings-hub", active: false });
    expect(account.issuer).toBe(`urn:proceedings-hub:service-account:${account.subject}`);

    // Only the organisation's own case roles; never an administrator's; never for another organisation.
    const bad = (i: Record<string, unknown>) => hub.gql(DEMO_USERS.orgAdmin, REGISTER, { i: { name: "x system", publicKeys: [key.publicKeyPem], ...i } });
    expect(codes(await bad({ role: "IRO" }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await bad({ role: "ORGANISATION_ADMIN" }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await bad({ role: "LA_LEGAL", publicKeys: ["not a key"] }))).toEqual(["BAD_USER_INPUT"]);
    const [{ id: court }] = await hub.sql("SELECT id FROM organisation WHERE kind = 'COURT'");
    expect(codes(await bad({ role: "COURT", organisationId: court }))).toEqual(["NOT_FOUND"]);
    expect(codes(await hub.gql(DEMO_USERS.legal, REGISTER, { i: { name: "x system", role: "LA_LEGAL", publicKeys: [key.publicKeyPem] } }))).toEqual([
      "FORBIDDEN",
    ]);
  });

  it("is switched on by a hub administrator, not by the organisation's", async () => {
    expect(codes(await hub.gql(asAccount(), `{ me { user { id } } }`))).toEqual(["UNAUTHENTICATED"]);
    const on = `mutation($id: ID!) { setServiceAccountActive(id: $id, active: true) { active } }`;
    expect(codes(await hub.gql(DEMO_USERS.orgAdmin, on, { id: account.id }))).toEqual(["FORBIDDEN"]);
    expect((await hub.gql(DEMO_USERS.admin, on, { id: account.id })).data.setServiceAccountActive.active).toBe(true);
  });

  it("signs in with its own key and sees what its role sees, audited under its name", async () => {
    const token = asAccount();
    const me = await hub.gql(token, `{ me { user { displayName roles serviceAccount } organisation { name } } }`);
    expect(me.data.me).toEqual({
      user: { displayName: "Northshire case management system", roles: ["LA_LEGAL"], serviceAccount: true },
      organisation: { name: "Northshire County Council" },
    });
    const cases = await hub.gql(token, `{ myCases(first: 10) { edges { node { courtCaseNumber } } } }`);
    expect(cases.data.myCases.edges.map((e: { node: { courtCaseNumber: string } }) => e.node.courtCaseNumber).sort()).toEqual(["NS26C00041", "NS26C00057"]);
    const audited = await hub.sql(
      "SELECT a.operation, u.display_name FROM audit_entry a JOIN hub_user u ON u.id = a.user_id WHERE a.user_id = $1 AND a.operation = 'Query.myCases'",
      [account.id],
    );
    expect(audited[0]).toEqual({ operation: "Query.myCases", display_name: "Northshire case management system" });
    // The same over WebSocket.
    const ws = await hub.wsRequest(hub.ws(token), `{ me { user { displayName } } }`);
    expect(ws.data.me.user.displayName).toBe("Northshire case management system");
  });

  it("refuses tokens its key did not sign, or that claim anyone else", async () => {
    const stranger = keyPair();
    expect(codes(await hub.gql(asAccount(stranger.privateKeyPem), `{ me { user { id } } }`))).toEqual(["UNAUTHENTICATED"]);
    // Its key cannot sign in a person (users are looked up under the account's own issuer)...
    expect(codes(await hub.gql(sign({ iss: account.issuer, sub: DEMO_USERS.legal, aud: account.audience }), `{ me { user { id } } }`))).toEqual([
      "UNAUTHENTICATED",
    ]);
    // ...nor speak for another issuer, nor for another audience.
    const [{ issuer: dev }] = await hub.sql("SELECT issuer FROM trusted_issuer WHERE development");
    expect(codes(await hub.gql(sign({ iss: dev, sub: DEMO_USERS.legal, aud: account.audience }), `{ me { user { id } } }`))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await hub.gql(sign({ iss: account.issuer, sub: account.subject, aud: "another-service" }), `{ me { user { id } } }`))).toEqual([
      "UNAUTHENTICATED",
    ]);
  });

  it("rotates keys and is switched off at once", async () => {
    const next = keyPair();
    const rotated = await hub.gql(DEMO_USERS.orgAdmin, `mutation($id: ID!, $k: [String!]!) { rotateServiceAccountKeys(id: $id, publicKeys: $k) { id } }`, {
      id: account.id,
      k: [next.publicKeyPem],
    });
    expect(rotated.errors).toBeUndefined();
    expect(codes(await hub.gql(asAccount(), `{ me { user { id } } }`))).toEqual(["UNAUTHENTICATED"]);
    // New keys from the organisation's side wait for the hub administrator too.
    expect(codes(await hub.gql(asAccount(next.privateKeyPem), `{ me { user { id } } }`))).toEqual(["UNAUTHENTICATED"]);
    await hub.gql(DEMO_USERS.admin, `mutation($id: ID!) { setServiceAccountActive(id: $id, active: true) { active } }`, { id: account.id });
    expect((await hub.gql(asAccount(next.privateKeyPem), `{ me { user { id } } }`)).data.me.user.id).toBe(account.id);
    expect(
      codes(
        await hub.gql(
          DEMO_USERS.orgAdmin,
          `mutation($id: ID!, $k: [String!]!) { rotateServiceAccountKeys(id: $id, publicKeys: $k, algorithms: ["HS256"]) { id } }`,
          {
            id: account.id,
            k: [next.publicKeyPem],
          },
        ),
      ),
    ).toEqual(["BAD_USER_INPUT"]);

    const listed = await hub.gql(DEMO_USERS.orgAdmin, `{ serviceAccounts { id name active } }`);
    expect(listed.data.serviceAccounts).toEqual([{ id: account.id, name: "Northshire case management system", active: true }]);
    const off = await hub.gql(DEMO_USERS.orgAdmin, `mutation($id: ID!) { setServiceAccountActive(id: $id, active: false) { active } }`, { id: account.id });
    expect(off.data.setServiceAccountActive.active).toBe(false);
    expect(codes(await hub.gql(asAccount(next.privateKeyPem), `{ me { user { id } } }`))).toEqual(["UNAUTHENTICATED"]);
    // Its issuer is not listed among the organisations' identity providers.
    const issuers = (await hub.gql(DEMO_USERS.admin, `{ trustedIssuers { issuer } }`)).data.trustedIssuers.map((i: { issuer: string }) => i.issuer);
    expect(issuers).not.toContain(account.issuer);
  });
});
