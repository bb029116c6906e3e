import DataLoader from "dataloader";
import { AuthorisedContext, HubRuntime, caseAccess } from "../../core/context";
import { Principal } from "../../core/auth/principal";
import { isDatabaseUnavailable, unauthenticated } from "../../core/errors";
import { CaseEvent } from "../../core/events/case-event.entity";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { Cursor, EventFilter, ORIGIN, compareCursors, cursorOf, decodeEventCursor, encodeEventCursor, readFinalEvents } from "../../core/events/events";
import { pageSize, Page } from "../../core/pagination";
import { EventBatch } from "../../core/subscription-fan-out";
import { SqlPredicate } from "../../core/access/sql-predicate";
import { requireChildRecords, requireProceedings } from "../proceedings/proceedings.module";

export interface EventStreamArgs {
  proceedingsId?: string | null;
  childId?: string | null;
  kinds?: CaseEventKind[] | null;
  after?: string | null;
}

export function toEventView(e: CaseEvent) {
  return {
    cursor: encodeEventCursor(cursorOf(e)),
    kind: e.kind,
    proceedingsId: e.proceedingsId,
    childId: e.childId,
    subjectId: e.subjectId,
    actorId: e.actorId,
    occurredAt: e.occurredAt,
  };
}

/** Checks the filter's case or child is the caller's (NOT_FOUND otherwise) and returns the filter. */
async function resolveFilter(ctx: AuthorisedContext, args: EventStreamArgs): Promise<EventFilter> {
  const filter: EventFilter = { kinds: args.kinds ?? undefined };
  if (args.childId) {
    const { child } = await requireChildRecords(ctx, args.childId);
    filter.childId = child.id;
    filter.proceedingsId = child.proceedingsId;
  } else if (args.proceedingsId) {
    filter.proceedingsId = (await requireProceedings(ctx, args.proceedingsId)).id;
  }
  return filter;
}

function matches(e: CaseEvent, f: EventFilter): boolean {
  return (!f.proceedingsId || e.proceedingsId === f.proceedingsId) && (!f.childId || e.childId === f.childId) && (!f.kinds?.length || f.kinds.includes(e.kind));
}

/**
 * Which cases, and which children's records, a user may still see, asked again for every batch
 * of events: an appointment may have ended or the user been deactivated since the subscription
 * began. Every subscription of the process asks through one batcher, so the checks that one
 * poll's wake-up triggers are folded into one query per user and kind (not one per
 * subscription). Nothing is cached between batches.
 */
class EntitlementChecker {
  private readonly principals = new Map<string, Principal>();
  private readonly loader: DataLoader<string, boolean>;

  constructor(private readonly runtime: HubRuntime) {
    this.loader = new DataLoader((keys) => this.check(keys), { cache: false, maxBatchSize: 5000 });
  }

  /** The cases, and the children (by id) whose events, the user may see. */
  async visible(principal: Principal, caseIds: string[], childIds: string[]): Promise<Set<string>> {
    this.principals.set(principal.userId, principal);
    const keys = [...caseIds.map((id) => `${principal.userId}|case|${id}`), ...childIds.map((id) => `${principal.userId}|child|${id}`)];
    const answers = await this.loader.loadMany(keys);
    return new Set(keys.filter((_, i) => answers[i] === true).map((k) => k.split("|")[2]));
  }

