import { EntityManager } from "typeorm";

// PostgreSQL NOTIFY channels the hub processes use to tell each other things. NOTIFY sent inside
// a transaction is delivered only when it commits, and payloads are visible to every database
// user: they carry ids only, never case data.
export const Channel = {
  /** payload: a user id whose access ended (deactivated): close their sockets at once. */
  ACCESS_REVOKED: "hub_access_revoked",
  /** no payload: case events were committed; readers look in the case_event table. */
  CASE_EVENTS: "hub_case_events",
  /**
   * payload: a user id, or empty for everyone: what a principal is built from changed (a user,
   * an organisation, an issuer; sent by database triggers, whoever wrote): forget remembered tokens.
   */
  PRINCIPALS_CHANGED: "hub_principals_changed",
  /** payload: the settable clock's offset from real time, in ms (outside production only). */
  CLOCK_SET: "hub_clock_set",
  /** payload: a console session id that ended (signed out): close its sockets, forget it. */
  SESSION_ENDED: "hub_session_ended",
  /** no payload: a trusted issuer was registered or changed: forget remembered tokens. */
  ISSUERS_CHANGED: "hub_issuers_changed",
} as const;

export type ChannelName = (typeof Channel)[keyof typeof Channel];

export async function notify(em: EntityManager, channel: ChannelName, payload: string): Promise<void> {
  await em.query("SELECT pg_notify($1, $2)", [channel, payload]);
}
