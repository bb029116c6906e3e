import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { registerEnumType } from "type-graphql";
import { LocalDate } from "../../core/calendar/calendar";
import { Child } from "../proceedings/proceedings.module";

/** What the social worker must tell the IRO of (IRO Handbook 3.74). */
export enum SignificantEventKind {
  PROPOSED_CARE_PLAN_CHANGE = "PROPOSED_CARE_PLAN_CHANGE",
  REVIEW_DECISION_NOT_CARRIED_OUT = "REVIEW_DECISION_NOT_CARRIED_OUT",
  CONTACT_CHANGE = "CONTACT_CHANGE",
  SOCIAL_WORKER_CHANGE = "SOCIAL_WORKER_CHANGE",
  SAFEGUARDING_CONCERN = "SAFEGUARDING_CONCERN",
  COMPLAINT = "COMPLAINT",
  PLACEMENT_CHANGE = "PLACEMENT_CHANGE",
  BIRTH_FAMILY_CHANGE = "BIRTH_FAMILY_CHANGE",
  OFFENCE_CHARGED = "OFFENCE_CHARGED",
  SCHOOL_EXCLUSION = "SCHOOL_EXCLUSION",
  MISSING_FROM_PLACEMENT = "MISSING_FROM_PLACEMENT",
  HEALTH_EVENT = "HEALTH_EVENT",
  PERMANENCE_DECISION = "PERMANENCE_DECISION",
}
registerEnumType(SignificantEventKind, {
  name: "SignificantEventKind",
  description: "A significant event the IRO must hear of (IRO Handbook 3.74)",
  valuesConfig: {
    PROPOSED_CARE_PLAN_CHANGE: { description: "A proposed change to the care plan, including at short notice" },
    REVIEW_DECISION_NOT_CARRIED_OUT: { description: "A review decision not carried out in time" },
    CONTACT_CHANGE: { description: "A major change to contact arrangements" },
    SOCIAL_WORKER_CHANGE: { description: "A change of allocated social worker" },
    SAFEGUARDING_CONCERN: { description: "Safeguarding concerns or s47 enquiries" },
    COMPLAINT: { description: "A complaint by or for the child, parent or carer" },
    PLACEMENT_CHANGE: { description: "An unexpected change of placement" },
    BIRTH_FAMILY_CHANGE: { description: "A significant change in the birth family" },
    OFFENCE_CHARGED: { description: "The child charged with an offence" },
    SCHOOL_EXCLUSION: { description: "Exclusion from school" },
    MISSING_FROM_PLACEMENT: { description: "The child missing from placement" },
    HEALTH_EVENT: { description: "A significant health event" },
    PERMANENCE_DECISION: { description: "A permanence panel decision" },
  },
});

@Entity()
@Index(["childId", "occurredOn"])
export class SignificantEvent {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "uuid" })
  childId: string;

  @ManyToOne(() => Child, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "child_id" })
  child?: Relation<Child>;

  @Column({ type: "enum", enum: SignificantEventKind, enumName: "significant_event_kind" })
  kind: SignificantEventKind;

  @Column({ type: "date" })
  occurredOn: LocalDate;

  @Column({ type: "text" })
  summary: string;

  /** The social worker says it changes the care plan (after the order: a post-order change). */
  @Column({ type: "boolean" })
  changesPlan: boolean;

  @Column({ type: "uuid" })
  recordedById: string;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
