import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { registerEnumType } from "type-graphql";
import { Child } from "../proceedings/proceedings.module";

export enum CarePlanStatus {
  INTERIM = "INTERIM",
  FINAL = "FINAL",
  POST_ORDER = "POST_ORDER",
}
registerEnumType(CarePlanStatus, {
  name: "CarePlanStatus",
  description: "INTERIM during proceedings, FINAL as put to the court, POST_ORDER after the final order",
});

/** The sections of a care plan, as the IRO Handbook and the court read it. */
export interface CarePlanSections {
  placement: string;
  contact: string;
  permanence: string;
  education: string;
  health: string;
  wishesAndFeelings: string;
}

export const CARE_PLAN_SECTIONS: readonly (keyof CarePlanSections)[] = ["placement", "contact", "permanence", "education", "health", "wishesAndFeelings"];

// Versions are never changed: each new version is a new row, numbered per child. The unique
// (child, version) pair is what makes a write against a stale version fail.
@Entity()
@Index(["childId", "version"], { unique: true })
export class CarePlanVersion {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @Column({ type: "uuid" })
  childId: string;

  @ManyToOne(() => Child, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "child_id" })
  child?: Relation<Child>;

  @Column({ type: "int" })
  version: number;

  @Column({ type: "enum", enum: CarePlanStatus, enumName: "care_plan_status" })
  status: CarePlanStatus;

  @Column({ type: "jsonb" })
  sections: CarePlanSections;

  @Column({ type: "text" })
  changeSummary: string;

  @Column({ type: "uuid" })
  authorId: string;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
