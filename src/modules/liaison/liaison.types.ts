import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";
import { registerEnumType } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";
import { AppointmentRole } from "../appointments/appointment.entity";
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
  @Field(() => Int) children: number;
  @Field(() => Int, { description: "Children whose IRO received the application within 1 working day of its date" }) papersReachedIroInTime: number;
  @Field(() => Int) childrenWithIroAndGuardian: number;
  @Field(() => Int, { description: "Of those, children with IRO-guardian contact within 10 working days of the later appointment" }) contactWithinTenWorkingDays: number;
  @Field(() => Int) childrenWithFinalHearing: number;
  @Field(() => Int, { description: "Of those, children whose IRO and guardian exchanged care plan views before it" }) viewsBeforeFinalHearing: number;
  @Field(() => Int) outstandingActions: number;
  @Field(() => Int) overdueActions: number;
  @Field(() => Int) iros: number;
  @Field(() => Float, { nullable: true }) averageCaseload: number | null;
  @Field(() => Int) irosUnder50: number;
  @Field(() => Int) irosWithin50To70: number;
  @Field(() => Int) irosOver70: number;
  @Field(() => Float, { nullable: true }) sharePapersReachedIroInTime: number | null;
  @Field(() => Float, { nullable: true }) shareContactWithinTenWorkingDays: number | null;
  @Field(() => Float, { nullable: true }) shareViewsBeforeFinalHearing: number | null;
}
