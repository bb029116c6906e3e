import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { LocalDate } from "../calendar/calendar";
import { Role } from "../access/roles";
import { HubRuntime, inTransaction, systemContext } from "../context";
import { CaseEventKind } from "./case-event-kind";
import { recordCaseEvent } from "./events";

// Deadlines pass without anyone writing anything, so periodic jobs look for them. Each thing
// that became overdue (a protocol step, a review, a decision, a dispute stage) is noted once per
// due date, and only the run that writes the note raises the event: running the jobs in every
// hub process, or again, raises nothing twice.
@Entity()
@Index(["subjectKey", "dueOn"], { unique: true })
export class OverdueNotice {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "uuid", nullable: true })
  childId: string | null;

  @Column({ type: "enum", enum: CaseEventKind, enumName: "case_event_kind" })
  kind: CaseEventKind;

  /** What is overdue, e.g. "review:<child id>" or "protocol:<child id>:EARLY_CONTACT". */
  @Column({ type: "text" })
  subjectKey: string;

  @Column({ type: "date" })
  dueOn: LocalDate;

  @CreateDateColumn({ type: "timestamptz" })
  raisedAt: Date;
}

export interface Overdue {
  proceedingsId: string;
  childId: string | null;
  kind: CaseEventKind;
  subjectKey: string;
  /** The record the event points at; the notice itself when omitted. */
  subjectId?: string;
  dueOn: LocalDate;
  audience: readonly Role[];
}

/**
 * Notes many in one statement, and raises the events of those not noted before, in one
 * transaction; returns how many were new. Running it again (or in another process at once)
 * raises nothing twice: the note's unique key decides which run raises.
 */
export async function raiseOverduesOnce(runtime: HubRuntime, items: readonly Overdue[]): Promise<number> {
  if (!items.length) return 0;
  // In key order, so that two processes noting the same deadlines at once cannot deadlock.
  items = [...items].sort((a, b) => a.subjectKey.localeCompare(b.subjectKey) || a.dueOn.localeCompare(b.dueOn));
  return runtime.dataSource.transaction(async (em) => {
    const noted: { id: string; subject_key: string; due_on: string }[] = await em.query(
      `INSERT INTO overdue_notice (proceedings_id, child_id, kind, subject_key, due_on)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::case_event_kind[], $4::text[], $5::date[])
       ON CONFLICT (subject_key, due_on) DO NOTHING
       RETURNING id, subject_key, to_char(due_on, 'YYYY-MM-DD') AS due_on`,
      [items.map((o) => o.proceedingsId), items.map((o) => o.childId), items.map((o) => o.kind), items.map((o) => o.subjectKey), items.map((o) => o.dueOn)],
    );
    const byKey = new Map(items.map((o) => [`${o.subjectKey}|${o.dueOn}`, o]));
    const ctx = inTransaction(systemContext(runtime, null), em);
    for (const note of noted) {
      const o = byKey.get(`${note.subject_key}|${note.due_on}`)!;
      await recordCaseEvent(ctx, { kind: o.kind, proceedingsId: o.proceedingsId, childId: o.childId, subjectId: o.subjectId ?? note.id, audience: o.audience });
    }
    return noted.length;
  });
}
