import { generateKeyPairSync } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import jwt from "jsonwebtoken";
import { startTestHub, TestHub } from "./support/test-hub";

// A real deployment has no development issuer: `npm run bootstrap-admin` trusts the operator's
// identity provider and registers the first administrator, who then works through the API.
describe("bootstrapping the first administrator", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ seed: false });
  });
  afterAll(() => hub.stop());

  it("registers an administrator who signs in with the operator's own issuer", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hub-idp-")), "idp.pem");
    fs.writeFileSync(keyFile, publicKey.export({ type: "spki", format: "pem" }));
    const script = path.resolve(__dirname, "../src/scripts/bootstrap-admin.js");
    const argv = [
      script,
      "--issuer",
      "https://idp.operator.example",
      "--audience",
      "hub-prod",
      "--public-key-file",
      keyFile,
      "--subject",
      "op-1",
      "--name",
      "Ada Admin",
      "--email",
      "ada@operator.example",
    ];
    const env = { ...process.env, DATABASE_URL: hub.databaseUrl };

    const run = spawnSync(process.execPath, argv, { env, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const again = spawnSync(process.execPath, argv, { env, encoding: "utf8" });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already a hub user/);

    const token = jwt.sign({}, privateKey, {
      algorithm: "RS256",
      issuer: "https://idp.operator.example",
      audience: "hub-prod",
      subject: "op-1",
      expiresIn: 300,
    });
    const me = await hub.gql(token, `{ me { user { displayName roles } organisation { kind } } }`);
    expect(me.data.me).toEqual({ user: { displayName: "Ada Admin", roles: ["HUB_ADMIN"] }, organisation: { kind: "HUB" } });
    const orgs = await hub.gql(token, `{ organisations { name kind } }`);
    expect(orgs.data.organisations).toEqual([{ name: "Proceedings Hub", kind: "HUB" }]);
  });
});
