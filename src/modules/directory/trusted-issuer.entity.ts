import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** An organisation's identity provider, whose signed tokens the hub accepts. */
@Entity()
export class TrustedIssuer {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  /** The exact `iss` claim the provider puts in its tokens. */
  @Column({ type: "text", unique: true })
  issuer: string;

  /** The `aud` claim tokens must carry for this hub. */
  @Column({ type: "text" })
  audience: string;

  /** Asymmetric algorithms accepted from this issuer (RS256, ES256, ...). */
  @Column({ type: "text", array: true })
  algorithms: string[];

  /** Public keys as PEM (SPKI) or JWK text; several while the provider rotates keys. */
  @Column({ type: "text", array: true })
  publicKeys: string[];

  /**
   * The hub's own development issuer (demo sign-in). Its tokens count only while the hub runs
   * with DEV_ISSUER on, whatever this database says.
   */
  @Column({ type: "boolean", default: false })
  development: boolean;

  /** OpenID Connect discovery document the console signs people in with (authorization code + PKCE). */
  @Column({ type: "text", nullable: true })
  discoveryUrl: string | null;

  /** The console's public client id at this provider. */
  @Column({ type: "text", nullable: true })
  clientId: string | null;

  /** Scopes the console asks for, e.g. "openid profile api://proceedings-hub/.default" (the provider's way of naming the hub as audience). */
  @Column({ type: "text", nullable: true })
  scope: string | null;

  /** What the console's sign-in page calls this provider, e.g. "Northshire County Council". */
  @Column({ type: "text", nullable: true })
  displayName: string | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
