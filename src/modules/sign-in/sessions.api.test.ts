import WebSocket from "ws";
import { createClient } from "graphql-ws";
import { startTestHub, TestHub, DEMO_USERS } from "../../../test/support/test-hub";

// The console's sessions through the hub's own doors: the cookie's attributes, CSRF on every
// state-changing request, the WebSocket from the same session (and only from the console's own
// origin), sign-out ending it everywhere, idle and absolute ends, and deactivation.

const ME = `query { me { user { displayName } } }`;
const ACK = `mutation($id: ID!) { acknowledgePaper(documentId: $id) { acknowledgedAt } }`;

interface Signed {
  cookie: string;
  csrf: string;
  setCookie: string;
}

describe("console sessions (backend-for-frontend)", () => {
  let hub: TestHub;
  let base: string;
  beforeAll(async () => {
    // Sessions read from the database every time, so a test's change to one is seen at once.
    hub = await startTestHub({ config: { rememberTokensSeconds: 0 }, jobs: false });
    base = hub.server.url.replace(/\/graphql$/, "");
  });
  afterAll(() => hub.stop());

  async function signIn(subject: string): Promise<Signed> {
    const res = await fetch(`${base}/session/demo`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ subject }),
    });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie")!;
    const body = (await res.json()) as { csrfToken: string };
    return { cookie: setCookie.split(";")[0], csrf: body.csrfToken, setCookie };
  }

  const gql = async (s: Partial<Signed>, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const res = await fetch(hub.server.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(s.cookie ? { cookie: s.cookie } : {}), ...(s.csrf ? { "x-csrf-token": s.csrf } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions: { code: string; reason?: string } }[] } };
  };

  /** Whether the hub still takes the session (GET /session answers 200 either way). */
  const signedIn = async (s: Signed) => ((await (await fetch(`${base}/session`, { headers: { cookie: s.cookie } })).json()) as { signedIn: boolean }).signedIn;

  function socket(s: Signed, origin: string) {
    const events: { closed?: { code: number; reason: string } } = {};
    class CookieSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie: s.cookie, origin } });
        this.on("close", (code, reason) => (events.closed = { code, reason: String(reason) }));
      }
    }
    const client = createClient({ url: hub.server.wsUrl, webSocketImpl: CookieSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
    return { client, events };
  }

  const closedWith = async (events: { closed?: { code: number; reason: string } }) => {
    for (let i = 0; i < 100 && !events.closed; i++) await new Promise((r) => setTimeout(r, 50));
    return events.closed;
  };

  it("sets one HttpOnly, Secure, SameSite=Strict host cookie, and the hub keeps only its hash", async () => {
    const s = await signIn(DEMO_USERS.iroAlex);
    expect(s.setCookie).toMatch(/^__Host-hub-session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict; Max-Age=\d+$/);
    const secret = s.cookie.split("=")[1];
    const stored = await hub.sql(`SELECT encode(secret_hash, 'hex') AS h, csrf_token FROM console_session WHERE ended_at IS NULL`);
    expect(JSON.stringify(stored)).not.toContain(secret);

    const me = await fetch(`${base}/session`, { headers: { cookie: s.cookie } });
    expect(me.headers.get("cache-control")).toBe("no-store");
    expect(await me.json()).toMatchObject({ signedIn: true, csrfToken: s.csrf, method: "demo", idleMinutes: 30 });
    expect(await (await fetch(`${base}/session`)).json()).toEqual({ signedIn: false });
    const answer = await gql(s, ME);
    expect(answer.body.data.me.user.displayName).toBe("Alex IRO");
    // Who signed in is on the audit trail.
    const [audit] = await hub.sql(`SELECT outcome FROM audit_entry WHERE operation = 'HTTP.signIn.demo' ORDER BY id DESC LIMIT 1`);
    expect(audit.outcome).toBe("OK");
  });

  it("refuses a cookie-authenticated POST without the session's CSRF token, and any request from another origin that would start a session", async () => {
    const s = await signIn(DEMO_USERS.legal);
    for (const csrf of [undefined, "wrong", `${s.csrf}x`]) {
      const res = await gql({ cookie: s.cookie, csrf }, ME);
      expect(res.status).toBe(403);
      expect(res.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "CSRF" });
      expect(res.body.data).toBeUndefined();
    }
    // A mutation sent the way a cross-site form would (no token): refused before it runs.
    const mutation = await gql({ cookie: s.cookie }, ACK, { id: "00000000-0000-0000-0000-000000000000" });
    expect(mutation.status).toBe(403);
    // An upload too.
    const put = await fetch(`${base}/uploads/00000000-0000-0000-0000-000000000000`, { method: "PUT", headers: { cookie: s.cookie }, body: "x" });
    expect(put.status).toBe(403);
    // Reads over GET need no token (they change nothing; Apollo refuses mutations over GET).
    const get = await fetch(`${hub.server.url}?query=${encodeURIComponent(ME)}`, { headers: { cookie: s.cookie, "apollo-require-preflight": "1" } });
    expect(((await get.json()) as any).data.me.user.displayName).toBe("Lee Legal (LA solicitor)");
    // Starting a session from another site's page.
    const foreign = await fetch(`${base}/session/demo`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ subject: DEMO_USERS.legal }),
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("set-cookie")).toBeNull();
  });

  it("authorises the WebSocket from the session, only from the console's origin, and sign-out closes it and ends the session everywhere", async () => {
    const s = await signIn(DEMO_USERS.iroAlex);
    const foreign = socket(s, "https://evil.example");
    expect(await closedWith(foreign.events)).toEqual({ code: 4401, reason: "Not from the console's origin" });

    const ws = socket(s, base);
    const result = await new Promise<any>((resolve, reject) =>
      ws.client.subscribe({ query: ME }, { next: (v) => resolve(v), error: reject, complete: () => undefined }),
    );
    expect(result.data.me.user.displayName).toBe("Alex IRO");

    // Sign-out without the token is a cross-site attempt: refused, nothing ended, no cookie cleared.
    const forged = await fetch(`${base}/session/end`, { method: "POST", headers: { cookie: s.cookie } });
    expect(forged.status).toBe(403);
    expect(forged.headers.get("set-cookie")).toBeNull();
    expect(await signedIn(s)).toBe(true);

    const out = await fetch(`${base}/session/end`, { method: "POST", headers: { cookie: s.cookie, "x-csrf-token": s.csrf } });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/^__Host-hub-session=; .*Max-Age=0$/);
    expect(await closedWith(ws.events)).toEqual({ code: 4401, reason: "Signed out" });
    expect(await signedIn(s)).toBe(false);
    const after = await gql(s, ME);
    expect(after.status).toBe(401);
    expect(after.body.errors![0].extensions.code).toBe("UNAUTHENTICATED");
    const [row] = await hub.sql(`SELECT end_reason FROM console_session WHERE csrf_token = $1`, [s.csrf]);
    expect(row.end_reason).toBe("SIGNED_OUT");
    const [audit] = await hub.sql(`SELECT outcome FROM audit_entry WHERE operation = 'HTTP.signOut' ORDER BY id DESC LIMIT 1`);
    expect(audit.outcome).toBe("OK");
    await ws.client.dispose();
  });

  it("ends a session after the idle lifetime without requests, and at its absolute end however busy", async () => {
    const idle = await signIn(DEMO_USERS.guardianGrace);
    await hub.sql(`UPDATE console_session SET last_seen_at = now() - interval '31 minutes' WHERE csrf_token = $1`, [idle.csrf]);
    expect((await gql(idle, ME)).status).toBe(401);
    const busy = await signIn(DEMO_USERS.guardianGrace);
    await hub.sql(`UPDATE console_session SET expires_at = now() - interval '1 second' WHERE csrf_token = $1`, [busy.csrf]);
    expect((await gql(busy, ME)).status).toBe(401);
    const rows = await hub.sql(`SELECT csrf_token, end_reason FROM console_session WHERE csrf_token = ANY($1)`, [[idle.csrf, busy.csrf]]);
    expect(Object.fromEntries(rows.map((r) => [r.csrf_token, r.end_reason]))).toEqual({ [idle.csrf]: "IDLE", [busy.csrf]: "EXPIRED" });
    // A request inside the idle lifetime keeps it going.
    const active = await signIn(DEMO_USERS.guardianGrace);
    await hub.sql(`UPDATE console_session SET last_seen_at = now() - interval '29 minutes' WHERE csrf_token = $1`, [active.csrf]);
    expect((await gql(active, ME)).status).toBe(200);
    const [moved] = await hub.sql(`SELECT now() - last_seen_at < interval '1 minute' AS fresh FROM console_session WHERE csrf_token = $1`, [active.csrf]);
    expect(moved.fresh).toBe(true);
  });

  it("counts only the person's own requests as activity: the console checking by itself, or catching up, keeps nothing alive", async () => {
    const s = await signIn(DEMO_USERS.iroBea);
    const lastSeen = async () =>
      (await hub.sql(`SELECT extract(epoch FROM now() - last_seen_at)::int AS ago FROM console_session WHERE csrf_token = $1`, [s.csrf]))[0].ago as number;
    const back = (minutes: number) =>
      hub.sql(`UPDATE console_session SET last_seen_at = now() - make_interval(mins => $2) WHERE csrf_token = $1`, [s.csrf, minutes]);
    await back(10);
    // The page asking whether it is still signed in, a background refetch, the live connection: not activity.
    expect(await signedIn(s)).toBe(true);
    expect((await gql(s, ME, {}, { "x-hub-background": "1" })).status).toBe(200);
    const ws = socket(s, base);
    await new Promise<void>((resolve, reject) => ws.client.subscribe({ query: ME }, { next: () => resolve(), error: reject, complete: () => undefined }));
    await ws.client.dispose();
    expect(await lastSeen()).toBeGreaterThanOrEqual(599);
    // A request the person made, a page they opened, and "Stay signed in": activity.
    expect((await gql(s, ME)).status).toBe(200);
    expect(await lastSeen()).toBeLessThan(5);
    await back(10);
    await fetch(`${base}/session`, { headers: { cookie: s.cookie, "x-hub-activity": "1" } });
    expect(await lastSeen()).toBeLessThan(5);
    expect((await fetch(`${base}/session/refresh`, { method: "POST", headers: { cookie: s.cookie } })).status).toBe(403);
    await back(10);
    const refreshed = await fetch(`${base}/session/refresh`, { method: "POST", headers: { cookie: s.cookie, "x-csrf-token": s.csrf } });
    expect(await refreshed.json()).toMatchObject({ signedIn: true, csrfToken: s.csrf });
    expect(await lastSeen()).toBeLessThan(5);
  });

  it("ends the browser's previous session when it signs in again, and takes a malformed cookie for none", async () => {
    const first = await signIn(DEMO_USERS.iroBea);
    const res = await fetch(`${base}/session/demo`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, cookie: first.cookie },
      body: JSON.stringify({ subject: DEMO_USERS.guardianGil }),
    });
    expect(res.status).toBe(200);
    expect(await signedIn(first)).toBe(false);
    const [row] = await hub.sql(`SELECT end_reason FROM console_session WHERE csrf_token = $1`, [first.csrf]);
    expect(row.end_reason).toBe("REPLACED");
    const bad = await gql({ cookie: "__Host-hub-session=%E0%A4%A" }, ME);
    expect(bad.status).toBe(401);
    expect(bad.body.errors![0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("asks the CSRF token of a cookie-authenticated download too (it is the recipient's receipt), and takes no HEAD", async () => {
    const s = await signIn(DEMO_USERS.iroAlex);
    const [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    const doc = await hub.filePaper(caseId);
    const url = `${base}/documents/${doc}/content`;
    expect((await fetch(url, { headers: { cookie: s.cookie } })).status).toBe(403);
    expect((await fetch(url, { method: "HEAD", headers: { cookie: s.cookie, "x-csrf-token": s.csrf } })).status).toBe(405);
    const [unread] = await hub.sql(
      `SELECT read_at FROM paper_delivery d JOIN hub_user u ON u.id = d.user_id WHERE d.document_id = $1 AND u.subject = 'iro.alex'`,
      [doc],
    );
    expect(unread.read_at).toBeNull();
    const ok = await fetch(url, { headers: { cookie: s.cookie, "x-csrf-token": s.csrf } });
    expect(ok.status).toBe(200);
    const [read] = await hub.sql(
      `SELECT read_at FROM paper_delivery d JOIN hub_user u ON u.id = d.user_id WHERE d.document_id = $1 AND u.subject = 'iro.alex'`,
      [doc],
    );
    expect(read.read_at).not.toBeNull();
  });

  it("ends a deactivated person's sessions at once and for good: reactivation does not bring them back", async () => {
    const s = await signIn(DEMO_USERS.socialWorker);
    const ws = socket(s, base);
    await new Promise<void>((resolve, reject) => ws.client.subscribe({ query: ME }, { next: () => resolve(), error: reject, complete: () => undefined }));
    const [user] = await hub.sql(`SELECT id FROM hub_user WHERE subject = $1`, [DEMO_USERS.socialWorker]);
    const off = await hub.gql(DEMO_USERS.admin, `mutation($id: ID!) { deactivateUser(userId: $id) { active } }`, { id: user.id });
    expect(off.errors).toBeUndefined();
    expect(await closedWith(ws.events)).toEqual({ code: 4403, reason: "Access ended" });
    expect((await gql(s, ME)).status).toBe(401);
    const on = await hub.gql(DEMO_USERS.admin, `mutation($id: ID!) { reactivateUser(userId: $id) { active } }`, { id: user.id });
    expect(on.errors).toBeUndefined();
    expect(await signedIn(s)).toBe(false);
    const [row] = await hub.sql(`SELECT end_reason FROM console_session WHERE csrf_token = $1`, [s.csrf]);
    expect(row.end_reason).toBe("ACCESS_ENDED");
    await ws.client.dispose();
  });

  it("leaves API clients on bearer tokens: no CSRF token is asked of them", async () => {
    const res = await hub.gql(DEMO_USERS.iroAlex, ME);
    expect(res.data.me.user.displayName).toBe("Alex IRO");
  });
});
