import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/**
 * A console session held by the hub (the backend-for-frontend): the browser holds only an
 * HttpOnly cookie with the session's secret, of which the hub keeps a SHA-256 hash. A row
 * without a user is a sign-in in progress at an identity provider (its state, nonce and PKCE
 * verifier), bound to the browser that started it by its own cookie.
 */
@Entity()
export class ConsoleSession {
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Index({ unique: true })
  @Column({ type: "bytea" })
  secretHash!: Buffer;

  @Index()
  @Column({ type: "uuid", nullable: true })
  userId!: string | null;

  /** Sent back by the console in a header with every state-changing request. */
  @Column({ type: "text" })
  csrfToken!: string;

  /** How the person signed in: "demo" or "oidc". */
  @Column({ type: "text" })
  method!: string;

  /** A sign-in in progress: provider, state, nonce, PKCE verifier, where to go back to. */
  @Column({ type: "jsonb", nullable: true })
  signIn!: Record<string, string> | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt!: Date;

  @Column({ type: "timestamptz" })
  lastSeenAt!: Date;

  /** The absolute end, however active the person is. */
  @Column({ type: "timestamptz" })
  expiresAt!: Date;

  @Column({ type: "timestamptz", nullable: true })
  endedAt!: Date | null;

  /** SIGNED_OUT, IDLE, EXPIRED, ACCESS_ENDED. */
  @Column({ type: "text", nullable: true })
  endReason!: string | null;
}
