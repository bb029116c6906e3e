import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, UpdateDateColumn } from "typeorm";
import { registerEnumType } from "type-graphql";
import { LocalDate } from "../../core/calendar/calendar";
import { Child } from "../proceedings/proceedings.module";
import { AppointmentRole } from "../appointments/appointments.module";

/** The Good Practice Protocol's steps (domain reference section 3), one checklist row each. */
export enum ProtocolChecklistStep {
  IRO_KNOWN_TO_COURT = "IRO_KNOWN_TO_COURT",
  GUARDIAN_AND_IRO_INTRODUCED = "GUARDIAN_AND_IRO_INTRODUCED",
  EARLY_CONTACT = "EARLY_CONTACT",
  PAPERS_REACH_IRO = "PAPERS_REACH_IRO",
  CARE_PLAN_VIEWS_BEFORE_HEARINGS = "CARE_PLAN_VIEWS_BEFORE_HEARINGS",
  REVIEWS_IN_PROCEEDINGS = "REVIEWS_IN_PROCEEDINGS",
  OUTCOME_TO_IRO = "OUTCOME_TO_IRO",
  POST_ORDER_MONITORING = "POST_ORDER_MONITORING",
}
registerEnumType(ProtocolChecklistStep, {
  name: "ProtocolChecklistStep",
  description: "Steps 1-8 of the IRO/guardian Good Practice Protocol",
  valuesConfig: {
    IRO_KNOWN_TO_COURT: { description: "1. The court is told who the IRO is" },
    GUARDIAN_AND_IRO_INTRODUCED: { description: "2. Guardian and IRO are told of each other" },
    EARLY_CONTACT: { description: "3. IRO and guardian make contact (within 10 working days of the later appointment)" },
    PAPERS_REACH_IRO: { description: "4. The application papers reach the IRO" },
    CARE_PLAN_VIEWS_BEFORE_HEARINGS: { description: "5. IRO and guardian share care plan views before the CMH, IRH and final hearing" },
    REVIEWS_IN_PROCEEDINGS: { description: "6. The IRO tells the guardian of review dates" },
    OUTCOME_TO_IRO: { description: "7. After the final hearing: order, final care plan and judgment to the IRO; guardian's handover note" },
    POST_ORDER_MONITORING: { description: "8. The IRO monitors the plan after the order (post-order changes acknowledged)" },
  },
});

/** Each step in a few words, for emails and calendars ("step 3, IRO and guardian make contact"). */
export const STEP_TITLES: Record<ProtocolChecklistStep, string> = {
  IRO_KNOWN_TO_COURT: "step 1, the court is told who the IRO is",
  GUARDIAN_AND_IRO_INTRODUCED: "step 2, guardian and IRO are told of each other",
  EARLY_CONTACT: "step 3, IRO and guardian make contact",
  PAPERS_REACH_IRO: "step 4, the application papers reach the IRO",
  CARE_PLAN_VIEWS_BEFORE_HEARINGS: "step 5, IRO and guardian share care plan views before the hearings",
  REVIEWS_IN_PROCEEDINGS: "step 6, the IRO tells the guardian of review dates",
  OUTCOME_TO_IRO: "step 7, the order, final care plan and judgment reach the IRO",
  POST_ORDER_MONITORING: "step 8, the IRO monitors the plan after the order",
};

export enum LiaisonMethod {
  MEETING = "MEETING",
  CALL = "CALL",
  EMAIL = "EMAIL",
  REVIEW_ATTENDANCE = "REVIEW_ATTENDANCE",
}
registerEnumType(LiaisonMethod, { name: "LiaisonMethod" });

export enum LiaisonTopic {
  CARE_PLAN = "CARE_PLAN",
  PLACEMENT = "PLACEMENT",
  CONTACT = "CONTACT",
  CHILD_WISHES = "CHILD_WISHES",
  TIMETABLE = "TIMETABLE",
  DISAGREEMENT = "DISAGREEMENT",
  REVIEW_DATES = "REVIEW_DATES",
  REVIEW_CONTRIBUTION = "REVIEW_CONTRIBUTION",
  HANDOVER = "HANDOVER",
}
registerEnumType(LiaisonTopic, {
  name: "LiaisonTopic",
  valuesConfig: {
    REVIEW_DATES: { description: "The IRO told the guardian of review dates (step 6)" },
    REVIEW_CONTRIBUTION: { description: "The guardian's contribution to a review" },
    HANDOVER: { description: "The guardian's note of what the IRO should watch after the order (step 7)" },
  },
});

/** A contact between the IRO and the guardian about a child, as one of them recorded it. */
@Entity()
@Index(["childId", "occurredOn"])
@Index(["proceedingsId"])
export class LiaisonRecord {
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
  occurredOn: LocalDate;

  @Column({ type: "enum", enum: LiaisonMethod, enumName: "liaison_method" })
  method: LiaisonMethod;

  @Column({ type: "text", array: true })
  participants: string[];

  @Column({ type: "enum", enum: ProtocolChecklistStep, enumName: "protocol_checklist_step", nullable: true })
  protocolStep: ProtocolChecklistStep | null;

  @Column({ type: "uuid", nullable: true })
  hearingId: string | null;

  @Column({ type: "enum", enum: LiaisonTopic, enumName: "liaison_topic", array: true })
  topics: LiaisonTopic[];

  @Column({ type: "text", nullable: true })
  iroViewsOnCarePlan: string | null;

  @Column({ type: "text", nullable: true })
  guardianViewsOnCarePlan: string | null;

  @Column({ type: "text", nullable: true })
  concerns: string | null;

  @Column({ type: "text", nullable: true })
  notes: string | null;

  @Column({ type: "uuid" })
  authorId: string;

  @Column({ type: "enum", enum: AppointmentRole, enumName: "appointment_role" })
  authorRole: AppointmentRole;

  /** A correction of an earlier (fixed) record. (Indexed: the figures look corrections up by it.) */
  @Index()
  @Column({ type: "uuid", nullable: true })
  correctsId: string | null;

  /** The other party's own account of the same contact. */
  @Column({ type: "uuid", nullable: true })
  respondsToId: string | null;

  /** The author may edit until then; afterwards the record is fixed (corrections are new records). */
  @Column({ type: "timestamptz" })
  editableUntil: Date;

  @Column({ type: "uuid", nullable: true })
  confirmedById: string | null;

  @Column({ type: "timestamptz", nullable: true })
  confirmedAt: Date | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;
}

export enum ActionOwner {
  IRO = "IRO",
  GUARDIAN = "GUARDIAN",
  SOCIAL_WORKER = "SOCIAL_WORKER",
  LA_LEGAL = "LA_LEGAL",
}
registerEnumType(ActionOwner, { name: "ActionOwner", description: "Who owns an agreed action" });

@Entity()
@Index(["childId", "completedAt"])
@Index(["proceedingsId"])
export class LiaisonAction {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  liaisonId: string;

  @ManyToOne(() => LiaisonRecord, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "liaison_id" })
  liaison?: Relation<LiaisonRecord>;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "uuid" })
  childId: string;

  @Column({ type: "text" })
  description: string;

  @Column({ type: "enum", enum: ActionOwner, enumName: "action_owner" })
  owner: ActionOwner;

  @Column({ type: "date" })
  dueOn: LocalDate;

  @Column({ type: "timestamptz", nullable: true })
  completedAt: Date | null;

  @Column({ type: "uuid", nullable: true })
  completedById: string | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
