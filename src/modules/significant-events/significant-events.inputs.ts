import { IsBoolean, IsString, Length } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";
import { SignificantEventKind } from "./significant-event.entity";

@InputType()
export class RecordSignificantEventInput {
  @Field(() => ID)
  childId: string;

  @Field(() => SignificantEventKind)
  kind: SignificantEventKind;

  @Field(() => LocalDateScalar)
  occurredOn: string;

  @Field(() => String)
  @IsString()
  @Length(1, 10_000)
  summary: string;

  @Field(() => Boolean, { description: "It changes the care plan: after the final order this raises a post-order change" })
  @IsBoolean()
  changesPlan: boolean;
}
