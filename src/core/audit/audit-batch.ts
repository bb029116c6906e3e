import type { DataSource } from "typeorm";
import { AuditEntry } from "./audit-entry.entity";

// Reads are audited outside any transaction, one insert each, and every insert waits its turn at
// the hash chain's head (one writer at a time). Under load that queue, not the reads, sets the
// pace. So the audit rows of concurrent reads are written together, in one INSERT (one turn at
// the chain), and each request still waits until its rows are written before it answers: no
// response goes out unaudited.

type Row = Partial<AuditEntry>;

export class AuditBatcher {
  private pending: { rows: Row[]; done: (err?: unknown) => void }[] = [];
  private writing: Promise<void> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  write(rows: Row[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ rows, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.writing) this.writing = this.drain();
    });
  }

  /** Writes what has gathered, then what gathered meanwhile, until nothing waits. */
  private async drain(): Promise<void> {
    // Let the requests of this turn of the event loop join the first batch.
    await new Promise((r) => setImmediate(r));
    while (this.pending.length) {
      const batch = this.pending.splice(0);
      try {
        await this.dataSource.manager.insert(
          AuditEntry,
          batch.flatMap((b) => b.rows),
        );
        for (const b of batch) b.done();
      } catch (err) {
        for (const b of batch) b.done(err);
      }
    }
    this.writing = null;
  }
}

const batchers = new WeakMap<DataSource, AuditBatcher>();

export function auditBatcherFor(dataSource: DataSource): AuditBatcher {
  let b = batchers.get(dataSource);
  if (!b) batchers.set(dataSource, (b = new AuditBatcher(dataSource)));
  return b;
}
