import { Field, ID, Int, ObjectType } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";
import { Connection } from "../../core/pagination";
import { ApplicationType, HearingType, ProceedingsStatus } from "./proceedings.enums";

@ObjectType("Proceedings", { description: "Care proceedings: one local authority application to a family court" })
export class ProceedingsType {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: "The court's case number, unique per court" })
  courtCaseNumber: string;

  @Field(() => LocalDateScalar, { description: "Day 1 of the PLO timetable" })
  issueDate: string;

  @Field(() => ApplicationType)
  applicationType: ApplicationType;

  @Field(() => ProceedingsStatus)
  status: ProceedingsStatus;

  courtId: string;
  localAuthorityId: string;
}

@ObjectType("Child", { description: "A child who is the subject of proceedings" })
export class ChildType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  givenName: string;

  @Field(() => String)
  familyName: string;

  // The date of birth and LA reference are the child's own records: resolved in ChildResolver,
  // which shows them only to those who may see those records (not a sibling's appointees).
  dateOfBirth: string;
  laReference: string;
  proceedingsId: string;
}

@ObjectType("Hearing")
export class HearingType_ {
  @Field(() => ID)
  id: string;

  @Field(() => HearingType)
  type: HearingType;

  @Field(() => LocalDateScalar)
  date: string;
}

@ObjectType("TimetableExtension", { description: "An extension of the 26-week timetable (s32(5))" })
export class TimetableExtensionType {
  @Field(() => Int)
  weeks: number;

  @Field(() => LocalDateScalar)
  grantedOn: string;

  @Field(() => String)
  reason: string;
}

@ObjectType("PloTimetable", { description: "The Public Law Outline timetable, computed from the issue date" })
export class PloTimetableType {
  @Field(() => LocalDateScalar, {
    description:
      "The last day of the 26 weeks within which proceedings must finish (Children Act 1989 s32(1)(a): 'the period of twenty-six weeks beginning with the day on which the application was issued'): the issue date plus 181 days",
  })
  twentySixWeekDate: string;

  @Field(() => LocalDateScalar, {
    description: "The issue date plus 26 weeks (182 days), as systems that count the weeks from the day after issue show it: one day after twentySixWeekDate",
  })
  twentySixWeeksAfterIssue: string;

  @Field(() => Int, { description: "Weeks of extension granted so far" })
  extensionWeeks: number;

  @Field(() => LocalDateScalar, { description: "When the proceedings must finish by: the 26-week period's last day, plus extensions" })
  finalHearingDueDate: string;

  @Field(() => LocalDateScalar, { description: "Case Management Hearing due: day 12 (working days, issue day = day 1)" })
  cmhDueDate: string;

  @Field(() => LocalDateScalar, { description: "Advocates' meeting due: 2 working days before the CMH due date" })
  advocatesMeetingDueDate: string;

  @Field(() => Int, { description: "Whole weeks since issue" })
  weeksRunning: number;

  @Field(() => [TimetableExtensionType])
  extensions: TimetableExtensionType[];
}

export const ProceedingsConnection = Connection(ProceedingsType, "Proceedings", "A page of proceedings");
