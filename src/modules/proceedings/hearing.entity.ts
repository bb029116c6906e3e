import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { LocalDate } from "../../core/calendar/calendar";
import { Proceedings } from "./proceedings.entity";
import { HearingType } from "./proceedings.enums";

@Entity()
@Index(["proceedingsId", "date"])
export class Hearing {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @ManyToOne(() => Proceedings, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "proceedings_id" })
  proceedings?: Relation<Proceedings>;

  @Column({ type: "enum", enum: HearingType, enumName: "hearing_type" })
  type: HearingType;

  @Column({ type: "date" })
  date: LocalDate;

  @Column({ type: "uuid" })
  recordedById: string;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
