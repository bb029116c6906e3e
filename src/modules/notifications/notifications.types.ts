import { Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";
import { Connection } from "../../core/pagination";
import { EmailStatus, NoticeDelivery, NoticeKind } from "./notice.entity";

@ObjectType("Notice", { description: "Something that needed you, as emailed (or not, by your choice): ids and the case number only" })
export class NoticeType {
  @Field(() => ID) id: string;
  @Field(() => NoticeKind) kind: NoticeKind;
  @Field(() => String, { description: "What happened, in words" }) description: string;
  @Field(() => ID) proceedingsId: string;
  @Field(() => String) courtCaseNumber: string;
  @Field(() => ID, { nullable: true }) childId: string | null;
  @Field(() => String, { description: "The console page that shows it" }) link: string;
  @Field(() => LocalDateScalar, { nullable: true }) dueOn: string | null;
  @Field(() => NoticeDelivery, { description: "How you chose to hear of this kind when it happened" }) delivery: NoticeDelivery;
  @Field(() => EmailStatus, { nullable: true, description: "The email carrying it; null while it waits for your digest, or when not emailed" })
  emailStatus: EmailStatus | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) readAt: Date | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

export const NoticeConnection = Connection(NoticeType, "Notice", "Your notices, newest first");

@ObjectType("NotificationPreference")
export class NotificationPreferenceType {
  @Field(() => NoticeKind) kind: NoticeKind;
  @Field(() => String) description: string;
  @Field(() => NoticeDelivery) delivery: NoticeDelivery;
  @Field(() => Boolean, { description: "False while the role's default applies" }) chosen: boolean;
}

@ObjectType("EmailMessage", { description: "A message in the email outbox (for administrators): no content beyond the subject" })
export class EmailMessageType {
  @Field(() => ID, { description: "Also the Message-ID's local part: a resend carries the same one" }) id: string;
  @Field(() => ID) userId: string;
  @Field(() => String) toAddress: string;
  @Field(() => String) subject: string;
  @Field(() => EmailStatus) status: EmailStatus;
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field(() => GraphQLISODateTime) nextAttemptAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) sentAt: Date | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

export const EmailMessageConnection = Connection(EmailMessageType, "EmailMessage", "The email outbox, newest first");
