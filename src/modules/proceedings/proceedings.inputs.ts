import { ArrayMaxSize, ArrayMinSize, IsString, IsUUID, Length, Max, Min, ValidateNested } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";
import { ApplicationType, HearingType } from "./proceedings.enums";
import { MAX_EXTENSION_WEEKS } from "../../core/calendar/deadlines";

@InputType({ description: "A child who is the subject of the application" })
export class ChildInput {
  @Field(() => String)
  @IsString()
  @Length(1, 100)
  givenName: string;

  @Field(() => String)
  @IsString()
  @Length(1, 100)
  familyName: string;

  @Field(() => LocalDateScalar)
  dateOfBirth: string;

  @Field(() => String, { description: "The local authority's own reference for the child" })
  @IsString()
  @Length(1, 100)
  laReference: string;
}

@InputType()
export class RegisterProceedingsInput {
  @Field(() => ID, { description: "The family court the application was issued in" })
  @IsUUID()
  courtId: string;

  @Field(() => String)
  @IsString()
  @Length(1, 50)
  courtCaseNumber: string;

  @Field(() => LocalDateScalar, { description: "Date of issue; not in the future" })
  issueDate: string;

  @Field(() => ApplicationType)
  applicationType: ApplicationType;

  @Field(() => [ChildInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  children: ChildInput[];
}

@InputType()
export class RecordHearingInput {
  @Field(() => ID)
  proceedingsId: string;

  @Field(() => HearingType)
  type: HearingType;

  @Field(() => LocalDateScalar, { description: "Not before the issue date" })
  date: string;
}

@InputType()
export class RecordTimetableExtensionInput {
  @Field(() => ID)
  proceedingsId: string;

  @Field(() => Int, { description: `Up to ${MAX_EXTENSION_WEEKS} weeks at a time (s32(5))` })
  @Min(1)
  @Max(MAX_EXTENSION_WEEKS)
  weeks: number;

  @Field(() => LocalDateScalar)
  grantedOn: string;

  @Field(() => String)
  @IsString()
  @Length(1, 2000)
  reason: string;
}

@InputType()
export class AddChildInput extends ChildInput {
  @Field(() => ID)
  proceedingsId: string;
}
