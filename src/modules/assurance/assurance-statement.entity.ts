import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { registerEnumType } from "type-graphql";
import { LocalDate } from "../../core/calendar/calendar";
import { Review } from "../reviews/reviews.module";

export enum StatementStatus {
  DRAFT = "DRAFT",
  RELEASED = "RELEASED",
}
registerEnumType(StatementStatus, { name: "StatementStatus", description: "DRAFT until the IRO signs it off; RELEASED statements never change" });

/** What the court is told after a post-order review: the review's timeliness, the plan, open challenges. */
@Entity()
@Index(["childId", "heldOn"])
export class AssuranceStatement {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "uuid" })
  childId: string;

  @Column({ type: "uuid", unique: true })
  reviewId: string;

  @ManyToOne(() => Review, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "review_id" })
  review?: Relation<Review>;

  @Column({ type: "date" })
  heldOn: LocalDate;

  @Column({ type: "date" })
  dueOn: LocalDate;

  @Column({ type: "boolean" })
  heldOnTime: boolean;

  @Column({ type: "boolean" })
  planOnTrack: boolean;

  @Column({ type: "int" })
  openDisputes: number;

  @Column({ type: "int" })
  openReferrals: number;

  /** What the IRO tells the court; the review's own notes stay with the IRO. */
  @Column({ type: "text" })
  summaryForCourt: string;

  @Column({ type: "enum", enum: StatementStatus, enumName: "statement_status", default: StatementStatus.DRAFT })
  status: StatementStatus;

  @Column({ type: "timestamptz", nullable: true })
  releasedAt: Date | null;

  @Column({ type: "uuid", nullable: true })
  releasedById: string | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
