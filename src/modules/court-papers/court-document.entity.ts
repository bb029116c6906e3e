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
 * Whether a paper's file has passed the virus scanner (ClamAV's clamd, CLAMD_URL). Until it has,
 * only its filer sees it: it is not distributed, nobody else is told of it, and only the filer's
 * side may download it. A hub without a scanner (development) releases papers NOT_SCANNED, and a
 * scanner switched on later scans those before their next download.
 */
export enum PaperScanStatus {
  AWAITING_SCAN = "AWAITING_SCAN",
  SCANNER_UNAVAILABLE = "SCANNER_UNAVAILABLE",
  RELEASED = "RELEASED",
  QUARANTINED = "QUARANTINED",
  NOT_SCANNED = "NOT_SCANNED",
}
registerEnumType(PaperScanStatus, {
  name: "PaperScanStatus",
  description: "Where a paper's file stands with the virus scanner",
  valuesConfig: {
    AWAITING_SCAN: { description: "Filed; waiting for the scanner. Only the filer's side sees it" },
    SCANNER_UNAVAILABLE: { description: "Held: the scanner could not be reached; retried with backoff, never released unscanned" },
    RELEASED: { description: "Passed the scanner and distributed" },
    QUARANTINED: { description: "The scanner found malware (scanSignature names it): never delivered nor downloadable; the file is kept apart, then removed" },
    NOT_SCANNED: { description: "Released by a hub with no scanner configured (development); scanned before its next download once one is" },
  },
});

/** Released papers are the ones anyone but their filer hears of. */
export const isReleased = (doc: { releasedAt: Date | null }) => doc.releasedAt !== null;

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
@Index("IDX_court_document_scan_queue", ["scanNextAt"], { where: `"scan_status" IN ('AWAITING_SCAN', 'SCANNER_UNAVAILABLE', 'NOT_SCANNED')` })
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

  @Column({ type: "enum", enum: PaperScanStatus, enumName: "paper_scan_status", default: PaperScanStatus.AWAITING_SCAN })
  scanStatus: PaperScanStatus;

  /** When the paper was distributed (null while it waits for the scanner, or was quarantined). */
  @Column({ type: "timestamptz", nullable: true })
  releasedAt: Date | null;

  @Column({ type: "timestamptz", nullable: true })
  scannedAt: Date | null;

  /** The scanner's name for what it found (QUARANTINED). */
  @Column({ type: "text", nullable: true })
  scanSignature: string | null;

  /** Failed scan attempts in a row, and when to try next (the database's clock). */
  @Column({ type: "int", default: 0 })
  scanAttempts: number;

  @Column({ type: "timestamptz", nullable: true })
  scanNextAt: Date | null;

  @Column({ type: "text", nullable: true })
  scanLastError: string | null;

  /** The scan job's lease (core/lease.ts): one scanner at a time per paper. */
  @Column({ type: "timestamptz", nullable: true })
  leasedUntil: Date | null;

  @Column({ type: "uuid", nullable: true })
  leaseToken: string | null;

  /** When a quarantined file's bytes were removed (QUARANTINE_DAYS after it was found). */
  @Column({ type: "timestamptz", nullable: true })
  quarantineEmptiedAt: Date | null;
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
