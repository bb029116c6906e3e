import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { registerEnumType } from "type-graphql";
import { LocalDate } from "../../core/calendar/calendar";

export enum DisputeStatus {
  INFORMAL = "INFORMAL",
  FORMAL = "FORMAL",
  RESOLVED = "RESOLVED",
}
registerEnumType(DisputeStatus, { name: "DisputeStatus", description: "An informal concern, a formal dispute, or resolved" });

/** A dispute is open until it is resolved, informal or formal: the one definition. */
export const OPEN_DISPUTE_STATUSES: readonly DisputeStatus[] = [DisputeStatus.INFORMAL, DisputeStatus.FORMAL];
/** The same, as SQL over a dispute alias. */
export const openDisputeSql = (alias: string) => `${alias}.status IN (${OPEN_DISPUTE_STATUSES.map((s) => `'${s}'`).join(", ")})`;

/** The IRO's challenge to the local authority about a child's plan. */
@Entity()
@Index(["childId", "status"])
export class Dispute {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "uuid" })
  childId: string;

  @Column({ type: "text" })
  concern: string;

  @Column({ type: "uuid" })
  raisedById: string;

  @Column({ type: "enum", enum: DisputeStatus, enumName: "dispute_status" })
  status: DisputeStatus;

  /** When it became formal: the 20 working days run from here. */
  @Column({ type: "date", nullable: true })
  formalFrom: LocalDate | null;

  @Column({ type: "text", nullable: true })
  resolution: string | null;

  @CreateDateColumn({ type: "timestamptz" })
  raisedAt: Date;
}

/** One stage of a formal dispute: who must answer, by when, and what they said. */
@Entity()
@Index(["disputeId", "stageOrder"], { unique: true })
@Index(["responderId", "respondedAt"])
export class DisputeStage {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  disputeId: string;

  @ManyToOne(() => Dispute, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "dispute_id" })
  dispute?: Relation<Dispute>;

  @Column({ type: "text" })
  stage: string;

  @Column({ type: "int" })
  stageOrder: number;

  @Column({ type: "uuid" })
  responderId: string;

  @Column({ type: "date" })
  startedOn: LocalDate;

  @Column({ type: "date" })
  respondBy: LocalDate;

  @Column({ type: "text", nullable: true })
  response: string | null;

  @Column({ type: "boolean", nullable: true })
  resolved: boolean | null;

  @Column({ type: "timestamptz", nullable: true })
  respondedAt: Date | null;
}

export enum ReferralStatus {
  PENDING = "PENDING",
  ACCEPTED = "ACCEPTED",
  DECLINED = "DECLINED",
  CLOSED = "CLOSED",
}
registerEnumType(ReferralStatus, { name: "ReferralStatus" });

/** A referral is open while Cafcass has yet to decline it or close it. */
export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = [ReferralStatus.PENDING, ReferralStatus.ACCEPTED];

/** The IRO's referral of the case to Cafcass (Children Act 1989 s25B(3)). */
@Entity()
@Index(["childId", "status"])
// One open referral per child: a second concurrent one fails.
@Index("UQ_cafcass_referral_open_per_child", ["childId"], { unique: true, where: "status IN ('PENDING', 'ACCEPTED')" })
export class CafcassReferral {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "uuid" })
  childId: string;

  @Column({ type: "text" })
  reason: string;

  @Column({ type: "uuid" })
  raisedById: string;

  @Column({ type: "enum", enum: ReferralStatus, enumName: "referral_status" })
  status: ReferralStatus;

  @Column({ type: "uuid", nullable: true })
  handledById: string | null;

  @Column({ type: "text", nullable: true })
  declineReason: string | null;

  @Column({ type: "uuid", nullable: true })
  guardianId: string | null;

  @Column({ type: "date", nullable: true })
  acceptedOn: LocalDate | null;

  /** The appointed guardian decides the course of action by then (2 weeks). */
  @Column({ type: "date", nullable: true })
  decisionDueOn: LocalDate | null;

  @Column({ type: "text", nullable: true })
  decision: string | null;

  @Column({ type: "date", nullable: true })
  decidedOn: LocalDate | null;

  @Column({ type: "text", nullable: true })
  outcome: string | null;

  @CreateDateColumn({ type: "timestamptz" })
  raisedAt: Date;
}