  private async check(keys: readonly string[]): Promise<boolean[]> {
    const byUser = new Map<string, { cases: Set<string>; children: Set<string> }>();
    for (const key of keys) {
      const [userId, kind, id] = key.split("|");
      let set = byUser.get(userId);
      if (!set) byUser.set(userId, (set = { cases: new Set(), children: new Set() }));
      (kind === "case" ? set.cases : set.children).add(id);
    }
    const today = this.runtime.clock.today();
    const allowed = new Set<string>();
    const principals = new Map([...byUser.keys()].map((u) => [u, this.principals.get(u)!]));
    for (const u of byUser.keys()) this.principals.delete(u); // held only for this batch
    const active = "EXISTS (SELECT 1 FROM hub_user u WHERE u.id = :me AND u.active)";
    await Promise.all(
      [...byUser].map(async ([userId, { cases, children }]) => {
        const principal = principals.get(userId)!;
        if (cases.size) {
          const access = caseAccess(this.runtime).cases(principal, today, "p");
          const rows: { id: string }[] = await this.runtime.dataSource
            .createQueryBuilder()
            .select("p.id", "id")
            .from("proceedings", "p")
            .where("p.id IN (:...ids)", { ids: [...cases] })
            .andWhere(active, { me: userId })
            .andWhere(access.sql, access.params)
            .getRawMany();
          for (const r of rows) allowed.add(`${userId}|case|${r.id}`);
        }
        if (children.size) {
          const access = caseAccess(this.runtime).childRecords(principal, today, "c", "p");
          const rows: { id: string }[] = await this.runtime.dataSource
            .createQueryBuilder()
            .select("c.id", "id")
            .from("child", "c")
            .innerJoin("proceedings", "p", "p.id = c.proceedings_id")
            .where("c.id IN (:...ids)", { ids: [...children] })
            .andWhere(active, { me: userId })
            .andWhere(access.sql, access.params)
            .getRawMany();
          for (const r of rows) allowed.add(`${userId}|child|${r.id}`);
        }
      }),
    );
    return keys.map((k) => allowed.has(k));
  }
}

const checkers = new WeakMap<HubRuntime, EntitlementChecker>();

async function stillEntitled(ctx: AuthorisedContext, events: CaseEvent[]): Promise<(e: CaseEvent) => boolean> {
  const principal = ctx.principal;
  const ids = [...new Set(events.map((e) => e.proceedingsId))];
  if (!ids.length) return () => false;
  const childIds = [...new Set(events.map((e) => e.childId).filter((c): c is string => !!c))];
  let checker = checkers.get(ctx.runtime);
  if (!checker) checkers.set(ctx.runtime, (checker = new EntitlementChecker(ctx.runtime)));
  const visible = await checker.visible(principal, ids, childIds);
  // An event about one child reaches only those who may see that child's records.
  return (e) => visible.has(e.proceedingsId) && (!e.childId || visible.has(e.childId)) && e.audience.some((r) => principal.roles.includes(r));
}

/**
 * The events the caller is entitled to, in cursor order: first every event after `after` (from
 * memory when the process still holds them, otherwise from the database), then live ones, with
 * no gap and no repeat at the hand-over, because both come from one total order. They come in
 * batches (what became visible at one wake-up), which the transport sends in one write.
 */
