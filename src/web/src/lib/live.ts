// The console's live connection: one graphql-ws socket per signed-in session, carrying the
// `caseEvents` subscription for all of the person's cases. The console keeps the cursor of the
// last event it handled and, after any disconnect, subscribes again after that cursor, so it
// misses nothing and sees nothing twice. The socket is authorised by the session cookie; the hub
// closes it (4401) when the session ends, and the console then asks whether it still has one.
import { useSyncExternalStore } from "react";
import { createClient, type Client } from "graphql-ws";
import { csrfHeaders, loadSession, sessionStore } from "./session";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "offline";

export interface CaseEvent {
  cursor: string;
  kind: string;
  proceedingsId: string;
  childId: string | null;
  subjectId: string | null;
  actorId: string | null;
  occurredAt: string;
}

const SUBSCRIPTION = `subscription LiveCaseEvents($after: String) { caseEvents(after: $after) { cursor kind proceedingsId childId subjectId actorId occurredAt } }`;
const CURSOR = `query LiveCursor { caseEventCursor }`;

let status: LiveStatus = "offline";
let cursor: string | null = null;
let socket: Client | null = null;
let generation = 0;
let retryTimer: number | undefined;
let attempts = 0;
const statusListeners = new Set<() => void>();
const eventListeners = new Set<(e: CaseEvent) => void>();

function setStatus(s: LiveStatus) {
  status = s;
  statusListeners.forEach((l) => l());
}

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (l) => {
      statusListeners.add(l);
      return () => statusListeners.delete(l);
    },
    () => status,
  );
}

export function onCaseEvent(listener: (e: CaseEvent) => void): () => void {
  eventListeners.add(listener);
  return () => eventListeners.delete(listener);
}

const wsUrl = () => `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;

async function currentCursor(): Promise<string | null> {
  const res = await fetch("/graphql", {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", ...csrfHeaders({ background: true }) },
    body: JSON.stringify({ query: CURSOR }),
  });
  const body = (await res.json()) as { data?: { caseEventCursor: string } };
  return body.data?.caseEventCursor ?? null;
}

function stopSocket() {
  generation++;
  window.clearTimeout(retryTimer);
  const s = socket;
  socket = null;
  void s?.dispose();
}

function retry(myGeneration: number) {
  if (myGeneration !== generation) return;
  setStatus("reconnecting");
  const delay = Math.min(15_000, 500 * 2 ** attempts++);
  window.clearTimeout(retryTimer);
  retryTimer = window.setTimeout(() => void connect(), delay);
}

async function connect(): Promise<void> {
  stopSocket();
  const myGeneration = generation;
  const session = sessionStore.get();
  if (!session) {
    setStatus("offline");
    return;
  }
  if (status === "offline") setStatus("connecting");
  try {
    // The first connection starts from "now"; later ones resume after the last event handled.
    cursor ??= await currentCursor();
  } catch {
    retry(myGeneration);
    return;
  }
  if (myGeneration !== generation) return;
  const client = createClient({
    url: wsUrl(),
    lazy: false,
    retryAttempts: 0,
    keepAlive: 20_000,
    onNonLazyError: () => undefined,
  });
  socket = client;
  client.on("connected", () => {
    if (myGeneration !== generation) return;
    attempts = 0;
    setStatus("live");
  });
  client.on("closed", (event) => {
    if (myGeneration !== generation) return;
    const code = (event as CloseEvent | undefined)?.code;
    // 4403: access has ended (deactivated); the hub will not take this person back.
    if (code === 4403) {
      sessionStore.clear("Your access to the hub has ended.");
      return;
    }
    // 4401 "Signed out": the person signed out in another tab (this tab may hear it here first).
    if (code === 4401 && (event as CloseEvent | undefined)?.reason === "Signed out") {
      sessionStore.clear("You have signed out.", false);
      return;
    }
    // 4401 otherwise: the session ended (idle, past its end) or the token was refused: ask the hub.
    if (code === 4401) {
      void loadSession().then((still) => still && retry(myGeneration));
      return;
    }
    retry(myGeneration);
  });
  client.subscribe<{ caseEvents: CaseEvent }>(
    { query: SUBSCRIPTION, variables: { after: cursor } },
    {
      next: ({ data }) => {
        if (!data || myGeneration !== generation) return;
        cursor = data.caseEvents.cursor;
        eventListeners.forEach((l) => l(data.caseEvents));
      },
      error: () => retry(myGeneration),
      complete: () => undefined,
    },
  );
}

// Follow the session: connect on sign-in, stop on sign-out.
let connectedFor: string | null = null;
sessionStore.subscribe(() => {
  const s = sessionStore.get();
  if (!s) {
    connectedFor = null;
    cursor = null;
    stopSocket();
    setStatus("offline");
  } else if (s.csrfToken !== connectedFor) {
    connectedFor = s.csrfToken;
    void connect();
  }
});
