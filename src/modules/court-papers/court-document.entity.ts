import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Relation } from "typeorm";
import { registerEnumType } from "type-graphql";
import { Calendar, LocalDate, compareDates } from "../../core/calendar/calendar";
import { Proceedings } from "../proceedings/proceedings.module";
import { AppointmentRole } from "../appointments/appointments.module";
import { Confidentiality, DocumentType } from "./document-types";

export enum DocumentStatus {
  ACTIVE = "ACTIVE",
  SUPERSEDED = "SUPERSEDED",
  WITHDRAWN = "WITHDRAWN",
}
registerEnumType(DocumentStatus, {
  name: "DocumentStatus",
  description: "ACTIVE; SUPERSEDED by a corrected version; WITHDRAWN (content removed, recipients lose access)",
});

/**
 * A document counts (for deliveries, acknowledgements and figures) unless it was withdrawn; a
 * superseded one still counts, as the record of what was served. The SQL form, over a
 * court_document alias, is the one every query uses.
 */
export const notWithdrawn = (doc: { status: DocumentStatus }) => doc.status !== DocumentStatus.WITHDRAWN;
export const notWithdrawnSql = (alias: string) => `${alias}.status <> '${DocumentStatus.WITHDRAWN}'`;

/**
 * Whether a delivery reached its recipient within `workingDays` (a SQL expression) working days
 * of the document's date, worked out from the dates and the working-day calendar each time it
 * is read: never stored, so a corrected document date or a new bank holiday changes it at once.
 * The SQL form of `reachedInTime` below.
 */
export const reachedInTimeSql = (delivery: string, doc: string, workingDays: string) =>
  `${delivery}.delivered_on <= (SELECT t.day FROM calendar_day c0 JOIN calendar_day t ON t.working_ordinal = c0.working_ordinal + ${workingDays} AND t.is_working_day WHERE c0.day = ${doc}.document_date)`;

export function reachedInTime(calendar: Calendar, deliveredOn: LocalDate, documentDate: LocalDate, workingDays: number): boolean {
  return compareDates(deliveredOn, calendar.addWorkingDays(documentDate, workingDays)) <= 0;
}

/** A court paper filed to the hub. It exists only once its bytes are stored and it is distributed. */
@Entity()
@Index(["proceedingsId", "filedAt"])
@Index(["proceedingsId", "type"])
export class CourtDocument {
  /** Chosen when the upload slot is created, so the bytes can be stored under it first. */
  @PrimaryColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @ManyToOne(() => Proceedings, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "proceedings_id" })
  proceedings?: Relation<Proceedings>;

  @Column({ type: "enum", enum: DocumentType, enumName: "document_type" })
  type: DocumentType;

  @Column({ type: "text" })
  title: string;

  /** The date on the document (when it was filed with, or made by, the court). */
  @Column({ type: "date" })
  documentDate: LocalDate;

  /** The children it concerns (all of the proceedings' children when empty). */
  @Column({ type: "uuid", array: true })
  childIds: string[];

  @Column({ type: "enum", enum: Confidentiality, enumName: "confidentiality" })
  confidentiality: Confidentiality;

  /** For RESTRICTED documents: the only roles that may see it (the filer's always may). */
  @Column({ type: "enum", enum: AppointmentRole, enumName: "appointment_role", array: true, nullable: true })
  restrictedTo: AppointmentRole[] | null;

  @Column({ type: "enum", enum: AppointmentRole, enumName: "appointment_role" })
  filedByRole: AppointmentRole;

  @Column({ type: "uuid" })
  filedById: string;

  @Column({ type: "uuid" })
  filedByOrganisationId: string;

  @Column({ type: "enum", enum: DocumentStatus, enumName: "document_status", default: DocumentStatus.ACTIVE })
  status: DocumentStatus;

  @Column({ type: "uuid", nullable: true })
  supersedesId: string | null;

  @Column({ type: "text", nullable: true })
  withdrawnReason: string | null;

  @Column({ type: "timestamptz", nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: "uuid", nullable: true })
  withdrawnById: string | null;

  @Column({ type: "text" })
  fileName: string;

  /** Identified from the bytes, not taken from the client. */
  @Column({ type: "text" })
  contentType: string;

  @Column({ type: "bigint" })
  sizeBytes: string;

  @Column({ type: "text" })
  sha256: string;

  /** Where the bytes are; a fresh key per upload attempt, so concurrent retries never collide. */
  @Column({ type: "text" })
  storageKey: string;

  @CreateDateColumn({ type: "timestamptz" })
  filedAt: Date;
}

/** A paper delivered to someone who must have it: the IRO and guardian as people, the court as an organisation. */
@Entity()
@Index(["documentId", "role", "userId"], { unique: true })
@Index(["userId", "acknowledgedAt"])
@Index(["organisationId", "acknowledgedAt"])
@Index(["proceedingsId", "role"])
export class PaperDelivery {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  documentId: string;

  @ManyToOne(() => CourtDocument, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "document_id" })
  document?: Relation<CourtDocument>;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "enum", enum: AppointmentRole, enumName: "appointment_role" })
  role: AppointmentRole;

  @Column({ type: "uuid", nullable: true })
  userId: string | null;

  @Column({ type: "uuid" })
  organisationId: string;

  @Column({ type: "timestamptz" })
  deliveredAt: Date;

  @Column({ type: "date" })
  deliveredOn: LocalDate;

  /** Unacknowledged after this date, the delivery is overdue. */
  @Column({ type: "date" })
  acknowledgeBy: LocalDate;

  /** First download by the recipient: "read". */
  @Column({ type: "timestamptz", nullable: true })
  readAt: Date | null;

  @Column({ type: "timestamptz", nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: "uuid", nullable: true })
  acknowledgedById: string | null;
}

export enum UploadSlotState {
  PENDING = "PENDING",
  COMPLETED = "COMPLETED",
}

/** Permission to send one file's bytes; a retry with the same idempotency key gets the same slot. */
@Entity()
@Index(["requestedById", "idempotencyKey"], { unique: true })
export class UploadSlot {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  requestedById: string;

  @Column({ type: "text" })
  idempotencyKey: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  /** The document id the bytes will be stored and filed under. */
  @Column({ type: "uuid" })
  documentId: string;

  /** What the document will be: type, title, date, children, confidentiality, file name. */
  @Column({ type: "jsonb" })
  request: Record<string, unknown>;

  @Column({ type: "enum", enum: UploadSlotState, enumName: "upload_slot_state", default: UploadSlotState.PENDING })
  state: UploadSlotState;

  @Column({ type: "timestamptz" })
  expiresAt: Date;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
