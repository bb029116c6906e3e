// Who is signed in. The hub holds the session (a backend-for-frontend): the browser has only an
// HttpOnly cookie that no script here can read, and this page keeps the session's CSRF token,
// which every state-changing request sends back in a header. A reload, a new tab or a link from
// an email finds the session again by asking the hub. Signing out ends it on the server, which
// closes every tab's live connection; tabs of this browser also hear it at once.
import { useSyncExternalStore } from "react";

export interface Session {
  csrfToken: string;
  method: "demo" | "oidc";
  /** The session's absolute end (milliseconds since the epoch). */
  expiresAt: number;
  /** It ends after this many minutes without a request. */
  idleMinutes: number;
  /** When the hub said it ends if left alone (milliseconds since the epoch). */
  endsAt: number;
}

/** undefined while the hub has not been asked yet. */
let current: Session | null | undefined = undefined;
let endedBecause: string | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

// Other tabs of this browser: one signs out (or in), the others follow without waiting to be refused.
const tabs = typeof BroadcastChannel === "function" ? new BroadcastChannel("proceedings-hub.session") : null;

export const sessionStore = {
  get: () => current,
  endedBecause: () => endedBecause,
  subscribe(l: () => void) {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
  set(next: Session) {
    const wasSignedIn = !!current;
    current = next;
    endedBecause = null;
    notify();
    if (!wasSignedIn) tabs?.postMessage({ type: "signed-in" });
  },
  /** This page forgets the session (signed out, or the hub refused it). */
  clear(reason: string | null = null, tell = true) {
    const was = current;
    current = null;
    endedBecause = reason;
    notify();
    if (was) onSignOut.forEach((f) => f());
    if (was && tell) tabs?.postMessage({ type: "ended", reason });
  },
};

tabs?.addEventListener("message", (e: MessageEvent<{ type: string; reason?: string | null }>) => {
  if (e.data.type === "ended" && current) sessionStore.clear(e.data.reason ?? "Your session has ended. Sign in again.", false);
  if (e.data.type === "signed-in" && !current) void loadSession();
});

const onSignOut = new Set<() => void>();
export function whenSignedOut(f: () => void): void {
  onSignOut.add(f);
}

export function useSession(): Session | null | undefined {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}

/**
 * The headers a request to the hub carries (the CSRF token). A request the person made counts
 * as activity; one the page makes by itself (catching up after a live event, resuming the live
 * connection) says so, and neither the hub nor the page counts it: a tab left open still ends.
 */
export function csrfHeaders(options: { background?: boolean } = {}): Record<string, string> {
  if (!current) return {};
  const background = options.background || inBackground > 0;
  if (!background) noteActivity();
  return background ? { "x-csrf-token": current.csrfToken, "x-hub-background": "1" } : { "x-csrf-token": current.csrfToken };
}

let inBackground = 0;
/** Runs requests the page makes by itself (their headers say so: see csrfHeaders). */
export async function backgroundRequests<T>(start: () => PromiseLike<T>): Promise<T> {
  // Up until they are answered (Apollo may start them a turn later); a person's request in that
  // moment goes uncounted, which at worst ends a session a little sooner.
  inBackground++;
  try {
    return await start();
  } finally {
    inBackground--;
  }
}

// --- the idle end, as the page can tell it -----------------------------------------------------
// The hub ends a session after `idleMinutes` without a request. The page warns two minutes
// before (WCAG 2.2.1: a time limit is announced and can be extended with a simple action), and
// "Stay signed in" is one request. The hub notes activity at most once a minute, so the page
// counts from a minute before its own last request.
let lastRequestAt = 0;
const activityListeners = new Set<() => void>();
function noteActivity(): void {
  lastRequestAt = Date.now();
  activityListeners.forEach((l) => l());
}
export const activity = {
  subscribe(l: () => void) {
    activityListeners.add(l);
    return () => void activityListeners.delete(l);
  },
  get: () => lastRequestAt,
};

/** When the session will end if nothing more is asked: the hub's word, or later after the person's own requests since. */
export function sessionEndsAt(s: Session): number {
  return Math.min(s.expiresAt, Math.max(s.endsAt, lastRequestAt - 60_000 + s.idleMinutes * 60_000));
}

/** Asks the hub whether this browser has a live session; true when it has. */
export async function loadSession(options: { byThePerson?: boolean } = {}): Promise<boolean> {
  let res: Response;
  try {
    // Opening or reloading a page is the person's doing; the page checking by itself is not.
    if (options.byThePerson) noteActivity();
    res = await fetch("/session", { credentials: "same-origin", cache: "no-store", headers: options.byThePerson ? { "x-hub-activity": "1" } : {} });
  } catch {
    // The hub cannot be reached: keep what we have (the live connection retries).
    if (current === undefined) sessionStore.clear(null, false);
    return !!current;
  }
  return adopt(res);
}

/** "Stay signed in": a request that counts as activity, moving the hub's idle end. */
export async function refreshSession(): Promise<boolean> {
  noteActivity();
  const res = await fetch("/session/refresh", { method: "POST", credentials: "same-origin", cache: "no-store", headers: csrfHeaders() }).catch(() => null);
  return res ? adopt(res) : !!current;
}

async function adopt(res: Response): Promise<boolean> {
  const s = res.ok
    ? ((await res.json()) as { signedIn: boolean; csrfToken: string; method: Session["method"]; expiresAt: string; endsAt: string; idleMinutes: number })
    : null;
  if (s?.signedIn) {
    sessionStore.set({
      csrfToken: s.csrfToken,
      method: s.method,
      expiresAt: Date.parse(s.expiresAt),
      endsAt: Date.parse(s.endsAt),
      idleMinutes: s.idleMinutes,
    });
    return true;
  }
  // The hub answered but not about a session (it is failing): keep what we have.
  if (!s && current !== undefined) return !!current;
  if (current) sessionStore.clear("Your session has ended. Sign in again.");
  else if (current === undefined) sessionStore.clear(null, false);
  return false;
}

/** Anonymous GraphQL over plain fetch, without the cookie: the sign-in page asks as nobody. */
export async function anonymousGraphQL<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch("/graphql", {
    method: "POST",
    credentials: "omit",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors[0].message);
  return body.data as T;
}

export async function signInAsDemoUser(subject: string): Promise<void> {
  const res = await fetch("/session/demo", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ subject }) });
  const body = (await res.json().catch(() => null)) as { errors?: { message: string }[] } | null;
  if (!res.ok) throw new Error(body?.errors?.[0]?.message ?? `Sign-in failed (HTTP ${res.status})`);
  await loadSession();
}

/** Off to the organisation's identity provider; the hub brings the person back to `returnTo`. */
export function signInWith(providerId: string, returnTo: string): void {
  location.assign(`/signin/start?${new URLSearchParams({ provider: providerId, return: returnTo })}`);
}

/** Ends the session on the hub; false (and still signed in) when the hub did not confirm it. */
export async function signOut(): Promise<boolean> {
  const res = await fetch("/session/end", { method: "POST", headers: csrfHeaders(), credentials: "same-origin" }).catch(() => null);
  if (res?.status !== 204) return false;
  sessionStore.clear("You have signed out.");
  return true;
}
