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

  /** PEM public keys; several while the provider rotates keys. */
  @Column({ type: "text", array: true })
  publicKeys: string[];

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
