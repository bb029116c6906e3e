import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { Role } from "../access/roles";
import { CaseEventKind } from "./case-event-kind";

// The transactional outbox: every state change writes its event in the same transaction.
//
// Ordering: ids from a sequence are handed out at insert but become visible at commit, so a
// reader taking `id > cursor` can pass over an id whose transaction commits late. Each event
// therefore records its writing transaction's id (tx_id), and readers only take events from
// transactions older than the oldest one still running (the snapshot's xmin): those can no
// longer change. The cursor is (tx_id, id); every event below the horizon is final, and every
// event a later read can find sorts after it. See events.ts.
@Entity()
@Index(["txId", "id"])
@Index(["proceedingsId", "txId", "id"])
export class CaseEvent {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  // case_event_tx_id() is pg_current_xact_id() as a bigint (created by the migration).
  @Column({ type: "bigint", default: () => "case_event_tx_id()" })
  txId: string;

  @Column({ type: "enum", enum: CaseEventKind, enumName: "case_event_kind" })
  kind: CaseEventKind;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "uuid", nullable: true })
  childId: string | null;

  /** The id of the record the event is about (a care plan version, a hearing...). */
  @Column({ type: "uuid", nullable: true })
  subjectId: string | null;

  /** The roles that may receive it, among those on the case. */
  @Column({ type: "enum", enum: Role, enumName: "role", array: true })
  audience: Role[];

  /** The person whose action raised it; null when the hub did (a deadline passing, a job). */
  @Column({ type: "uuid", nullable: true })
  actorId: string | null;

  @CreateDateColumn({ type: "timestamptz" })
  occurredAt: Date;
}
