import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/**
 * A person's private calendar feed. The URL's secret is shown once; the hub keeps only its
 * SHA-256, so a copy of the database does not open anyone's calendar. Revoking ends it at once.
 */
@Entity()
@Index(["userId"], { unique: true, where: `"revoked_at" IS NULL` })
export class CalendarFeed {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  userId: string;

  @Column({ type: "text", unique: true })
  tokenSha256: string;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @Column({ type: "timestamptz", nullable: true })
  revokedAt: Date | null;

  @Column({ type: "timestamptz", nullable: true })
  lastFetchedAt: Date | null;
}
