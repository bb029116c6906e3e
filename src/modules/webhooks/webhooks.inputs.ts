import { ArrayUnique, IsOptional, IsString, IsUUID, Length, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { CaseEventKind } from "../../core/events/case-event-kind";

@InputType({ description: "An endpoint of your organisation's system that hears of case events" })
export class RegisterWebhookInput {
  @Field(() => ID, { nullable: true, description: "Your own organisation when omitted (hub administrators may name any)" })
  @IsOptional()
  @IsUUID()
  organisationId?: string | null;

  @Field(() => String, { description: "Where the hub POSTs each event (https in production)" })
  @IsString()
  @Length(8, 2000)
  url: string;

  @Field(() => [CaseEventKind], { nullable: true, description: "Only these kinds (every kind when omitted or empty)" })
  @IsOptional()
  @ArrayUnique()
  kinds?: CaseEventKind[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;
}
