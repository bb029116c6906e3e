import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { registerEnumType } from "type-graphql";
import { LocalDate } from "../../core/calendar/calendar";

/** Something that needs a person, which the hub tells them about outside the console. */
export enum NoticeKind {
  PAPER_DELIVERED = "PAPER_DELIVERED",
  POST_ORDER_CHANGE = "POST_ORDER_CHANGE",
  DISPUTE_STAGE_NAMES_YOU = "DISPUTE_STAGE_NAMES_YOU",
  PROTOCOL_STEP_OVERDUE = "PROTOCOL_STEP_OVERDUE",
  REVIEW_OVERDUE = "REVIEW_OVERDUE",
  REVIEW_DECISION_OVERDUE = "REVIEW_DECISION_OVERDUE",
  DISPUTE_STAGE_OVERDUE = "DISPUTE_STAGE_OVERDUE",
  REFERRAL_DECISION_OVERDUE = "REFERRAL_DECISION_OVERDUE",
  ASSURANCE_STATEMENT_RELEASED = "ASSURANCE_STATEMENT_RELEASED",
  DEADLINE_APPROACHING = "DEADLINE_APPROACHING",
  PAPER_QUARANTINED = "PAPER_QUARANTINED",
}

registerEnumType(NoticeKind, {
  name: "NoticeKind",
  description: "What a notice is about; each person chooses per kind how they hear of it",
  valuesConfig: {
    PAPER_DELIVERED: { description: "A court paper was delivered to you (or your court)" },
    POST_ORDER_CHANGE: { description: "A care plan change after the final order waits for your acknowledgement" },
    DISPUTE_STAGE_NAMES_YOU: { description: "A stage of an IRO's dispute names you to answer it" },
    PROTOCOL_STEP_OVERDUE: { description: "A step of the IRO-Cafcass protocol is overdue" },
    REVIEW_OVERDUE: { description: "A child's statutory review is overdue" },
    REVIEW_DECISION_OVERDUE: { description: "A decision from a review is past its deadline" },
    DISPUTE_STAGE_OVERDUE: { description: "A dispute stage went unanswered past its deadline" },
    REFERRAL_DECISION_OVERDUE: { description: "A guardian's decision on a Cafcass referral is overdue" },
    ASSURANCE_STATEMENT_RELEASED: { description: "An IRO released an assurance statement to the court" },
    PAPER_QUARANTINED: { description: "The virus scanner found malware in a paper you (or your organisation) filed: it was not delivered" },
    DEADLINE_APPROACHING: { description: "Something you must do is due within 2 working days: a review, a dispute stage's answer, an acknowledgement" },
  },
});

export enum NoticeDelivery {
  IMMEDIATE = "IMMEDIATE",
  DAILY_DIGEST = "DAILY_DIGEST",
  OFF = "OFF",
}

registerEnumType(NoticeDelivery, {
  name: "NoticeDelivery",
  description: "How a person hears of a kind of notice by email (every notice is also listed in the console)",
  valuesConfig: {
    IMMEDIATE: { description: "An email for each notice, at once" },
    DAILY_DIGEST: { description: "One email a day listing them" },
    OFF: { description: "No email; the console only" },
  },
});

/**
 * One notice to one person, written in the transaction of the change that caused it (so a
 * rolled-back change leaves none). It holds ids and the case number only: the email is made
 * from it without any child's name.
 */
@Entity()
@Index(["userId", "dedupeKey"], { unique: true })
@Index(["userId", "createdAt"])
@Index("IDX_notice_waiting_for_digest", ["userId"], { where: `"delivery" = 'DAILY_DIGEST' AND "email_id" IS NULL` })
export class Notice {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  userId: string;

  @Column({ type: "enum", enum: NoticeKind, enumName: "notice_kind" })
  kind: NoticeKind;

  /** One notice per person per thing: the case event, or what it is about (a dispute stage, a deadline). */
  @Column({ type: "text" })
  dedupeKey: string;

  /** The case event that caused it (none for a reminder of a deadline). */
  @Column({ type: "bigint", nullable: true })
  caseEventId: string | null;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "text" })
  courtCaseNumber: string;

  @Column({ type: "uuid", nullable: true })
  childId: string | null;

  /** The console page that shows it, as a path ("/papers/<id>"). */
  @Column({ type: "text" })
  link: string;

  @Column({ type: "date", nullable: true })
  dueOn: LocalDate | null;

  /** What exactly, in a few words and no personal data ("Review due"), where the kind does not say. */
  @Column({ type: "text", nullable: true })
  detail: string | null;

  /** The person's choice when the notice was made. */
  @Column({ type: "enum", enum: NoticeDelivery, enumName: "notice_delivery" })
  delivery: NoticeDelivery;

  /** The email that carries it (at once, or in a digest); null while waiting for the digest, or when not emailed. */
  @Column({ type: "uuid", nullable: true })
  emailId: string | null;

  @Column({ type: "timestamptz", nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}

@Entity()
export class NotificationPreference {
  @PrimaryColumn({ type: "uuid" })
  userId: string;

  @PrimaryColumn({ type: "enum", enum: NoticeKind, enumName: "notice_kind" })
  kind: NoticeKind;

  @Column({ type: "enum", enum: NoticeDelivery, enumName: "notice_delivery" })
  delivery: NoticeDelivery;
}

export enum EmailStatus {
  PENDING = "PENDING",
  SENT = "SENT",
  FAILED = "FAILED",
}

registerEnumType(EmailStatus, {
  name: "EmailStatus",
  valuesConfig: {
    PENDING: { description: "Waiting to be sent, or to be tried again" },
    SENT: { description: "The mail server accepted it" },
    FAILED: { description: "Every attempt failed; an administrator may try again" },
  },
});

/**
 * The email outbox. A message is written with the notices it carries and sent afterwards, at
 * least once: its id is the Message-ID, so a resend after a crash is recognisably the same.
 */
@Entity()
@Index(["status", "nextAttemptAt"])
@Index(["userId", "digestOn"], { unique: true, where: `"digest_on" IS NOT NULL` })
export class EmailMessage {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  userId: string;

  @Column({ type: "text" })
  toAddress: string;

  @Column({ type: "text" })
  subject: string;

  @Column({ type: "text" })
  text: string;

  /** Set for a daily digest: one per person per day. */
  @Column({ type: "date", nullable: true })
  digestOn: LocalDate | null;

  @Column({ type: "enum", enum: EmailStatus, enumName: "email_status", default: EmailStatus.PENDING })
  status: EmailStatus;

  @Column({ type: "int", default: 0 })
  attempts: number;

  /** Real time (the database's clock), not the hub's business date. */
  @Column({ type: "timestamptz", default: () => "now()" })
  nextAttemptAt: Date;

  /** A sender has it until then; a sender that dies mid-send lets it go when this passes. */
  @Column({ type: "timestamptz", nullable: true })
  leasedUntil: Date | null;

  /** Whose lease it is: only that sender records the outcome. */
  @Column({ type: "uuid", nullable: true })
  leaseToken: string | null;

  @Column({ type: "text", nullable: true })
  lastError: string | null;

  @Column({ type: "timestamptz", nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
