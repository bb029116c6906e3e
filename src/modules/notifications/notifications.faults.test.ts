import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cloneDatabase, ISSUER, AUDIENCE, DEMO_USERS } from "../../../test/support/test-hub";
import { Client } from "pg";
import { ROOT, HubProcess, eventually, freePort, spawnHub } from "../../../test/support/hub-process";
import { startTestSmtp, TestSmtp } from "../../../test/support/smtp";
import { readDevIssuerKeys, signToken } from "../../core/auth/dev-issuer";

// The hub killed (SIGKILL) while the mail server holds its message: after a restart the message
// is sent again, once, with the same Message-ID, so nothing is lost and the receiver can tell.

describe("an email outbox whose hub is killed mid-send", () => {
  let smtp: TestSmtp;
  let hub: HubProcess;
  let env: NodeJS.ProcessEnv;
  let port: number;
  let keys: { privateKeyPem: string };
  let ownerUrl: string;
  const start = async () => {
    hub = spawnHub(process.execPath, [path.join(ROOT, "dist/src/main.js")], { env });
    await hub.waitFor("Proceedings Hub ready", 30_000);
  };
  const gql = async (subject: string, query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${signToken(keys, { issuer: ISSUER, audience: AUDIENCE, subject })}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: any[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  beforeAll(async () => {
    smtp = await startTestSmtp();
    port = await freePort();
    const db = await cloneDatabase();
    ownerUrl = db.ownerUrl;
    env = {
      ...process.env,
      DATABASE_URL: db.servingUrl,
      DATABASE_OWNER_URL: db.ownerUrl,
      DEV_ISSUER: "true",
      PORT: String(port),
      HOST: "127.0.0.1",
      HUB_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "hub-mail-faults-")),
      LOG_LEVEL: "info",
      SMTP_URL: smtp.url,
      EMAIL_SEND_INTERVAL_MS: "100",
      EMAIL_LEASE_SECONDS: "2",
    };
    await start();
    keys = readDevIssuerKeys(env.HUB_DATA_DIR!)!;
  }, 40_000);
  afterAll(async () => {
    if (hub.child.exitCode === null && hub.child.signalCode === null) hub.child.kill("SIGKILL");
    await hub.exited();
    await smtp.stop();
  });

  it("sends the held message again after the restart, with the same Message-ID", async () => {
    // The hub raises what is overdue as it starts, and emails it: let that go first.
    await hub.waitFor('"job":"overdue protocol steps"', 20_000);
    await hub.waitFor('"job":"send due emails"', 20_000);
    const owner = new Client({ connectionString: ownerUrl });
    await owner.connect();
    try {
      const pending = async () => (await owner.query("SELECT count(*)::int AS n FROM email_message WHERE status = 'PENDING'")).rows[0].n as number;
      await eventually(async () => (await pending()) === 0, 20_000, "the start's emails to go");
    } finally {
      await owner.end();
    }
    smtp.holdNext(1);
    // The IRO names the social worker at a dispute stage: an email for the social worker.
    const amber = await gql(DEMO_USERS.iroAlex, `{ myCases(first: 5) { edges { node { courtCaseNumber children { id givenName } } } } }`, {});
    const child = amber.myCases.edges.flatMap((e: any) => e.node.children).find((c: { givenName: string }) => c.givenName === "Amber");
    const concern = await gql(DEMO_USERS.iroAlex, `mutation($c: ID!) { raiseConcern(childId: $c, concern: "Contact not happening") { id } }`, { c: child.id });
    const sam = (await gql(DEMO_USERS.legal, `{ colleagues { id displayName } }`, {})).colleagues.find(
      (u: { displayName: string }) => u.displayName === "Sam Social Worker",
    );
    await gql(DEMO_USERS.iroAlex, `mutation($d: ID!, $r: ID!) { escalateDispute(disputeId: $d, stage: "TEAM_MANAGER", responderId: $r) { id } }`, {
      d: concern.raiseConcern.id,
      r: sam.id,
    });

    // The mail server has the message and says nothing; the hub dies waiting.
    const deadline = Date.now() + 10_000;
    while (!smtp.attempts.some((a) => a.to.includes("sw.sam@example.org.uk"))) {
      if (Date.now() > deadline) throw new Error(`the hub never tried to send:\n${hub.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const held = smtp.attempts.find((a) => a.to.includes("sw.sam@example.org.uk"))!.mail!;
    hub.child.kill("SIGKILL");
    await hub.exited();
    expect(smtp.received.filter((m) => m.to.includes("sw.sam@example.org.uk"))).toEqual([]);

    await start();
    const sent = await smtp.waitFor((m) => m.to.includes("sw.sam@example.org.uk"), 15_000);
    expect(sent.messageId).toBe(held.messageId);
    expect(sent.subject).toBe(held.subject);
    expect(smtp.received.filter((m) => m.messageId === held.messageId)).toHaveLength(1);
  }, 60_000);
});
