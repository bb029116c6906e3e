import { IsOptional, IsString, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";
import { OrderType } from "./final-outcome.entity";

@InputType()
export class RecordFinalOutcomeInput {
  @Field(() => ID)
  proceedingsId: string;

  @Field(() => ID, { description: "A child in these proceedings" })
  childId: string;

  @Field(() => OrderType)
  orderType: OrderType;

  @Field(() => LocalDateScalar)
  orderDate: string;

  @Field(() => ID, { nullable: true, description: "The FINAL care plan version the court approved (required for care and placement orders)" })
  approvedCarePlanVersionId?: string | null;

  @Field(() => String, { nullable: true, description: "The court's recommendations about the plan" })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  courtRecommendations?: string | null;
}