export async function subscribeToCaseEvents(ctx: AuthorisedContext, args: EventStreamArgs): Promise<AsyncIterableIterator<EventBatch<CaseEvent>>> {
  const principal = ctx.principal;
  if (!principal) throw unauthenticated();
  const hub = ctx.runtime.eventHub;
  if (!hub) throw new Error("event hub not running");
  const filter = await resolveFilter(ctx, args);
  let cursor: Cursor = args.after ? decodeEventCursor(args.after) : hub.highWater;
  const em = ctx.runtime.dataSource.manager;
  const abort = new AbortController();
  const closed = hub.streamOpened();
  abort.signal.addEventListener("abort", closed, { once: true });

  // What this subscriber wants of the events its user may see: its filter, and its roles among
  // each event's audience.
  const wants = (e: CaseEvent) => matches(e, filter) && e.audience.some((r) => principal.roles.includes(r));

  async function* stream(): AsyncGenerator<EventBatch<CaseEvent>> {
    try {
      while (!abort.signal.aborted) {
        const upTo = hub!.highWater;
        const position = compareCursors(cursor, upTo);
        if (position > 0) {
          // Ahead of what this process has read (a cursor from the polling feed, or from another
          // process): wait until it has read past the cursor, then look from the cursor below.
          await hub!.waitBeyond(cursor, abort.signal);
          continue;
        }
        if (position === 0) {
          // Caught up: the hub hands over what this user may see as it arrives, re-authorised
          // for each batch; without a hand-over, look from the cursor as below.
          const handed = await hub!.park(principal.userId, wants, abort.signal);
          if (handed && !abort.signal.aborted) {
            cursor = handed.to;
            if (handed.events.length) yield new EventBatch(handed.events);
          }
          continue;
        }
        let events = hub!.between(cursor, upTo);
        let reached = upTo;
        let entitled: (e: CaseEvent) => boolean;
        try {
          if (events) {
            events = events.filter((e) => matches(e, filter));
          } else {
            events = await readFinalEvents(em, cursor, 500, filter, upTo);
            if (events.length === 500) reached = cursorOf(events[events.length - 1]);
          }
          entitled = await stillEntitled(ctx, events);
        } catch (err) {
          // The database is restarting: hold the cursor and try again, so the stream resumes
          // where it was once the database is back, rather than ending.
          if (!isDatabaseUnavailable(err)) throw err;
          ctx.logger.warn("case event stream waiting for the database", { error: String(err) });
          await new Promise((r) => setTimeout(r, 1000).unref());
          continue;
        }
        if (abort.signal.aborted) return;
        const batch = events.filter(entitled);
        if (batch.length) yield new EventBatch(batch);
        cursor = reached;
      }
    } finally {
      closed();
    }
  }

  const gen = stream();
  const iterator: AsyncIterableIterator<EventBatch<CaseEvent>> = {
    next: () => gen.next(),
    return: (value?: unknown) => {
      abort.abort();
      return gen.return(value as EventBatch<CaseEvent>);
    },
    throw: (err?: unknown) => {
      abort.abort();
      return gen.throw(err);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/**
 * The events someone may receive, as SQL over the event alias `e`: the case visible to them, the
 * child's own records too when the event is about a child, and one of their roles in its audience.
 */
export function entitledEvents(runtime: HubRuntime, principal: Principal, today: string): SqlPredicate {
  const access = caseAccess(runtime).cases(principal, today, "p");
  const childAccess = caseAccess(runtime).childRecords(principal, today, "fc", "fp");
  return {
    sql: `EXISTS (SELECT 1 FROM proceedings p WHERE p.id = e.proceedings_id AND ${access.sql})
          AND (e.child_id IS NULL OR EXISTS (SELECT 1 FROM child fc JOIN proceedings fp ON fp.id = fc.proceedings_id WHERE fc.id = e.child_id AND ${childAccess.sql}))
          AND e.audience && CAST(:feedRoles AS role[])`,
    params: { ...access.params, ...childAccess.params, feedRoles: `{${principal.roles.join(",")}}` },
  };
}

/** The same events as a page, for clients that poll: oldest first, resumable by cursor. */
export async function caseEventFeed(ctx: AuthorisedContext, args: EventStreamArgs & { first: number }): Promise<Page<ReturnType<typeof toEventView>>> {
  const size = pageSize(args.first, ctx.runtime.config.maxPageSize);
  const filter = await resolveFilter(ctx, args);
  const after = args.after ? decodeEventCursor(args.after) : ORIGIN;
  const rows = await readFinalEvents(ctx.em, after, size + 1, filter, undefined, entitledEvents(ctx.runtime, ctx.principal, ctx.today()));
  const hasNextPage = rows.length > size;
  const nodes = rows.slice(0, size).map(toEventView);
  if (!filter.proceedingsId) ctx.audit.touchMany(new Set(nodes.map((n) => n.proceedingsId)));
  return {
    edges: nodes.map((node) => ({ node, cursor: node.cursor })),
    pageInfo: { hasNextPage, endCursor: nodes.length ? nodes[nodes.length - 1].cursor : (args.after ?? null) },
  };
}
