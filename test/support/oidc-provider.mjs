// A real OpenID provider (oidc-provider, a certified implementation) for the console's sign-in
// tests, run as its own process because oidc-provider is ESM-only and jest's sandbox cannot
// import ESM. Prints one JSON line when it listens: { issuer, publicKeyPem }.
//
//   node test/support/oidc-provider.mjs '{"spaOrigin":"http://127.0.0.1:4000","accessTokenTtl":20,"accounts":{"sub":{"password":"pw","name":"A"}}}'
import crypto from "node:crypto";
import http from "node:http";
import Provider, { errors } from "oidc-provider";

const options = JSON.parse(process.argv[2]);
const AUDIENCE = options.audience ?? "proceedings-hub";
const RESOURCE = "urn:proceedings-hub"; // resource indicators must be absolute URIs
const CLIENT_ID = options.clientId ?? "proceedings-console";
const ttl = options.accessTokenTtl ?? 60;

const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const privateJwk = { ...privateKey.export({ format: "jwk" }), kid: "test-es256-1", alg: "ES256", use: "sig" };
const publicKeyPem = crypto.createPublicKey({ key: privateJwk, format: "jwk" }).export({ type: "spki", format: "pem" }).toString();

const server = http.createServer();
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      token_endpoint_auth_method: "none", // a public client: PKCE (S256) is required
      application_type: "web",
      redirect_uris: [`${options.spaOrigin}/signin/callback`],
      post_logout_redirect_uris: [`${options.spaOrigin}/signin`],
      response_types: ["code"],
      grant_types: ["authorization_code", "refresh_token"],
      id_token_signed_response_alg: "ES256",
    },
  ],
  jwks: { keys: [privateJwk] },
  cookies: { keys: [crypto.randomBytes(32).toString("hex")] },
  findAccount: async (_ctx, sub) => {
    const account = options.accounts[sub];
    return account && { accountId: sub, claims: async () => ({ sub, name: account.name, email: account.email }) };
  },
  claims: { openid: ["sub"], profile: ["name"], email: ["email"] },
  pkce: { required: () => true },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // A first-party console: no consent screen.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    if (ctx.oidc.client.clientId !== CLIENT_ID || !ctx.oidc.session.accountId) return undefined;
    const grant = new ctx.oidc.provider.Grant({ clientId: CLIENT_ID, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid profile email");
    grant.addResourceScope(RESOURCE, "proceedings");
    await grant.save();
    return grant;
  },
  features: {
    devInteractions: { enabled: false },
    // JWT access tokens for the hub as audience, without the console sending `resource`.
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => RESOURCE,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, indicator) => {
        if (indicator !== RESOURCE) throw new errors.InvalidTarget();
        return { scope: "proceedings", audience: AUDIENCE, accessTokenTTL: ttl, accessTokenFormat: "jwt", jwt: { sign: { alg: "ES256" } } };
      },
    },
  },
  // Refresh tokens for the public client, rotated at each use: how the console renews.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
  rotateRefreshToken: () => true,
  clientBasedCORS: (_ctx, origin, client) => client.clientId === CLIENT_ID && origin === options.spaOrigin,
  ttl: { AccessToken: ttl, IdToken: 600, RefreshToken: 3600, Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60 },
});
const callback = provider.callback();

const esc = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (res, uid, error) => {
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.end(`<!doctype html><html lang="en"><title>Identity provider</title>${error ? `<p id="error">${esc(error)}</p>` : ""}
<form method="post" action="/interaction/${esc(uid)}/login">
  <label for="login">Username</label> <input name="login" id="login" autocomplete="off">
  <label for="password">Password</label> <input name="password" id="password" type="password">
  <button type="submit" id="submit">Sign in</button>
</form></html>`);
};
const readBody = (req) =>
  new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (data += c));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });

server.on("request", async (req, res) => {
  const m = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url ?? "");
  if (!m) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === "POST" && m[2]) {
      const body = new URLSearchParams(await readBody(req));
      const login = body.get("login") ?? "";
      if (options.accounts[login]?.password === body.get("password")) {
        return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      }
      return page(res, details.uid, "Wrong username or password");
    }
    page(res, details.uid);
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err));
  }
});

process.stdout.write(JSON.stringify({ issuer, publicKeyPem }) + "\n");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
