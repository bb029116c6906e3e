import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { LocalDate } from "../../core/calendar/calendar";
import { Child } from "../proceedings/proceedings.module";

/** A looked-after review, chaired and recorded by the IRO. */
@Entity()
@Index(["childId", "heldOn"])
export class Review {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "uuid" })
  childId: string;

  @ManyToOne(() => Child, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "child_id" })
  child?: Relation<Child>;

  @Column({ type: "date" })
  heldOn: LocalDate;

  @Column({ type: "text", array: true })
  participants: string[];

  /** Whether the IRO spoke to the child before the review. */
  @Column({ type: "boolean" })
  spokeToChild: boolean;

  @Column({ type: "text", nullable: true })
  childViews: string | null;

  @Column({ type: "boolean" })
  planOnTrack: boolean;

  /** The IRO's internal notes: never shown to the court. */
  @Column({ type: "text", nullable: true })
  concerns: string | null;

  /** Held because of a significant change, outside the statutory cycle's deadline. */
  @Column({ type: "boolean", default: false })
  extra: boolean;

  /**
   * After a monitored final order, what the IRO proposes to tell the court: the assurance
   * module drafts the court's statement from it (not exposed on the review itself).
   */
  @Column({ type: "text", nullable: true })
  summaryForCourt: string | null;

  @Column({ type: "uuid" })
  recordedById: string;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}

/** A decision of a review, with who must carry it out and by when. */
@Entity()
@Index(["childId", "completedAt"])
export class ReviewDecision {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  reviewId: string;

  @ManyToOne(() => Review, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "review_id" })
  review?: Relation<Review>;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "uuid" })
  childId: string;

  @Column({ type: "text" })
  description: string;

  @Column({ type: "text" })
  owner: string;

  @Column({ type: "date" })
  dueOn: LocalDate;

  @Column({ type: "timestamptz", nullable: true })
  completedAt: Date | null;
}

/** When the child became looked after, and what the IRO told the court about the first post-order review. */
@Entity()
export class LookedAfterRecord {
  @Column({ type: "uuid", primary: true })
  childId: string;

  @ManyToOne(() => Child, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "child_id" })
  child?: Relation<Child>;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "date" })
  lookedAfterSince: LocalDate;

  /** Stated by the IRO at the final hearing. */
  @Column({ type: "date", nullable: true })
  firstPostOrderReviewOn: LocalDate | null;

  /** An extra review the IRO called after a significant change, until one is held. */
  @Column({ type: "date", nullable: true })
  extraReviewRequestedOn: LocalDate | null;

  @Column({ type: "date", nullable: true })
  extraReviewDueOn: LocalDate | null;

  @Column({ type: "text", nullable: true })
  extraReviewReason: string | null;
}
