import { ArrayMaxSize, IsOptional, IsString, IsUUID, Length } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";
import { AppointmentRole } from "../appointments/appointments.module";
import { Confidentiality, DocumentType } from "./document-types";

@InputType({ description: "What you are about to upload; the bytes go to the slot's uploadUrl" })
export class CreateUploadSlotInput {
  @Field(() => ID)
  proceedingsId: string;

  @Field(() => DocumentType)
  type: DocumentType;

  @Field(() => String)
  @IsString()
  @Length(1, 300)
  title: string;

  @Field(() => LocalDateScalar, { description: "The date on the document (filed with, or made by, the court)" })
  documentDate: string;

  @Field(() => [ID], { nullable: true, description: "The children it concerns; all the proceedings' children when omitted" })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsUUID("all", { each: true })
  childIds?: string[] | null;

  @Field(() => Confidentiality)
  confidentiality: Confidentiality;

  @Field(() => [AppointmentRole], { nullable: true, description: "For RESTRICTED documents: the only roles that may see it" })
  restrictedTo?: AppointmentRole[] | null;

  @Field(() => String)
  @IsString()
  @Length(1, 255)
  fileName: string;

  @Field(() => String, { description: "application/pdf, the DOCX type, image/png, image/jpeg or image/tiff; checked against the bytes" })
  @IsString()
  contentType: string;

  @Field(() => String, { description: "Your key for this upload: a retry with the same key gets the same slot and document" })
  @IsString()
  @Length(8, 200)
  idempotencyKey: string;

  @Field(() => ID, { nullable: true, description: "The document this one corrects; it becomes SUPERSEDED when this one is filed" })
  @IsOptional()
  @IsUUID()
  supersedesDocumentId?: string | null;
}
