import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { LocalDate } from "../../core/calendar/calendar";
import { Proceedings } from "./proceedings.entity";

/** An extension of the 26-week timetable granted by the court (s32(5), up to 8 weeks each). */
@Entity()
@Index(["proceedingsId"])
export class TimetableExtension {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @ManyToOne(() => Proceedings, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "proceedings_id" })
  proceedings?: Relation<Proceedings>;

  @Column({ type: "smallint" })
  weeks: number;

  @Column({ type: "date" })
  grantedOn: LocalDate;

  @Column({ type: "text" })
  reason: string;

  @Column({ type: "uuid" })
  recordedById: string;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
