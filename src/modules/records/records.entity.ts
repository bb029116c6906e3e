import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { registerEnumType } from "type-graphql";
import { RetentionClass } from "./retention";

registerEnumType(RetentionClass, {
  name: "RetentionClass",
  description: "Which retention rule a child's records follow, decided by the final outcome",
});

/** A hold on a child's records for litigation, an inquiry or a complaint: nothing is disposed of while it stands. */
@Entity()
@Index(["childId"], { where: `"lifted_at" IS NULL`, unique: true })
export class LegalHold {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  childId: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "text" })
  reason: string;

  @Column({ type: "uuid" })
  placedById: string;

  @CreateDateColumn({ type: "timestamptz" })
  placedAt: Date;

  @Column({ type: "timestamptz", nullable: true })
  liftedAt: Date | null;

  @Column({ type: "uuid", nullable: true })
  liftedById: string | null;

  @Column({ type: "text", nullable: true })
  liftReason: string | null;
}

/**
 * What remains of a child's records once disposed of: what class, how many records, when, who
 * approved it and under which rule. Nothing that identifies the child beyond the case number.
 */
@Entity()
@Index(["localAuthorityId", "disposedAt"])
export class DisposalCertificate {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  /** The approval it was part of (one batch, one transaction). */
  @Column({ type: "uuid" })
  batchId: string;

  @Column({ type: "uuid" })
  localAuthorityId: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "text" })
  courtCaseNumber: string;

  @Column({ type: "enum", enum: RetentionClass, enumName: "retention_class" })
  retentionClass: RetentionClass;

  @Column({ type: "text" })
  rule: string;

  /** Rows removed, by table ("care_plan_version": 3, ...), and files removed from storage. */
  @Column({ type: "jsonb" })
  recordsRemoved: Record<string, number>;

  @Column({ type: "int" })
  filesRemoved: number;

  @Column({ type: "uuid" })
  approvedById: string;

  @Column({ type: "timestamptz" })
  disposedAt: Date;
}

/** An organisation's own retention schedule where the regulations leave it to them. */
@Entity()
export class RetentionSchedule {
  @PrimaryColumn("uuid")
  organisationId: string;

  /** Records of a child who did not become looked after are kept until this birthday. */
  @Column({ type: "int" })
  notLookedAfterAge: number;

  @Column({ type: "uuid" })
  updatedById: string;

  @CreateDateColumn({ type: "timestamptz" })
  updatedAt: Date;
}

export enum SubjectKind {
  CHILD = "CHILD",
  PERSON = "PERSON",
}
registerEnumType(SubjectKind, { name: "SubjectKind", description: "Whom a subject access request is about: a child on a case, or another person" });

/** A subject access request the authority received (UK GDPR Art. 15), and when it must be answered. */
@Entity()
@Index(["organisationId", "completedOn"])
export class SubjectAccessRequest {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  organisationId: string;

  @Column({ type: "enum", enum: SubjectKind, enumName: "subject_kind" })
  subjectKind: SubjectKind;

  /** The child, when the request is about a child on one of the authority's cases. */
  @Column({ type: "uuid", nullable: true })
  childId: string | null;

  /** Who asked and about whom, as the records manager records it (a person's name, a reference). */
  @Column({ type: "text" })
  description: string;

  @Column({ type: "date" })
  receivedOn: string;

  /** Up to two months more, for a complex or numerous request (Art. 12(3)), with the reason. */
  @Column({ type: "int", default: 0 })
  extendedMonths: number;

  @Column({ type: "text", nullable: true })
  extensionReason: string | null;

  @Column({ type: "date", nullable: true })
  completedOn: string | null;

  @Column({ type: "uuid" })
  recordedById: string;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
