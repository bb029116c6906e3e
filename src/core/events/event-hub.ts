import { DataSource } from "typeorm";
import { Logger } from "../logger";
import { NotificationListener } from "../notify/listener";
import { CaseEvent } from "./case-event.entity";
import { CASE_EVENTS_CHANNEL, Cursor, compareCursors, cursorOf, finalHighWater, hasPendingEvents, readFinalEvents } from "./events";

const BATCH = 1000;
const BUFFER_MAX = 20_000;

// One per hub process. It reads newly final events once, however many subscribers there are,
// and keeps the most recent ones in memory so that live subscribers never touch the database
// for them. The database stays the source of truth: a subscriber whose cursor is older than
// the buffer reads from it, and a NOTIFY only says "look" (it carries no data, and a missed one
// is covered by the periodic look).
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

  constructor(
    private readonly dataSource: DataSource,
    private readonly listener: NotificationListener,
    private readonly logger: Logger,
    private readonly safetyPollMs = 1000,
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
    let got = 0;
    for (;;) {
      const rows = await readFinalEvents(em, this.high, BATCH);
      if (!rows.length) break;
      this.buffer.push(...rows);
      this.cursors.push(...rows.map(cursorOf));
      this.high = cursorOf(rows[rows.length - 1]);
      got += rows.length;
      if (rows.length < BATCH) break;
    }
    if (this.buffer.length > BUFFER_MAX) {
      const drop = this.buffer.length - BUFFER_MAX;
      this.floor = cursorOf(this.buffer[drop - 1]);
      this.buffer.splice(0, drop);
      this.cursors.splice(0, drop);
    }
    if (got) {
      const waiting = [...this.waiters];
      this.waiters.clear();
      for (const w of waiting) w();
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
