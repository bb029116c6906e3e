import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";
import { AppointmentRole } from "../appointments/appointments.module";
import { Confidentiality, DocumentType } from "./document-types";
import { DocumentStatus, PaperScanStatus } from "./court-document.entity";

@ObjectType("DistributionRule", { description: "Who files a type of document and who receives it" })
export class DistributionRuleType {
  @Field(() => DocumentType) type: DocumentType;
  @Field(() => String) description: string;
  @Field(() => [AppointmentRole]) filedBy: AppointmentRole[];
  @Field(() => [AppointmentRole], { description: "Each gets a delivery to acknowledge (narrowed by a restriction)" }) recipients: AppointmentRole[];
}

@ObjectType("CourtDocument", { description: "A court paper on a case. Withdrawn documents show recipients only that, and why" })
export class CourtDocumentType {
  @Field(() => ID) id: string;
  @Field(() => DocumentType) type: DocumentType;
  @Field(() => DocumentStatus) status: DocumentStatus;
  @Field(() => LocalDateScalar) documentDate: string;
  @Field(() => Confidentiality) confidentiality: Confidentiality;
  @Field(() => [AppointmentRole], { nullable: true }) restrictedTo: AppointmentRole[] | null;
  @Field(() => AppointmentRole) filedByRole: AppointmentRole;
  @Field(() => GraphQLISODateTime) filedAt: Date;
  @Field(() => String, { nullable: true }) withdrawnReason: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) withdrawnAt: Date | null;
  @Field(() => ID, { nullable: true, description: "The document this one corrected" }) supersedesId: string | null;
  @Field(() => PaperScanStatus, { description: "The virus scanner's verdict; nobody but the filer's side sees a paper before RELEASED (or NOT_SCANNED)" })
  scanStatus: PaperScanStatus;
  @Field(() => GraphQLISODateTime, { nullable: true, description: "When it was distributed; null while held by the scanner" })
  releasedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) scannedAt: Date | null;
  @Field(() => String, { nullable: true, description: "What the scanner found (QUARANTINED)" }) scanSignature: string | null;
}

@ObjectType("PaperDelivery", { description: "A paper delivered to a recipient: when, whether read (downloaded) and acknowledged" })
export class PaperDeliveryType {
  @Field(() => ID) id: string;
  @Field(() => AppointmentRole) role: AppointmentRole;
  @Field(() => GraphQLISODateTime) deliveredAt: Date;
  @Field(() => LocalDateScalar) acknowledgeBy: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) readAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) acknowledgedAt: Date | null;
}

@ObjectType("UploadSlot", { description: "PUT the file's bytes to uploadUrl with your bearer token" })
export class UploadSlotType {
  @Field(() => ID) id: string;
  @Field(() => String) uploadUrl: string;
  @Field(() => GraphQLISODateTime) expiresAt: Date;
  @Field(() => Float, { description: "The largest file accepted, in bytes" }) maxBytes: number;
  @Field(() => ID) documentId: string;
}

@ObjectType("CasePaperCounts", { description: "Your papers on one case" })
export class CasePaperCountsType {
  @Field(() => Int) delivered: number;
  @Field(() => Int) unread: number;
  @Field(() => Int) unacknowledged: number;
  @Field(() => Int) overdue: number;
  proceedingsId: string;
}

@ObjectType("IroPaperFigures", { description: "One IRO's papers, for their manager" })
export class IroPaperFiguresType {
  @Field(() => Int) cases: number;
  @Field(() => Int) delivered: number;
  @Field(() => Int) unread: number;
  @Field(() => Int) unacknowledged: number;
  @Field(() => Int) overdue: number;
  @Field(() => Int) reachedInTime: number;
  @Field(() => Float, { nullable: true, description: "Share of papers that reached the IRO within 1 working day (0-1)" }) shareReachedInTime: number | null;
  userId: string;
}
