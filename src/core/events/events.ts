import { EntityManager } from "typeorm";
import { Role } from "../access/roles";
import type { HubContext } from "../context";
import { Channel } from "../notify/channels";
import { badInput } from "../errors";
import { CaseEvent } from "./case-event.entity";
import { CaseEventKind } from "./case-event-kind";

export const CASE_EVENTS_CHANNEL = Channel.CASE_EVENTS;

/** Everyone on a case, by role (the default audience). */
export const EVERYONE_ON_THE_CASE: readonly Role[] = [
  Role.LA_LEGAL,
  Role.SOCIAL_WORKER,
  Role.IRO,
  Role.IRO_MANAGER,
  Role.GUARDIAN,
  Role.CAFCASS_MANAGER,
  Role.COURT,
];

export interface NewCaseEvent {
  kind: CaseEventKind;
  proceedingsId: string;
  childId?: string | null;
  subjectId?: string | null;
  audience?: readonly Role[];
  /** The person whose action raised it (recordCaseEvent fills it in from the caller). */
  actorId?: string | null;
}

export interface RecordedCaseEvent {
  /** The event's row id (unique; not its place in the delivery order, which is the cursor). */
  id: string;
  kind: CaseEventKind;
  proceedingsId: string;
  childId: string | null;
  subjectId: string | null;
  audience: readonly Role[];
}

/**
 * Writes an event in the caller's transaction, then runs the reactions other modules declared
 * for its kind (their case-event handlers), in the same transaction: the change, its event and
 * everything it causes commit together or not at all. PostgreSQL delivers the NOTIFY only when
 * the transaction commits (and folds repeats into one), so nothing is announced before commit.
 */
export async function recordCaseEvent(ctx: HubContext, event: NewCaseEvent): Promise<void> {
  const recorded = await insertCaseEvent(ctx.em, { ...event, actorId: event.actorId ?? ctx.principal?.userId ?? null });
  for (const module of ctx.runtime.modules) {
    for (const handler of module.handlers ?? []) {
      if (handler.kinds.includes(event.kind)) await handler.handle(ctx, recorded);
    }
  }
}

/** The write alone, without the reactions (for benchmarks that only need events on the stream). */
export async function insertCaseEvent(em: EntityManager, event: NewCaseEvent): Promise<RecordedCaseEvent> {
  const fields = {
    kind: event.kind,
    proceedingsId: event.proceedingsId,
    childId: event.childId ?? null,
    subjectId: event.subjectId ?? null,
    audience: [...(event.audience ?? EVERYONE_ON_THE_CASE)],
    actorId: event.actorId ?? null,
  };
  const inserted = await em.insert(CaseEvent, fields);
  await em.query("SELECT pg_notify($1, '')", [CASE_EVENTS_CHANNEL]);
  return { id: String(inserted.identifiers[0].id), ...fields };
}

// --- cursors ---------------------------------------------------------------------------------

export interface Cursor {
  txId: bigint;
  id: bigint;
}

export const ORIGIN: Cursor = { txId: 0n, id: 0n };

export function cursorOf(e: Pick<CaseEvent, "txId" | "id">): Cursor {
  return { txId: BigInt(e.txId), id: BigInt(e.id) };
}

export function compareCursors(a: Cursor, b: Cursor): number {
  if (a.txId !== b.txId) return a.txId < b.txId ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

export function encodeEventCursor(c: Cursor): string {
  return Buffer.from(`ev:${c.txId}:${c.id}`).toString("base64url");
}

export function decodeEventCursor(s: string, field = "after"): Cursor {
  const m = /^ev:(\d{1,20}):(\d{1,20})$/.exec(Buffer.from(s, "base64url").toString("utf8"));
  if (!m) throw badInput(field, "Not an event cursor this hub gave out");
  return { txId: BigInt(m[1]), id: BigInt(m[2]) };
}

// --- reading final events ----------------------------------------------------------------------

const HORIZON = "(pg_snapshot_xmin(pg_current_snapshot()))::text::bigint";

export interface EventFilter {
  proceedingsId?: string;
  childId?: string;
  kinds?: readonly CaseEventKind[];
}

/**
 * Events after `after` (and up to `upTo`, when given) whose transactions can no longer change,
 * in cursor order. `extraWhere` lets callers add an access predicate over `e`.
 */
export async function readFinalEvents(
  em: EntityManager,
  after: Cursor,
  limit: number,
  filter: EventFilter = {},
  upTo?: Cursor,
  extraWhere?: { sql: string; params: Record<string, unknown> },
): Promise<CaseEvent[]> {
  const qb = em
    .createQueryBuilder(CaseEvent, "e")
    .where("(e.tx_id, e.id) > (:afterTx, :afterId)", { afterTx: after.txId.toString(), afterId: after.id.toString() })
    .andWhere(`e.tx_id < ${HORIZON}`)
    .orderBy("e.tx_id", "ASC")
    .addOrderBy("e.id", "ASC")
    .limit(limit);
  if (upTo) qb.andWhere("(e.tx_id, e.id) <= (:upToTx, :upToId)", { upToTx: upTo.txId.toString(), upToId: upTo.id.toString() });
  if (filter.proceedingsId) qb.andWhere("e.proceedings_id = :fp", { fp: filter.proceedingsId });
  if (filter.childId) qb.andWhere("e.child_id = :fc", { fc: filter.childId });
  if (filter.kinds?.length) qb.andWhere("e.kind IN (:...fk)", { fk: filter.kinds });
  if (extraWhere) qb.andWhere(extraWhere.sql, extraWhere.params);
  return qb.getMany();
}

/** The newest final event's cursor: where a live-only subscriber starts. */
export async function finalHighWater(em: EntityManager): Promise<Cursor> {
  const [row] = await em.query(`SELECT tx_id, id FROM case_event WHERE tx_id < ${HORIZON} ORDER BY tx_id DESC, id DESC LIMIT 1`);
  return row ? { txId: BigInt(row.tx_id), id: BigInt(row.id) } : ORIGIN;
}

/** Whether some event exists that is not final yet (a transaction older than it still runs). */
export async function hasPendingEvents(em: EntityManager, after: Cursor): Promise<boolean> {
  const [row] = await em.query(`SELECT EXISTS (SELECT 1 FROM case_event WHERE (tx_id, id) > ($1, $2) AND tx_id >= ${HORIZON}) AS pending`, [
    after.txId.toString(),
    after.id.toString(),
  ]);
  return row.pending;
}
