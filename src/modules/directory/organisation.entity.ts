import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { OrganisationKind } from "../../core/access/roles";
import { TrustedIssuer } from "./trusted-issuer.entity";

@Entity()
export class Organisation {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text" })
  name: string;

  @Column({ type: "enum", enum: OrganisationKind, enumName: "organisation_kind" })
  kind: OrganisationKind;

  /** For an IRO service: the local authority it belongs to (its manager sees that LA's cases). */
  @Column({ type: "uuid", nullable: true })
  localAuthorityId: string | null;

  @ManyToOne(() => Organisation, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "local_authority_id" })
  localAuthority?: Relation<Organisation>;

  /** For a court: the Cafcass area that allocates guardians for its cases. */
  @Column({ type: "uuid", nullable: true })
  cafcassAreaId: string | null;

  @ManyToOne(() => Organisation, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "cafcass_area_id" })
  cafcassArea?: Relation<Organisation>;

  /** The identity provider whose tokens sign this organisation's users in. */
  @Column({ type: "uuid" })
  issuerId: string;

  @ManyToOne(() => TrustedIssuer, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "issuer_id" })
  issuer?: Relation<TrustedIssuer>;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
