import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { registerEnumType } from "type-graphql";
import { Proceedings, Child } from "../proceedings/proceedings.module";
import { Appointment } from "../appointments/appointments.module";

/** The Good Practice Protocol's joins (domain reference section 3), numbered as there. */
export enum ProtocolStep {
  IRO_KNOWN_TO_COURT = "IRO_KNOWN_TO_COURT",
  GUARDIAN_AND_IRO_INTRODUCED = "GUARDIAN_AND_IRO_INTRODUCED",
}
registerEnumType(ProtocolStep, {
  name: "ProtocolStep",
  description: "A join of the IRO/guardian Good Practice Protocol",
  valuesConfig: {
    IRO_KNOWN_TO_COURT: { description: "Step 1: the court is told the IRO's name and contact details" },
    GUARDIAN_AND_IRO_INTRODUCED: { description: "Step 2: the guardian and the IRO are told of each other" },
  },
});

// A notice the hub sent on someone's behalf when an appointment was made. It keeps a copy of
// the contact details as they were sent: what the court was told must not change afterwards.
@Entity()
@Index(["proceedingsId"])
@Index(["childId", "step"])
export class ProtocolNotice {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @ManyToOne(() => Proceedings, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "proceedings_id" })
  proceedings?: Relation<Proceedings>;

  @Column({ type: "uuid" })
  childId: string;

  @ManyToOne(() => Child, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "child_id" })
  child?: Relation<Child>;

  @Column({ type: "enum", enum: ProtocolStep, enumName: "protocol_step" })
  step: ProtocolStep;

  /** The IRO's appointment (both steps name the IRO). */
  @Column({ type: "uuid" })
  iroAppointmentId: string;

  @ManyToOne(() => Appointment, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "iro_appointment_id" })
  iroAppointment?: Relation<Appointment>;

  /** The guardian's appointment, for the introduction. */
  @Column({ type: "uuid", nullable: true })
  guardianAppointmentId: string | null;

  @ManyToOne(() => Appointment, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "guardian_appointment_id" })
  guardianAppointment?: Relation<Appointment>;

  /** The contact details as sent: [{ role, name, organisation, email, phone }]. */
  @Column({ type: "jsonb" })
  contacts: NoticeContact[];

  @CreateDateColumn({ type: "timestamptz" })
  sentAt: Date;
}

export interface NoticeContact {
  role: "IRO" | "GUARDIAN";
  name: string;
  organisation: string;
  email: string;
  phone: string | null;
}
