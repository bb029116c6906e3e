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

/** Notes it and raises its event in one transaction; false when it was already raised. */
export async function raiseOverdueOnce(runtime: HubRuntime, o: Overdue): Promise<boolean> {
  return runtime.dataSource.transaction(async (em) => {
    const res = await em
      .createQueryBuilder()
      .insert()
      .into(OverdueNotice)
      .values({ proceedingsId: o.proceedingsId, childId: o.childId, kind: o.kind, subjectKey: o.subjectKey, dueOn: o.dueOn })
      .orIgnore()
      .execute();
    const noticeId = res.identifiers[0]?.id as string | undefined;
    if (!noticeId) return false;
    await recordCaseEvent(inTransaction(systemContext(runtime, null), em), {
      kind: o.kind,
      proceedingsId: o.proceedingsId,
      childId: o.childId,
      subjectId: o.subjectId ?? noticeId,
      audience: o.audience,
    });
    return true;
  });
}
