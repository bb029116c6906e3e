import { Webhook } from "standardwebhooks";
import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";
import { startTestReceiver, TestReceiver, ReceivedHook } from "../../../test/support/webhook-receiver";
import { eventually } from "../../../test/support/hub-process";
import { compareCursors, decodeEventCursor } from "../../core/events/events";

const REGISTER = `mutation($i: RegisterWebhookInput!) { registerWebhookEndpoint(input: $i) { secret endpoint { id status cursor kinds } } }`;
const ENDPOINTS = `query($o: ID) { webhookEndpoints(organisationId: $o) { id url status pausedReason consecutiveFailures cursor
  deliveries(first: 100) { edges { node { kind messageId succeeded statusCode error } } } } }`;
const HEARING = `mutation($i: RecordHearingInput!) { recordHearing(input: $i) { id } }`;

describe("webhooks: signed, ordered, retried, re-authorised deliveries to organisations' systems", () => {
  let hub: TestHub;
  let la: TestReceiver;
  let court: TestReceiver;
  let other: TestReceiver;
  let caseA: string;
  let laSecret: string;
  let laEndpoint: string;
  let courtEndpoint: string;
  let otherEndpoint: string;
  const southAdmin = "admin.southshire";

  beforeAll(async () => {
    hub = await startTestHub({ config: { webhookSendIntervalMs: 50, webhookRetryBaseMs: 100, webhookMaxFailures: 3 } });
    [la, court, other] = await Promise.all([startTestReceiver(), startTestReceiver(), startTestReceiver()]);
    [{ id: caseA }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");

    // Another local authority, with no cases on the hub, and its own administrator.
    const [{ id: issuerId }] = await hub.sql("SELECT id FROM trusted_issuer WHERE development");
    const south = await hub.gql(DEMO_USERS.admin, `mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { id } }`, {
      i: { name: "Southshire Council", kind: "LOCAL_AUTHORITY", issuerId },
    });
    const user = await hub.gql(DEMO_USERS.admin, `mutation($i: RegisterUserInput!) { registerUser(input: $i) { id } }`, {
      i: {
        organisationId: south.data.registerOrganisation.id,
        subject: southAdmin,
        displayName: "Southshire admin",
        email: "admin@south.example",
        roles: ["ORGANISATION_ADMIN"],
      },
    });
    expect(user.errors).toBeUndefined();

    const reg = async (who: string, url: string, kinds?: string[]) => {
      const res = await hub.gql(who, REGISTER, { i: { url, kinds, description: "case management system" } });
      expect(res.errors).toBeUndefined();
      return res.data.registerWebhookEndpoint;
    };
    const l = await reg(DEMO_USERS.orgAdmin, la.url);
    [laSecret, laEndpoint] = [l.secret, l.endpoint.id];
    expect(laSecret).toMatch(/^whsec_/);
    // The court's endpoint is registered by the hub administrator, for the court.
    const [{ id: courtOrg }] = await hub.sql("SELECT id FROM organisation WHERE kind = 'COURT'");
    const c = await hub.gql(DEMO_USERS.admin, REGISTER, { i: { organisationId: courtOrg, url: court.url } });
    courtEndpoint = c.data.registerWebhookEndpoint.endpoint.id;
    otherEndpoint = (await reg(southAdmin, other.url)).endpoint.id;
  });
  afterAll(async () => {
    await hub.stop();
    await Promise.all([la.stop(), court.stop(), other.stop()]);
  });

  const recordHearing = async () => {
    const res = await hub.gql(DEMO_USERS.court, HEARING, { i: { proceedingsId: caseA, type: "OTHER", date: hub.clock.today() } });
    expect(res.errors).toBeUndefined();
    return res.data.recordHearing.id as string;
  };
  const subjects = (hooks: ReceivedHook[]) => hooks.map((h) => h.json.data.subjectId);
  const endpoint = async (who: string, id: string) => {
    const [{ organisation_id: o }] = await hub.sql("SELECT organisation_id FROM webhook_endpoint WHERE id = $1", [id]);
    return (await hub.gql(who, ENDPOINTS, { o })).data.webhookEndpoints.find((e: { id: string }) => e.id === id);
  };

  it("posts each event signed per Standard Webhooks: ids and kind only", async () => {
    const h = await recordHearing();
    const [hook] = (await la.waitUntil((got) => subjects(got).includes(h))).filter((x) => x.json.data.subjectId === h);
    // The receiver verifies with the library, using the secret it was shown once.
    const verified = new Webhook(laSecret).verify(hook.body, {
      "webhook-id": String(hook.headers["webhook-id"]),
      "webhook-timestamp": String(hook.headers["webhook-timestamp"]),
      "webhook-signature": String(hook.headers["webhook-signature"]),
    }) as any;
    expect(verified).toMatchObject({
      type: "case_event.HEARING_RECORDED",
      data: { kind: "HEARING_RECORDED", proceedingsId: caseA, subjectId: h, childId: null },
    });
    expect(Object.keys(verified.data).sort()).toEqual(["childId", "cursor", "kind", "occurredAt", "proceedingsId", "subjectId"]);
    expect(String(hook.headers["webhook-id"])).toMatch(/^evt_\d+$/);
    process.stdout.write(
      `webhook delivery as received:\nwebhook-id: ${hook.headers["webhook-id"]}\nwebhook-timestamp: ${hook.headers["webhook-timestamp"]}\nwebhook-signature: ${hook.headers["webhook-signature"]}\n\n${hook.body}\n`,
    );
    // A tampered body, or another secret, does not verify.
    expect(() => new Webhook(laSecret).verify(hook.body.replace(h, caseA), hook.headers as Record<string, string>)).toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(hook.body, hook.headers as Record<string, string>)).toThrow();
  });

  it("delivers in order, and hears nothing of another organisation's cases", async () => {
    const written: string[] = [];
    for (let i = 0; i < 8; i++) written.push(await recordHearing());
    const got = await la.waitUntil((a) => written.every((w) => subjects(a).includes(w)));
    expect(subjects(got).filter((s) => written.includes(s))).toEqual(written);
    // The court hears of its case too; Southshire's endpoint has moved past every one of these
    // events (its cursor is at least the last one's) without receiving any.
    await court.waitUntil((a) => subjects(a).includes(written[7]));
    const lastCursor = got.find((g) => g.json.data.subjectId === written[7])!.json.data.cursor;
    await eventually(
      async () => {
        const [{ cursor_tx_id: txId, cursor_id: id }] = await hub.sql("SELECT cursor_tx_id, cursor_id FROM webhook_endpoint WHERE id = $1", [otherEndpoint]);
        return compareCursors({ txId: BigInt(txId), id: BigInt(id) }, decodeEventCursor(lastCursor)) >= 0;
      },
      5_000,
      "Southshire's endpoint to pass the events",
    );
    expect(other.received).toEqual([]);
  });

  it("re-authorises per delivery: the court's system is not told of a significant event, the local authority's is", async () => {
    const [{ id: amber }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Amber'");
    const sig = await hub.gql(DEMO_USERS.socialWorker, `mutation($i: RecordSignificantEventInput!) { recordSignificantEvent(input: $i) { id } }`, {
      i: { childId: amber, kind: "HEALTH_EVENT", occurredOn: hub.clock.today(), summary: "A&E visit", changesPlan: false },
    });
    expect(sig.errors).toBeUndefined();
    const id = sig.data.recordSignificantEvent.id;
    const after = await recordHearing();
    await la.waitUntil((a) => subjects(a).includes(id) && subjects(a).includes(after));
    // The hearing after it reached the court, so the court's sender has passed the significant event.
    await court.waitUntil((a) => subjects(a).includes(after));
    expect(subjects(court.received)).not.toContain(id);
    expect(la.received.find((r) => r.json.data.subjectId === id)!.body).not.toMatch(/A&E|Amber/);
  });

  it("retries a failed delivery with backoff, with the same webhook-id, before anything after it", async () => {
    la.failNext(2);
    const first = await recordHearing();
    const second = await recordHearing();
    const got = await la.waitUntil((a) => subjects(a).includes(second));
    expect(subjects(got).slice(-2)).toEqual([first, second]);
    const attempts = la.received.filter((r) => r.json.data.subjectId === first);
    expect(attempts.map((a) => a.answered)).toEqual([500, 500, 204]);
    expect(new Set(attempts.map((a) => a.headers["webhook-id"])).size).toBe(1);
    const waits = attempts.slice(1).map((a, i) => a.at - attempts[i].at);
    expect(waits[0]).toBeGreaterThanOrEqual(90);
    expect(waits[1]).toBeGreaterThanOrEqual(190);
    process.stdout.write(`webhook retry: attempts answered ${attempts.map((a) => a.answered).join(", ")}; waits ${waits.join(", ")} ms\n`);
    const log = (await endpoint(DEMO_USERS.orgAdmin, laEndpoint)).deliveries.edges.map((e: { node: any }) => e.node);
    expect(log.filter((d: { statusCode: number }) => d.statusCode === 500).length).toBeGreaterThanOrEqual(2);
  });

  it("pauses after repeated failure with the reason shown, and resumes where it stopped", async () => {
    court.failAlways(503);
    const h = await recordHearing();
    await eventually(async () => (await endpoint(DEMO_USERS.admin, courtEndpoint))?.status === "PAUSED", 10_000, "the endpoint to pause");
    const paused = await endpoint(DEMO_USERS.admin, courtEndpoint);
    expect(paused.pausedReason).toBe("Paused after 3 failed attempts in a row; the last: HTTP 503");
    court.failAlways(null);
    const resumed = await hub.gql(DEMO_USERS.admin, `mutation($id: ID!) { resumeWebhookEndpoint(id: $id) { status pausedReason } }`, { id: courtEndpoint });
    expect(resumed.data.resumeWebhookEndpoint).toEqual({ status: "ACTIVE", pausedReason: null });
    await court.waitUntil((a) => subjects(a).includes(h));
  });

  it("replays from a cursor: the same events, with the same webhook-ids", async () => {
    const before = la.accepted();
    const from = before[before.length - 4];
    const expected = before.slice(-3).map((r) => r.headers["webhook-id"]);
    const count = la.received.length;
    const res = await hub.gql(DEMO_USERS.orgAdmin, `mutation($id: ID!, $a: String) { resumeWebhookEndpoint(id: $id, after: $a) { status } }`, {
      id: laEndpoint,
      a: from.json.data.cursor,
    });
    expect(res.errors).toBeUndefined();
    await eventually(() => la.received.length >= count + 3, 5_000, "the replay");
    expect(la.received.slice(count, count + 3).map((r) => r.headers["webhook-id"])).toEqual(expected);
  });

  it("audits every delivery against its case, under the organisation", async () => {
    const [{ id: northshire }] = await hub.sql("SELECT id FROM organisation WHERE name = 'Northshire County Council'");
    const rows = await hub.sql(
      "SELECT count(*)::int AS n FROM audit_entry WHERE operation = 'WEBHOOK.caseEvent' AND organisation_id = $1 AND proceedings_id = $2 AND user_id IS NULL",
      [northshire, caseA],
    );
    expect(rows[0].n).toBeGreaterThan(10);
  });

  it("in production posts only to public addresses, whatever a name resolves to", async () => {
    const config = hub.runtime.config;
    config.webhookAllowPrivateAddresses = false;
    try {
      expect(codes(await hub.gql(DEMO_USERS.orgAdmin, REGISTER, { i: { url: "http://10.0.0.5:5432/x" } }))).toEqual(["BAD_USER_INPUT"]);
      expect(codes(await hub.gql(DEMO_USERS.orgAdmin, REGISTER, { i: { url: "http://[::1]:80/x" } }))).toEqual(["BAD_USER_INPUT"]);
      // The endpoint registered earlier, on 127.0.0.1, is not posted to: the attempt fails unsent.
      const count = la.received.length;
      await recordHearing();
      // (Generous: on a loaded machine the sender's next round may be seconds away.)
      await eventually(async () => (await endpoint(DEMO_USERS.orgAdmin, laEndpoint)).consecutiveFailures > 0, 30_000, "a refused attempt");
      const [last] = (await endpoint(DEMO_USERS.orgAdmin, laEndpoint)).deliveries.edges.map((e: { node: any }) => e.node);
      expect(last).toMatchObject({ succeeded: false, statusCode: null, error: "127.0.0.1 is not a public address" });
      expect(la.received.length).toBe(count);
    } finally {
      config.webhookAllowPrivateAddresses = true;
    }
    await hub.gql(DEMO_USERS.orgAdmin, `mutation($id: ID!) { resumeWebhookEndpoint(id: $id) { status } }`, { id: laEndpoint });
  });

  it("lets only the organisation's administrator (or the hub's) see and change its endpoints", async () => {
    // Southshire's administrator does not see Northshire's endpoint; a stranger's id is not found.
    expect((await hub.gql(southAdmin, ENDPOINTS, { o: null })).data.webhookEndpoints.map((e: { id: string }) => e.id)).toEqual([otherEndpoint]);
    const [{ id: northshire }] = await hub.sql("SELECT id FROM organisation WHERE name = 'Northshire County Council'");
    expect(codes(await hub.gql(southAdmin, ENDPOINTS, { o: northshire }))).toEqual(["NOT_FOUND"]);
    expect(codes(await hub.gql(southAdmin, `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`, { id: laEndpoint }))).toEqual(["NOT_FOUND"]);
    // People on cases do not manage integrations; the administrator sees no case.
    expect(codes(await hub.gql(DEMO_USERS.legal, ENDPOINTS, { o: null }))).toEqual(["FORBIDDEN"]);
    expect((await hub.gql(DEMO_USERS.orgAdmin, `{ myCases(first: 5) { edges { node { id } } } }`)).data.myCases.edges).toEqual([]);
    expect(codes(await hub.gql(DEMO_USERS.orgAdmin, `query($id: ID!) { proceedings(id: $id) { id } }`, { id: caseA }))).toEqual(["FORBIDDEN"]);
    // An endpoint URL must be a URL without credentials.
    expect(codes(await hub.gql(DEMO_USERS.orgAdmin, REGISTER, { i: { url: "ftp://example.org/x" } }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await hub.gql(DEMO_USERS.orgAdmin, REGISTER, { i: { url: "https://user:pw@example.org/x" } }))).toEqual(["BAD_USER_INPUT"]);
  });
});
