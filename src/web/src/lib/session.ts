// Who is signed in, with which token. Tokens live in memory only (a reload means signing in
// again) and are renewed before they expire, because the hub closes a WebSocket whose token has
// expired. Demo tokens come from the hub's demo sign-in; real ones from the person's
// organisation's identity provider (OpenID Connect, see oidc.ts).
import { useSyncExternalStore } from "react";

export interface Session {
  token: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  method: "demo" | "oidc";
  /** Demo sign-in: the demo user's subject, to renew with. */
  subject?: string;
  /** Why the last session ended, shown on the sign-in page. */
}

let current: Session | null = null;
let endedBecause: string | null = null;
let renewTimer: number | undefined;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

export const sessionStore = {
  get: () => current,
  endedBecause: () => endedBecause,
  subscribe(l: () => void) {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
  set(next: Session) {
    current = next;
    endedBecause = null;
    scheduleRenewal();
    notify();
  },
  /** Forget the token (sign-out, or the hub refused it). */
  clear(reason: string | null = null) {
    current = null;
    endedBecause = reason;
    window.clearTimeout(renewTimer);
    notify();
    onSignOut.forEach((f) => f());
  },
};

const onSignOut = new Set<() => void>();
export function whenSignedOut(f: () => void): void {
  onSignOut.add(f);
}

export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}

/** Anonymous GraphQL over plain fetch: the sign-in page runs before there is any client state. */
export async function anonymousGraphQL<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch("/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors[0].message);
  return body.data as T;
}

export async function signInAsDemoUser(subject: string): Promise<void> {
  const data = await anonymousGraphQL<{ signInAsDemoUser: { token: string; expiresAt: string } }>(
    `mutation DemoSignIn($s: String!) { signInAsDemoUser(subject: $s) { token expiresAt } }`,
    { s: subject },
  );
  sessionStore.set({ token: data.signInAsDemoUser.token, expiresAt: Date.parse(data.signInAsDemoUser.expiresAt), method: "demo", subject });
}

/** Renewers by sign-in method; OpenID renewal is registered by oidc.ts when it is loaded. */
const renewers: Partial<Record<Session["method"], (s: Session) => Promise<void>>> = {
  demo: (s) => signInAsDemoUser(s.subject!),
};
export function registerRenewer(method: Session["method"], renew: (s: Session) => Promise<void>): void {
  renewers[method] = renew;
}

function scheduleRenewal(): void {
  window.clearTimeout(renewTimer);
  const s = current;
  if (!s) return;
  const lifetime = s.expiresAt - Date.now();
  // Renew with a margin of a fifth of the lifetime (at most five minutes).
  const delay = Math.max(1000, lifetime - Math.min(5 * 60_000, lifetime / 5));
  renewTimer = window.setTimeout(() => {
    const renew = renewers[s.method];
    if (!renew || current !== s) return;
    renew(s).catch(() => {
      if (current === s && Date.now() > s.expiresAt) sessionStore.clear("Your session expired. Sign in again.");
      else scheduleRenewal();
    });
  }, delay);
}

export function signOut(): void {
  sessionStore.clear("You have signed out.");
}
