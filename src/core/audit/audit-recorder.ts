import { AsyncLocalStorage } from "node:async_hooks";
import { EntityManager } from "typeorm";
import { AuditEntry } from "./audit-entry.entity";
import { auditBatcherFor } from "./audit-batch";
import { AuditKey, seal } from "./audit-key";

interface Touch {
  proceedingsId: string | null;
  childId: string | null;
}

const currentOperation = new AsyncLocalStorage<AuditRecorder>();

/**
 * The context's audit handle. Root query fields of one request run concurrently, so each
 * operation gets its own recorder (runAudited starts one); touches go to the operation whose
 * async call chain they happen in.
 */
export class OperationAudit {
  private readonly fallback: AuditRecorder;

  constructor(private readonly key: AuditKey) {
    this.fallback = new AuditRecorder(key);
  }

  private get current(): AuditRecorder {
    return currentOperation.getStore() ?? this.fallback;
  }

  touch(proceedingsId: string | null, childId: string | null = null): void {
    this.current.touch(proceedingsId, childId);
  }

  touchMany(proceedingsIds: Iterable<string>): void {
    this.current.touchMany(proceedingsIds);
  }

  flush(em: EntityManager, entry: Parameters<AuditRecorder["flush"]>[1]): Promise<void> {
    return this.current.flush(em, entry);
  }

  /** Runs one operation with a recorder of its own. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return currentOperation.run(new AuditRecorder(this.key), fn);
  }
}

// Collects which cases and children an operation read or wrote; the operation middleware
// turns them into audit rows when the operation ends (inside a mutation's transaction, so a
// write and its audit commit together; on its own after a failure, so refusals are recorded).
export class AuditRecorder {
  private readonly touched = new Map<string, Touch>();

  constructor(private readonly key: AuditKey) {}

  touch(proceedingsId: string | null, childId: string | null = null): void {
    this.touched.set(`${proceedingsId}|${childId}`, { proceedingsId, childId });
  }

  touchMany(proceedingsIds: Iterable<string>): void {
    for (const id of proceedingsIds) this.touch(id);
  }

  /** Writes one row per case/child touched (one row with no case when none was). */
  async flush(
    em: EntityManager,
    entry: { requestId: string; userId: string | null; organisationId: string | null; operation: string; outcome: string },
  ): Promise<void> {
    const touches = this.touched.size ? [...this.touched.values()] : [{ proceedingsId: null, childId: null }];
    this.touched.clear();
    const rows = seal(
      this.key,
      touches.map((t) => ({ ...entry, ...t })),
    );
    // Inside a transaction the rows commit with it; outside, they join the other reads' batch.
    if (em.queryRunner?.isTransactionActive) await em.insert(AuditEntry, rows);
    else await auditBatcherFor(em.connection).write(rows);
  }
}
