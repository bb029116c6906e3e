// Signing in with an organisation's identity provider: OpenID Connect authorization code flow
// with PKCE (oidc-client-ts). The access token is kept in memory only and renewed with the
// refresh token before it expires; the PKCE state survives the redirect in sessionStorage.
// Loaded only when someone chooses a provider, so demo sign-in does not carry it.
import type { UserManager, User } from "oidc-client-ts";
import { registerRenewer, sessionStore, whenSignedOut } from "./session";

export interface Provider {
  id: string;
  displayName: string;
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  scope: string;
}

const PROVIDER_KEY = "proceedings-hub.oidc.provider";
const RETURN_KEY = "proceedings-hub.oidc.return";
let manager: UserManager | null = null;

async function managerFor(p: Provider): Promise<UserManager> {
  const { UserManager, WebStorageStateStore, InMemoryWebStorage } = await import("oidc-client-ts");
  const m = new UserManager({
    authority: p.issuer,
    metadataUrl: p.discoveryUrl,
    client_id: p.clientId,
    redirect_uri: `${location.origin}/signin/callback`,
    post_logout_redirect_uri: `${location.origin}/signin`,
    response_type: "code",
    scope: p.scope,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    // Renewal is the session timer's (session.ts): two renewers would spend one rotating refresh token twice.
    automaticSilentRenew: false,
    loadUserInfo: false,
  });
  const adopt = (user: User) => sessionStore.set({ token: user.access_token, expiresAt: (user.expires_at ?? 0) * 1000, method: "oidc" });
  m.events.addUserLoaded(adopt);
  m.events.addSilentRenewError(() => {
    const s = sessionStore.get();
    if (s && Date.now() > s.expiresAt) sessionStore.clear("Your session expired. Sign in again.");
  });
  // oidc-client-ts renews on its own schedule; the session's own timer defers to it.
  registerRenewer("oidc", async () => adopt(await m.signinSilent().then((u) => u ?? Promise.reject(new Error("no user")))));
  return m;
}

export async function signInWith(p: Provider, returnTo: string): Promise<void> {
  sessionStorage.setItem(PROVIDER_KEY, JSON.stringify(p));
  sessionStorage.setItem(RETURN_KEY, returnTo);
  manager = await managerFor(p);
  await manager.signinRedirect();
}

/** The provider sent the browser back with a code: exchange it, and say where to go next. */
export async function completeSignIn(): Promise<string> {
  const saved = sessionStorage.getItem(PROVIDER_KEY);
  if (!saved) throw new Error("This sign-in was not started here; start again from the sign-in page.");
  manager = await managerFor(JSON.parse(saved) as Provider);
  const user = await manager.signinRedirectCallback();
  sessionStore.set({ token: user.access_token, expiresAt: (user.expires_at ?? 0) * 1000, method: "oidc" });
  const to = sessionStorage.getItem(RETURN_KEY) ?? "/";
  sessionStorage.removeItem(RETURN_KEY);
  return to.startsWith("/") && !to.startsWith("//") ? to : "/";
}

whenSignedOut(() => {
  const m = manager;
  manager = null;
  m?.stopSilentRenew();
  void m?.removeUser();
});
