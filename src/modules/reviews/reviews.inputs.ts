import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsOptional, IsString, Length, MaxLength, ValidateNested } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";

@InputType()
export class ReviewDecisionInput {
  @Field(() => String) @IsString() @Length(1, 2000) description: string;
  @Field(() => String, { description: "Who carries it out (e.g. social worker, team manager)" }) @IsString() @Length(1, 200) owner: string;
  @Field(() => LocalDateScalar) dueOn: string;
}

@InputType()
export class RecordReviewInput {
  @Field(() => ID) childId: string;
  @Field(() => LocalDateScalar, { description: "Not in the future, not before the child became looked after" }) heldOn: string;
  @Field(() => [String]) @ArrayMinSize(1) @ArrayMaxSize(30) @IsString({ each: true }) participants: string[];
  @Field(() => Boolean, { description: "Whether the IRO spoke to the child beforehand" }) @IsBoolean() spokeToChild: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(20_000) childViews?: string | null;
  @Field(() => Boolean) @IsBoolean() planOnTrack: boolean;
  @Field(() => String, { nullable: true, description: "The IRO's notes; never shown to the court" }) @IsOptional() @MaxLength(20_000) concerns?: string | null;
  @Field(() => Boolean, { nullable: true, description: "An extra review after a significant change" }) @IsOptional() extra?: boolean | null;
  @Field(() => String, { nullable: true, description: "After a final order: the summary for the court's assurance statement" })
  @IsOptional()
  @MaxLength(5000)
  summaryForCourt?: string | null;
  @Field(() => [ReviewDecisionInput], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) decisions?:
    ReviewDecisionInput[] | null;
}
