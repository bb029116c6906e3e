import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

// Append-only: a migration installs triggers that make PostgreSQL itself refuse UPDATE, DELETE
// and TRUNCATE on this table. No foreign keys, so an attempt on a case id that does not exist
// is recorded as faithfully as one on a real case.
@Entity()
@Index(["proceedingsId", "id"])
@Index(["userId", "id"])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  @CreateDateColumn({ type: "timestamptz" })
  occurredAt: Date;

  @Column({ type: "text" })
  requestId: string;

  @Column({ type: "uuid", nullable: true })
  userId: string | null;

  @Column({ type: "uuid", nullable: true })
  organisationId: string | null;

  /** The GraphQL operation field, e.g. "Mutation.appointIro". */
  @Column({ type: "text" })
  operation: string;

  @Column({ type: "uuid", nullable: true })
  proceedingsId: string | null;

  @Column({ type: "uuid", nullable: true })
  childId: string | null;

  /** OK, or the error code the caller received. */
  @Column({ type: "text" })
  outcome: string;
}
