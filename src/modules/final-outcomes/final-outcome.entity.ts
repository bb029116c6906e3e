import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { registerEnumType } from "type-graphql";
import { LocalDate } from "../../core/calendar/calendar";
import { Proceedings, Child } from "../proceedings/proceedings.module";
import { CarePlanVersion } from "../care-plans/care-plans.module";

export enum OrderType {
  CARE_ORDER = "CARE_ORDER",
  PLACEMENT_ORDER = "PLACEMENT_ORDER",
  SPECIAL_GUARDIANSHIP_ORDER = "SPECIAL_GUARDIANSHIP_ORDER",
  SUPERVISION_ORDER = "SUPERVISION_ORDER",
  CHILD_ARRANGEMENTS_ORDER = "CHILD_ARRANGEMENTS_ORDER",
  NO_ORDER = "NO_ORDER",
}
registerEnumType(OrderType, { name: "OrderType", description: "The court's final order for a child" });

/** Orders after which the local authority's plan for the child is still reviewed and monitored. */
export const ORDERS_WITH_A_PLAN_TO_MONITOR: readonly OrderType[] = [
  OrderType.CARE_ORDER,
  OrderType.PLACEMENT_ORDER,
  OrderType.SPECIAL_GUARDIANSHIP_ORDER,
  OrderType.SUPERVISION_ORDER,
  OrderType.CHILD_ARRANGEMENTS_ORDER,
];

/** Orders for which the court must have approved a final care plan (s31A). */
export const ORDERS_NEEDING_A_FINAL_CARE_PLAN: readonly OrderType[] = [OrderType.CARE_ORDER, OrderType.PLACEMENT_ORDER];

/** The final hearing's outcome for one child. */
@Entity()
@Index(["childId"], { unique: true })
@Index(["proceedingsId"])
export class FinalOutcome {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  proceedingsId: string;

  @ManyToOne(() => Proceedings, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "proceedings_id" })
  proceedings?: Relation<Proceedings>;

  @Column({ type: "uuid" })
  childId: string;

  @ManyToOne(() => Child, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "child_id" })
  child?: Relation<Child>;

  @Column({ type: "enum", enum: OrderType, enumName: "order_type" })
  orderType: OrderType;

  @Column({ type: "date" })
  orderDate: LocalDate;

  @Column({ type: "uuid", nullable: true })
  approvedCarePlanVersionId: string | null;

  @ManyToOne(() => CarePlanVersion, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "approved_care_plan_version_id" })
  approvedCarePlanVersion?: Relation<CarePlanVersion>;

  @Column({ type: "text", nullable: true })
  courtRecommendations: string | null;

  @Column({ type: "uuid" })
  recordedById: string;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
