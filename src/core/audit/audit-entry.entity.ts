import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

// Append-only: a migration installs triggers that make PostgreSQL itself refuse UPDATE, DELETE
// and TRUNCATE on this table. No foreign keys, so an attempt on a case id that does not exist
// is recorded as faithfully as one on a real case.
@Entity()
@Index(["proceedingsId", "id"])
@Index(["userId", "id"])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  // Set by the hub (not the database's clock) so that the entry's MAC covers it.
  @Column({ type: "timestamptz", default: () => "now()" })
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

  // The hash chain, filled in by a database trigger as each row is inserted (in commit order,
  // one writer at a time): the row's place in the chain, the previous row's hash, and a SHA-256
  // over that hash and this row's content. `npm run audit:verify` recomputes it.
  @Index({ unique: true })
  @Column({ type: "bigint", insert: false, update: false })
  chainSeq: string;

  @Column({ type: "text", insert: false, update: false })
  prevHash: string;

  @Column({ type: "text", insert: false, update: false })
  hash: string;

  /**
   * HMAC-SHA256 of the entry's content under the audit key (audit-key.ts), which the database
   * does not hold: an entry written by anyone but the hub has none that holds. Null only on
   * entries written before MACs began.
   */
  @Column({ type: "text", nullable: true })
  mac: string | null;
}
