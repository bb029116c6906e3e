import { Field, ID, ObjectType } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";
import { OrderType } from "./final-outcome.entity";

@ObjectType("FinalOutcome", { description: "The final hearing's outcome for one child" })
export class FinalOutcomeType {
  @Field(() => ID)
  id: string;

  @Field(() => OrderType)
  orderType: OrderType;

  @Field(() => LocalDateScalar)
  orderDate: string;

  @Field(() => String, { nullable: true })
  courtRecommendations: string | null;

  approvedCarePlanVersionId: string | null;
  childId: string;
}
