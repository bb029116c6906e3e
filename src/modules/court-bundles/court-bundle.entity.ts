import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, UpdateDateColumn } from "typeorm";
import { Hearing } from "../proceedings/proceedings.module";
import { CourtDocument } from "../court-papers/court-papers.module";
import { registerEnumType } from "type-graphql";

export enum BundleStatus {
  DRAFT = "DRAFT",
  QUEUED = "QUEUED",
  BUILDING = "BUILDING",
  BUILT = "BUILT",
  FAILED = "FAILED",
}
registerEnumType(BundleStatus, {
  name: "BundleStatus",
  description: "Where a court bundle stands",
  valuesConfig: {
    DRAFT: { description: "Papers chosen and ordered; not built since it last changed" },
    QUEUED: { description: "Waiting to be built" },
    BUILDING: { description: "Being built (progress shows how far)" },
    BUILT: { description: "Built and filed as a paper (COURT_BUNDLE), which goes through the scanner and out to the court, the IRO and the guardian" },
    FAILED: { description: "Not built: `failure` says why (over the page limit, an unreadable paper)" },
  },
});

export enum BundleSection {
  A = "A",
  B = "B",
  C = "C",
  D = "D",
  E = "E",
  F = "F",
}
registerEnumType(BundleSection, {
  name: "BundleSection",
  description: "The sections of a bundle in public law proceedings (FPR PD27A)",
  valuesConfig: {
    A: { description: "Preliminary documents: case summary, chronology, position statements, threshold" },
    B: { description: "Applications and orders" },
    C: { description: "Statements and affidavits" },
    D: { description: "Care plans" },
    E: { description: "Experts' reports and other reports (the guardian's analysis among them)" },
    F: { description: "Other documents" },
  },
});

/** The bundle for one hearing, as the legal department assembles it; each build files a new version. */
@Entity()
@Index(["hearingId"], { unique: true })
export class CourtBundle {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "uuid" })
  hearingId: string;

  @ManyToOne(() => Hearing, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "hearing_id" })
  hearing?: Relation<Hearing>;

  @Column({ type: "enum", enum: BundleStatus, enumName: "bundle_status", default: BundleStatus.DRAFT })
  status: BundleStatus;

  /** The version the next (or last) build files: 1, then one more each time it is built again. */
  @Column({ type: "int", default: 1 })
  version: number;

  /** A direction of the court allowing more pages than PD27A's 350, and what it is (order, date). */
  @Column({ type: "int", nullable: true })
  directionPages: number | null;

  @Column({ type: "text", nullable: true })
  directionNote: string | null;

  @Column({ type: "int", default: 0 })
  progressDone: number;

  @Column({ type: "int", default: 0 })
  progressTotal: number;

  @Column({ type: "text", nullable: true })
  failure: string | null;

  @Column({ type: "int", nullable: true })
  pageCount: number | null;

  /** The paper the last build filed (COURT_BUNDLE); a later build supersedes it. */
  @Column({ type: "uuid", nullable: true })
  documentId: string | null;

  @ManyToOne(() => CourtDocument, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "document_id" })
  document?: Relation<CourtDocument>;

  @Column({ type: "uuid" })
  createdById: string;

  /** Who asked for the build under way or last done: the paper is filed in their name. */
  @Column({ type: "uuid", nullable: true })
  requestedById: string | null;

  @Column({ type: "timestamptz", nullable: true })
  builtAt: Date | null;

  /** The build job's lease (core/lease.ts). */
  @Column({ type: "timestamptz", nullable: true })
  leasedUntil: Date | null;

  @Column({ type: "uuid", nullable: true })
  leaseToken: string | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;
}

/** One paper in a bundle: its section and place, and, once built, its pages. */
@Entity()
@Index(["bundleId", "documentId"], { unique: true })
export class CourtBundleItem {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  bundleId: string;

  @ManyToOne(() => CourtBundle, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "bundle_id" })
  bundle?: Relation<CourtBundle>;

  @Column({ type: "uuid" })
  documentId: string;

  @ManyToOne(() => CourtDocument, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "document_id" })
  document?: Relation<CourtDocument>;

  @Column({ type: "enum", enum: BundleSection, enumName: "bundle_section" })
  section: BundleSection;

  @Column({ type: "int" })
  position: number;

  /** Added after a version of the bundle was lodged: marked as a late addition. */
  @Column({ type: "boolean", default: false })
  late: boolean;

  @Column({ type: "boolean", nullable: true })
  included: boolean | null;

  @Column({ type: "text", nullable: true })
  notIncludedReason: string | null;

  @Column({ type: "text", nullable: true })
  firstPage: string | null;

  @Column({ type: "text", nullable: true })
  lastPage: string | null;

  @Column({ type: "int", nullable: true })
  pages: number | null;
}
