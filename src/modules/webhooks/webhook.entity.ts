import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { registerEnumType } from "type-graphql";
import { CaseEventKind } from "../../core/events/case-event-kind";

export enum WebhookStatus {
  ACTIVE = "ACTIVE",
  PAUSED = "PAUSED",
}

registerEnumType(WebhookStatus, {
  name: "WebhookStatus",
  valuesConfig: {
    ACTIVE: { description: "Receiving events in order" },
    PAUSED: { description: "Holding its place: paused by an administrator or after repeated failures (see pausedReason)" },
  },
});

/**
 * An organisation's system that hears of case events by HTTP POST, signed per the Standard
 * Webhooks specification. It keeps a cursor into the case-event stream, so it receives every
 * event in order, and a paused or failing endpoint resumes where it stopped.
 */
@Entity()
export class WebhookEndpoint {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  organisationId: string;

  @Column({ type: "text" })
  url: string;

  @Column({ type: "text", default: "" })
  description: string;

  /** Only these kinds (all kinds when empty). */
  @Column({ type: "enum", enum: CaseEventKind, enumName: "case_event_kind", array: true, default: "{}" })
  kinds: CaseEventKind[];

  /** "whsec_" + base64: the HMAC key, shown once at registration (the hub must keep it to sign). */
  @Column({ type: "text" })
  secret: string;

  @Column({ type: "enum", enum: WebhookStatus, enumName: "webhook_status", default: WebhookStatus.ACTIVE })
  status: WebhookStatus;

  @Column({ type: "text", nullable: true })
  pausedReason: string | null;

  @Column({ type: "int", default: 0 })
  consecutiveFailures: number;

  /** The last event delivered (or passed over as not the organisation's): (transaction id, id). */
  @Column({ type: "bigint" })
  cursorTxId: string;

  @Column({ type: "bigint" })
  cursorId: string;

  @Column({ type: "timestamptz", default: () => "now()" })
  nextAttemptAt: Date;

  @Column({ type: "timestamptz", nullable: true })
  leasedUntil: Date | null;

  /** Whose lease it is: only that sender posts, records progress and lets go. */
  @Column({ type: "uuid", nullable: true })
  leaseToken: string | null;

  @Column({ type: "uuid" })
  createdById: string;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}

/** One attempt to deliver one event to one endpoint: the delivery log administrators read. */
@Entity()
@Index(["endpointId", "attemptedAt"])
export class WebhookDelivery {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  endpointId: string;

  @Column({ type: "bigint" })
  caseEventId: string;

  @Column({ type: "enum", enum: CaseEventKind, enumName: "case_event_kind" })
  kind: CaseEventKind;

  /** The `webhook-id` header: the same for every attempt at one event, so a receiver can drop repeats. */
  @Column({ type: "text" })
  messageId: string;

  @Column({ type: "boolean" })
  succeeded: boolean;

  @Column({ type: "int", nullable: true })
  statusCode: number | null;

  @Column({ type: "text", nullable: true })
  error: string | null;

  @Column({ type: "int" })
  durationMs: number;

  @CreateDateColumn({ type: "timestamptz" })
  attemptedAt: Date;
}
