import { IsString, Length, MaxLength, Min, ValidateNested } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { CarePlanStatus } from "./care-plan-version.entity";

const SECTION_MAX = 20_000;

@InputType({ description: "The care plan's sections; each is the full text of that section in this version" })
export class CarePlanSectionsInput {
  @Field(() => String) @IsString() @MaxLength(SECTION_MAX) placement: string;
  @Field(() => String) @IsString() @MaxLength(SECTION_MAX) contact: string;
  @Field(() => String) @IsString() @MaxLength(SECTION_MAX) permanence: string;
  @Field(() => String) @IsString() @MaxLength(SECTION_MAX) education: string;
  @Field(() => String) @IsString() @MaxLength(SECTION_MAX) health: string;
  @Field(() => String, { description: "The child's wishes and feelings" }) @IsString() @MaxLength(SECTION_MAX) wishesAndFeelings: string;
}

@InputType()
export class RecordCarePlanVersionInput {
  @Field(() => ID)
  childId: string;

  @Field(() => Int, { description: "The version you edited (0 for the first). If another was recorded since: CONFLICT" })
  @Min(0)
  basedOnVersion: number;

  @Field(() => CarePlanStatus)
  status: CarePlanStatus;

  @Field(() => CarePlanSectionsInput)
  @ValidateNested()
  sections: CarePlanSectionsInput;

  @Field(() => String, { description: "What changed and why" })
  @IsString()
  @Length(1, 5000)
  changeSummary: string;
}
