import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { ProtocolStep } from "./protocol-notice.entity";
import { AppointmentRole } from "../appointments/appointments.module";

@ObjectType("NoticeContact", { description: "Contact details as the notice gave them" })
export class NoticeContactType {
  @Field(() => AppointmentRole)
  role: AppointmentRole;

  @Field(() => String)
  name: string;

  @Field(() => String)
  organisation: string;

  @Field(() => String)
  email: string;

  @Field(() => String, { nullable: true })
  phone: string | null;
}

@ObjectType("ProtocolNotice", { description: "A notice the hub sent for a Good Practice Protocol join" })
export class ProtocolNoticeType {
  @Field(() => ID)
  id: string;

  @Field(() => ProtocolStep)
  step: ProtocolStep;

  @Field(() => [NoticeContactType])
  contacts: NoticeContactType[];

  @Field(() => GraphQLISODateTime)
  sentAt: Date;

  childId: string;
}
