import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { LocalDate } from "../../core/calendar/calendar";
import { Child } from "../proceedings/proceedings.module";
import { CarePlanVersion } from "../care-plans/care-plans.module";
import { SignificantEvent } from "../significant-events/significant-events.module";
import { AppointmentRole } from "../appointments/appointments.module";

/** A change to a child's plan after the final order, which the IRO, the court and (for a while) the guardian must hear of. */
@Entity()
@Index(["childId", "raisedAt"])
export class PostOrderChange {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "uuid" })
  childId: string;

  @ManyToOne(() => Child, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "child_id" })
  child?: Relation<Child>;

  @Column({ type: "uuid", nullable: true })
  carePlanVersionId: string | null;

  @ManyToOne(() => CarePlanVersion, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "care_plan_version_id" })
  carePlanVersion?: Relation<CarePlanVersion>;

  @Column({ type: "uuid", nullable: true })
  significantEventId: string | null;

  @ManyToOne(() => SignificantEvent, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "significant_event_id" })
  significantEvent?: Relation<SignificantEvent>;

  @Column({ type: "date" })
  raisedOn: LocalDate;

  /** Unacknowledged after this date, a recipient's copy is overdue. */
  @Column({ type: "date" })
  acknowledgeBy: LocalDate;

  @CreateDateColumn({ type: "timestamptz" })
  raisedAt: Date;
}

/** Who must acknowledge a change: the IRO and the guardian as people, the court as an organisation. */
@Entity()
@Index(["changeId", "role"], { unique: true })
@Index(["userId", "acknowledgedAt"])
@Index(["organisationId", "acknowledgedAt"])
export class PostOrderChangeRecipient {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  changeId: string;

  @ManyToOne(() => PostOrderChange, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "change_id" })
  change?: Relation<PostOrderChange>;

  @Column({ type: "enum", enum: AppointmentRole, enumName: "appointment_role" })
  role: AppointmentRole;

  @Column({ type: "uuid", nullable: true })
  userId: string | null;

  @Column({ type: "uuid" })
  organisationId: string;

  @Column({ type: "timestamptz", nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: "uuid", nullable: true })
  acknowledgedById: string | null;
}
