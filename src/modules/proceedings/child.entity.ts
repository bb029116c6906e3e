import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { LocalDate } from "../../core/calendar/calendar";
import { Proceedings } from "./proceedings.entity";

/** A child who is the subject of the proceedings. */
@Entity()
@Index(["proceedingsId", "laReference"], { unique: true })
export class Child {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @ManyToOne(() => Proceedings, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "proceedings_id" })
  proceedings?: Relation<Proceedings>;

  @Column({ type: "text" })
  givenName: string;

  @Column({ type: "text" })
  familyName: string;

  @Column({ type: "date" })
  dateOfBirth: LocalDate;

  /** The local authority's own reference for the child (its case management system id). */
  @Column({ type: "text" })
  laReference: string;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
