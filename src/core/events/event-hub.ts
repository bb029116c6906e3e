import { DataSource } from "typeorm";
import { Logger } from "../logger";
import { NotificationListener } from "../notify/listener";
import { CaseEvent } from "./case-event.entity";
import { CASE_EVENTS_CHANNEL, Cursor, compareCursors, cursorOf, finalHighWater, hasPendingEvents, readFinalEvents } from "./events";

const BATCH = 1000;
const BUFFER_MAX = 20_000;

/** Who may see a batch of events: asked once per batch, whoever is listening. */
export interface EventAudience {
  readonly users: ReadonlySet<string>;
  allows(userId: string, event: CaseEvent): boolean;
}

/** What a parked reader is handed: its events from one batch, and where its cursor now stands. */
export interface HandOver {
  events: CaseEvent[];
  to: Cursor;
}

interface ParkedReader {
  wants: (e: CaseEvent) => boolean;
  resume: (handed: HandOver | null) => void;
}

// One per hub process. It reads newly final events once, however many subscribers there are,
// and keeps the most recent ones in memory so that live subscribers never touch the database
// for them. The database stays the source of truth: a subscriber whose cursor is older than
// the buffer reads from it, and a NOTIFY only says "look" (it carries no data, and a missed one
// is covered by the periodic look).
//
// Readers that are caught up park here. For each new batch the hub asks once who may see its
// events (the audience, from the records), and hands each parked reader of those users the
// events it wants; readers of anyone else stay parked, their cursor implicitly at the new end.
// So an event wakes its own case's people, not every subscriber of the process. If the audience
// cannot be asked, every parked reader is woken to look for itself (and check access itself).
export class EventHub {
  private buffer: CaseEvent[] = [];
  /** Each buffered event's cursor (made once: every woken stream searches the buffer by them). */
  private cursors: Cursor[] = [];
  /** The buffer holds every final event after this cursor. */
  private floor: Cursor = { txId: 0n, id: 0n };
  private high: Cursor = { txId: 0n, id: 0n };
  private waiters = new Set<() => void>();
  private polling: Promise<void> | null = null;
  private pollAgain = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private safetyTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private openStreams = 0;
  private parked = new Map<string, Set<ParkedReader>>();
  /** Told of every batch as it is read (the metrics' read lag). */
  onRead?: (events: readonly CaseEvent[]) => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly listener: NotificationListener,
    private readonly logger: Logger,
    private readonly safetyPollMs = 1000,
    private readonly audienceOf?: (events: CaseEvent[]) => Promise<EventAudience>,
  ) {}

  async start(): Promise<void> {
    this.high = await finalHighWater(this.dataSource.manager);
    this.floor = this.high;
    this.listener.on(CASE_EVENTS_CHANNEL, () => void this.poll());
    this.safetyTimer = setInterval(() => void this.poll(), this.safetyPollMs);
    this.safetyTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.safetyTimer) clearInterval(this.safetyTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const w of this.waiters) w();
    this.waiters.clear();
    this.wakeParked(null);
  }

  /** Every final event up to here has been read by this process. */
  get highWater(): Cursor {
    return this.high;
  }

  /** How many subscribers' streams this process is serving now. */
  get streams(): number {
    return this.openStreams;
  }

  /** Counts a subscriber's stream from the moment its starting cursor is fixed; call the result when it ends. */
  streamOpened(): () => void {
    this.openStreams++;
    let open = true;
    return () => {
      if (open) this.openStreams--;
      open = false;
    };
  }

  /** Buffered events in (after, upTo], or null when the buffer does not reach back to `after`. */
  between(after: Cursor, upTo: Cursor): CaseEvent[] | null {
    if (compareCursors(after, this.floor) < 0) return null;
    // Binary search for the first event after `after`.
    let lo = 0;
    let hi = this.buffer.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareCursors(this.cursors[mid], after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < this.buffer.length && compareCursors(this.cursors[end], upTo) <= 0) end++;
    return this.buffer.slice(lo, end);
  }

  /** Resolves once events beyond `cursor` are known, or when `signal` aborts. */
  waitBeyond(cursor: Cursor, signal: AbortSignal): Promise<void> {
    if (compareCursors(this.high, cursor) > 0 || signal.aborted || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  /**
   * Waits, caught up at the current end (`highWater`), for events this user may see and the
   * reader `wants`: resolves with them and the new cursor; with no events and a cursor to look
   * from when the audience could not be asked; or with null when the hub stopped or `signal`
   * aborted.
   */
  park(userId: string, wants: (e: CaseEvent) => boolean, signal: AbortSignal): Promise<HandOver | null> {
    if (signal.aborted) return Promise.resolve(null);
    // A stopped hub has nothing more to hand over: the reader waits for its subscriber to go.
    if (this.stopped) return new Promise((resolve) => signal.addEventListener("abort", () => resolve(null), { once: true }));
    return new Promise((resolve) => {
      let readers = this.parked.get(userId);
      if (!readers) this.parked.set(userId, (readers = new Set()));
      const reader: ParkedReader = {
        wants,
        resume: (handed) => {
          readers!.delete(reader);
          if (!readers!.size && this.parked.get(userId) === readers) this.parked.delete(userId);
          signal.removeEventListener("abort", onAbort);
          resolve(handed);
        },
      };
      const onAbort = () => reader.resume(null);
      readers.add(reader);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /**
   * Wakes every parked reader to look for itself. Every reader parked now has been covered up to
   * `covered` (the end before the batch that could not be handed over): each batch before it was
   * either handed to it or shown to hold nothing for it. So it looks from there, not from where it
   * parked, which may be far back (below the buffer) for a reader nothing has reached for long.
   */
  private wakeParked(covered: Cursor | null): void {
    for (const readers of [...this.parked.values()]) for (const r of [...readers]) r.resume(covered ? { events: [], to: covered } : null);
  }

  /**
   * Makes a batch visible: the end moves on, parked readers of its audience get their events,
   * and waiters look. One synchronous step, so that no reader can park between the end moving
   * and the hand-over (it would wait at the old end for events already past).
   */
  private publish(rows: CaseEvent[], audience: EventAudience | null): void {
    const covered = this.high;
    this.high = cursorOf(rows[rows.length - 1]);
    if (!audience) this.wakeParked(covered);
    else {
      for (const userId of audience.users) {
        const readers = this.parked.get(userId);
        if (!readers) continue;
        const visible = rows.filter((e) => audience.allows(userId, e));
        if (!visible.length) continue;
        for (const r of [...readers]) {
          const events = visible.filter(r.wants);
          if (events.length) r.resume({ events, to: this.high });
        }
      }
    }
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const w of waiting) w();
  }

  private async audienceFor(rows: CaseEvent[]): Promise<EventAudience | null> {
    if (!this.parked.size || !this.audienceOf) return null;
    try {
      return await this.audienceOf(rows);
    } catch (err) {
      this.logger.warn("event hub could not ask who may see new events; parked readers look for themselves", { error: String(err) });
      return null;
    }
  }

  /** Reads what became final since the last look; concurrent calls fold into one more look. */
  poll(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.polling) {
      this.pollAgain = true;
      return this.polling;
    }
    this.polling = (async () => {
      try {
        do {
          this.pollAgain = false;
          await this.readNew();
        } while (this.pollAgain && !this.stopped);
      } catch (err) {
        this.logger.warn("event hub could not read events", { error: String(err) });
      } finally {
        this.polling = null;
      }
    })();
    return this.polling;
  }

  private async readNew(): Promise<void> {
    const em = this.dataSource.manager;
    for (;;) {
      const rows = await readFinalEvents(em, this.high, BATCH);
      if (!rows.length) break;
      this.onRead?.(rows);
      this.buffer.push(...rows);
      this.cursors.push(...rows.map(cursorOf));
      this.publish(rows, await this.audienceFor(rows));
      if (rows.length < BATCH) break;
    }
    if (this.buffer.length > BUFFER_MAX) {
      const drop = this.buffer.length - BUFFER_MAX;
      this.floor = cursorOf(this.buffer[drop - 1]);
      this.buffer.splice(0, drop);
      this.cursors.splice(0, drop);
    }
    // A committed event held back by an older transaction that is still open: look again soon
    // (that transaction may commit without writing an event, and so without a NOTIFY).
    if (!this.retryTimer && (await hasPendingEvents(em, this.high))) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.poll();
      }, 20);
      this.retryTimer.unref();
    }
  }
}
