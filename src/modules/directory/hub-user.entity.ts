import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { Role } from "../../core/access/roles";
import { Organisation } from "./organisation.entity";
import { TrustedIssuer } from "./trusted-issuer.entity";

/** A person who may use the hub: signed in by their organisation's issuer as `subject`. */
@Entity()
@Index(["issuerId", "subject"], { unique: true })
export class HubUser {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "organisation_id" })
  organisation?: Relation<Organisation>;

  @Column({ type: "uuid" })
  issuerId: string;

  @ManyToOne(() => TrustedIssuer, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "issuer_id" })
  issuer?: Relation<TrustedIssuer>;

  /** The token's `sub` claim. */
  @Column({ type: "text" })
  subject: string;

  @Column({ type: "text" })
  displayName: string;

  @Column({ type: "text" })
  email: string;

  @Column({ type: "text", nullable: true })
  phone: string | null;

  @Column({ type: "enum", enum: Role, enumName: "role", array: true })
  roles: Role[];

  @Column({ type: "boolean", default: true })
  active: boolean;

  /** A machine client of the organisation (its own key pair): no email, no console, audited under its name. */
  @Column({ type: "boolean", default: false })
  serviceAccount: boolean;

  @Column({ type: "timestamptz", nullable: true })
  deactivatedAt: Date | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
