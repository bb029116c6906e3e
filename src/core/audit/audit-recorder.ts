import { EntityManager } from "typeorm";
import { AuditEntry } from "./audit-entry.entity";

interface Touch {
  proceedingsId: string | null;
  childId: string | null;
}

// Collects which cases and children an operation read or wrote; the operation middleware
// turns them into audit rows when the operation ends (inside a mutation's transaction, so a
// write and its audit commit together; on its own after a failure, so refusals are recorded).
export class AuditRecorder {
  private readonly touched = new Map<string, Touch>();

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
    await em.insert(
      AuditEntry,
      touches.map((t) => ({ ...entry, ...t })),
    );
  }
}
