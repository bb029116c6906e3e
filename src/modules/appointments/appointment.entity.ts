import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { registerEnumType } from "type-graphql";
import { LocalDate, compareDates } from "../../core/calendar/calendar";
import { Organisation, HubUser } from "../directory/directory.module";
import { Proceedings, Child } from "../proceedings/proceedings.module";

export enum AppointmentRole {
  LA_LEGAL_DEPARTMENT = "LA_LEGAL_DEPARTMENT",
  COURT = "COURT",
  IRO = "IRO",
  GUARDIAN = "GUARDIAN",
  SOCIAL_WORKER = "SOCIAL_WORKER",
}
registerEnumType(AppointmentRole, {
  name: "AppointmentRole",
  description:
    "The capacity in which someone is on a case. The legal department and the court are on the case as organisations; IROs, guardians and social workers are appointed as people, per child.",
});

// Who holds which role on a case, and from when to when. Appointments are the only source of
// case access (with the managers' rules in CaseAccess): nothing else grants sight of a case.
@Entity()
@Index(["proceedingsId"])
@Index(["userId"])
@Index(["organisationId", "role"])
@Index(["childId", "role"])
// One open-ended IRO (guardian, social worker) per child: a concurrent second appointment fails.
@Index("UQ_appointment_open_per_child_role", ["childId", "role"], { unique: true, where: "ends_on IS NULL AND child_id IS NOT NULL" })
export class Appointment {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @ManyToOne(() => Proceedings, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "proceedings_id" })
  proceedings?: Relation<Proceedings>;

  /** The child the appointment is for; null for the legal department and the court. */
  @Column({ type: "uuid", nullable: true })
  childId: string | null;

  @ManyToOne(() => Child, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "child_id" })
  child?: Relation<Child>;

  @Column({ type: "enum", enum: AppointmentRole, enumName: "appointment_role" })
  role: AppointmentRole;

  /** The person appointed; null when the organisation as a whole is on the case. */
  @Column({ type: "uuid", nullable: true })
  userId: string | null;

  @ManyToOne(() => HubUser, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "user_id" })
  user?: Relation<HubUser>;

  @Column({ type: "uuid" })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "organisation_id" })
  organisation?: Relation<Organisation>;

  @Column({ type: "date" })
  startsOn: LocalDate;

  /** Last day of the appointment (inclusive); null while it runs. */
  @Column({ type: "date", nullable: true })
  endsOn: LocalDate | null;

  @Column({ type: "uuid", nullable: true })
  appointedById: string | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}

/** Whether an appointment runs on `today` (endsOn is its last day). */
export function isCurrent(a: Pick<Appointment, "startsOn" | "endsOn">, today: LocalDate): boolean {
  return compareDates(a.startsOn, today) <= 0 && (!a.endsOn || compareDates(a.endsOn, today) >= 0);
}
