import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";
import { registerEnumType } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";
import { AppointmentRole } from "../appointments/appointments.module";
import { ActionOwner, LiaisonMethod, LiaisonTopic, ProtocolChecklistStep } from "./liaison.entity";
import { ChecklistStatus } from "./checklist";
import { ComplianceScope } from "./compliance.service";

registerEnumType(ChecklistStatus, { name: "ChecklistStatus" });
registerEnumType(ComplianceScope, { name: "ComplianceScope", description: "Your own service or area, or (administrators) the whole country" });

@ObjectType("LiaisonAction", { description: "An action the IRO and guardian agreed" })
export class LiaisonActionType {
  @Field(() => ID) id: string;
  @Field(() => String) description: string;
  @Field(() => ActionOwner) owner: ActionOwner;
  @Field(() => LocalDateScalar) dueOn: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) completedAt: Date | null;
}

@ObjectType("LiaisonRecord", { description: "A contact between the IRO and the guardian about a child, as one of them recorded it" })
export class LiaisonRecordType {
  @Field(() => ID) id: string;
  @Field(() => LocalDateScalar) occurredOn: string;
  @Field(() => LiaisonMethod) method: LiaisonMethod;
  @Field(() => [String]) participants: string[];
  @Field(() => ProtocolChecklistStep, { nullable: true }) protocolStep: ProtocolChecklistStep | null;
  @Field(() => ID, { nullable: true }) hearingId: string | null;
  @Field(() => [LiaisonTopic]) topics: LiaisonTopic[];
  @Field(() => String, { nullable: true }) iroViewsOnCarePlan: string | null;
  @Field(() => String, { nullable: true }) guardianViewsOnCarePlan: string | null;
  @Field(() => String, { nullable: true }) concerns: string | null;
  @Field(() => String, { nullable: true }) notes: string | null;
  @Field(() => AppointmentRole) authorRole: AppointmentRole;
  @Field(() => ID, { nullable: true, description: "The record this one corrects" }) correctsId: string | null;
  @Field(() => ID, { nullable: true, description: "The other party's record this one answers" }) respondsToId: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: "When the other party confirmed it" }) confirmedAt: Date | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { description: "The author may edit it until then; afterwards corrections are new records" }) editableUntil: Date;
  authorId: string;
}

@ObjectType("ChecklistEvidence", { description: "What closed a protocol step" })
export class EvidenceType {
  @Field(() => String, { description: "NOTICE, LIAISON, DELIVERY or POST_ORDER_CHANGE" }) kind: string;
  @Field(() => ID) id: string;
  @Field(() => LocalDateScalar) on: string;
}

@ObjectType("ProtocolChecklistRow", { description: "One step of the protocol for one child" })
export class ChecklistRowType {
  @Field(() => ProtocolChecklistStep) step: ProtocolChecklistStep;
  @Field(() => ChecklistStatus) status: ChecklistStatus;
  @Field(() => LocalDateScalar, { nullable: true }) dueOn: string | null;
  @Field(() => EvidenceType, { nullable: true }) evidence: EvidenceType | null;
  @Field(() => String, { nullable: true }) note: string | null;
}

@ObjectType("ProtocolCompliance", { description: "Aggregate figures for a period (proceedings issued in it); no child identifiers" })
export class ComplianceType {
  @Field(() => String) scope: string;
  @Field(() => LocalDateScalar) from: string;
  @Field(() => LocalDateScalar) to: string;
  @Field(() => Int, { description: "Children in the scope's proceedings issued in the period" }) children: number;
  @Field(() => Int, {
    description:
      "Children for whom the application (C110A, not withdrawn, about them or the whole case) reached their own IRO (a person appointed as this child's IRO, whose appointment has started) within 1 working day of its date",
  })
  papersReachedIroInTime: number;
  @Field(() => Int, { description: "Children with both an IRO and a guardian appointment that have started (starts on or before today)" })
  childrenWithIroAndGuardian: number;
  @Field(() => Int, {
    description:
      "Of those, children with an IRO-guardian liaison record (a corrected record counts as its correction) dated from the later of the two appointments' starts up to and including the 10th working day after it",
  })
  contactWithinTenWorkingDays: number;
  @Field(() => Int, {
    description: "Of those with both, children with no contact yet whose 10th working day is today or later: not late, and left out of the share",
  })
  contactPending: number;
  @Field(() => Int, { description: "Children whose proceedings had a final hearing on or before today" }) childrenWithFinalHearing: number;
  @Field(() => Int, {
    description: "Of those, children with a liaison record on the care plan (corrections replacing what they correct) dated before the first final hearing",
  })
  viewsBeforeFinalHearing: number;
  @Field(() => Int, { description: "Agreed actions not completed (actions of corrected records replaced by the correction's)" }) outstandingActions: number;
  @Field(() => Int, { description: "Of those, actions due before today" }) overdueActions: number;
  @Field(() => Int, { description: "Active IROs of the scope, those with no current child included" }) iros: number;
  @Field(() => Float, { nullable: true, description: "Their average number of the scope's children they are the IRO of today" }) averageCaseload: number | null;
  @Field(() => Int, { description: "IROs with fewer than 50 current children (0 included)" }) irosUnder50: number;
  @Field(() => Int, { description: "IROs with 50 to 70 current children" }) irosWithin50To70: number;
  @Field(() => Int, { description: "IROs with more than 70 current children" }) irosOver70: number;
  @Field(() => Float, { nullable: true, description: "papersReachedIroInTime / children" }) sharePapersReachedIroInTime: number | null;
  @Field(() => Float, { nullable: true, description: "contactWithinTenWorkingDays / (childrenWithIroAndGuardian - contactPending)" })
  shareContactWithinTenWorkingDays: number | null;
  @Field(() => Float, { nullable: true, description: "viewsBeforeFinalHearing / childrenWithFinalHearing" }) shareViewsBeforeFinalHearing: number | null;
}
