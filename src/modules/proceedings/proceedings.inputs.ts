import { ArrayMaxSize, ArrayMinSize, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";
import { PageArgs } from "../../core/pagination";
import { ApplicationType, CaseSort, HearingType, ProceedingsStatus } from "./proceedings.enums";
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

@ArgsType()
export class CaseListArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description:
      "Find cases by the start of a court case number, a child's given or family name (or both), or a child's LA reference (only children whose records you may see)",
  })
  @MaxLength(100)
  search?: string | null;

  @Field(() => ProceedingsStatus, { nullable: true })
  status?: ProceedingsStatus | null;

  @Field(() => ID, { nullable: true, description: "Cases at this court" })
  courtId?: string | null;

  @Field(() => ID, { nullable: true, description: "Cases where this person is a child's IRO today" })
  iroId?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Only cases where something waits for you (papers or post-order changes to acknowledge)" })
  needsAttention?: boolean | null;

  @Field(() => CaseSort, { defaultValue: CaseSort.NEWEST_ISSUE })
  sort: CaseSort;
}
