import { startTestHub, TestHub, codes, DEMO_USERS } from "./support/test-hub";

// What the hub serves to browsers: the console's pages and assets, with a strict
// Content-Security-Policy and caching; GraphiQL in development only; production locked down.

describe("the console and GraphiQL, in development", () => {
  let hub: TestHub;
  let base: string;
  beforeAll(async () => {
    hub = await startTestHub();
    base = hub.server.url.replace(/\/graphql$/, "");
  });
  afterAll(() => hub.stop());

  it("serves the console at / with a strict Content-Security-Policy, never cached", async () => {
    const res = await fetch(`${base}/`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const policy = res.headers.get("content-security-policy")!;
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).toMatch(/style-src 'self'(;|$)/);
    expect(policy).toMatch(/default-src 'self'/);
    expect(policy).toMatch(/frame-ancestors 'none'/);
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/https?:\/\//); // nothing from another origin
    // A deep link gets the same page; the console routes in the browser.
    expect((await fetch(`${base}/cases/anything`, { headers: { accept: "text/html" } })).status).toBe(200);
  });

  it("serves hashed assets compressed and cached for a year", async () => {
    const html = await (await fetch(`${base}/`, { headers: { accept: "text/html" } })).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const res = await fetch(base + script, { headers: { "accept-encoding": "br, gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(["br", "gzip", null]).toContain(res.headers.get("content-encoding"));
    expect((await fetch(`${base}/assets/nothing-here.js`)).status).toBe(404);
    expect((await fetch(`${base}/assets/../../package.json`)).status).toBe(404);
  });

  it("serves a bundled GraphiQL, and sends browsers that open /graphql there", async () => {
    const res = await fetch(`${base}/graphiql`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<script type="module"[^>]+src="\/assets\//);
    expect(html).not.toMatch(/https?:\/\//);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self';/);
    const redirect = await fetch(`${base}/graphql`, { headers: { accept: "text/html" }, redirect: "manual" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe("/graphiql");
  });
});

describe("production mode", () => {
  let hub: TestHub;
  let base: string;
  beforeAll(async () => {
    const dev = await startTestHub();
    hub = await startTestHub({ config: { ...dev.runtime.config, mode: "production", allowIntrospection: false } });
    await dev.stop();
    base = hub.server.url.replace(/\/graphql$/, "");
  });
  afterAll(() => hub.stop());

  it("serves no IDE and no schema, even to a signed-in caller, and drops schema hints from errors", async () => {
    const graphiql = await fetch(`${base}/graphiql`, { headers: { accept: "text/html" } });
    expect(graphiql.status).toBe(404);
    expect(graphiql.headers.get("content-type")).toMatch(/^application\/json/);
    const browser = await fetch(`${base}/graphql`, { headers: { accept: "text/html" } });
    expect(browser.status).not.toBe(302);

    const intro = await hub.gql(DEMO_USERS.legal, "{ __schema { queryType { name } } }");
    expect(codes(intro)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    const ws = await hub.wsRequest(hub.ws(DEMO_USERS.legal), "{ __schema { queryType { name } } }");
    expect(codes(ws)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(ws.errors![0].message).toBe(intro.errors![0].message);

    // graphql: not checked (broken on purpose)
    const typo = await hub.gql(DEMO_USERS.legal, "{ me { usr { id } } }");
    expect(typo.errors![0].message).toBe('Cannot query field "usr" on type "Me".');
    // graphql: not checked (broken on purpose)
    const wsTypo = await hub.wsRequest(hub.ws(DEMO_USERS.legal), "{ me { usr { id } } }");
    expect(wsTypo.errors![0].message).toBe(typo.errors![0].message);
    // The console itself is still served.
    expect((await fetch(`${base}/`, { headers: { accept: "text/html" } })).status).toBe(200);
  });
});
