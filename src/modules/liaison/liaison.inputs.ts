import { ArrayMaxSize, ArrayMinSize, IsOptional, IsString, Length, MaxLength, ValidateNested } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { LocalDateScalar } from "../../core/scalars";
import { ActionOwner, LiaisonMethod, LiaisonTopic, ProtocolChecklistStep } from "./liaison.entity";

@InputType({ description: "An action the IRO and guardian agreed, with its owner and due date" })
export class AgreedActionInput {
  @Field(() => String)
  @IsString()
  @Length(1, 2000)
  description: string;

  @Field(() => ActionOwner)
  owner: ActionOwner;

  @Field(() => LocalDateScalar)
  dueOn: string;
}

@InputType()
export class LiaisonDetailsInput {
  @Field(() => LocalDateScalar, { description: "When the contact happened: not in the future, not before the guardian's appointment" })
  occurredOn: string;

  @Field(() => LiaisonMethod)
  method: LiaisonMethod;

  @Field(() => [String], { description: "Who took part" })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  participants: string[];

  @Field(() => ProtocolChecklistStep, { nullable: true })
  protocolStep?: ProtocolChecklistStep | null;

  @Field(() => ID, { nullable: true, description: "The hearing the contact prepared for" })
  hearingId?: string | null;

  @Field(() => [LiaisonTopic])
  @ArrayMinSize(1)
  topics: LiaisonTopic[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20_000)
  iroViewsOnCarePlan?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20_000)
  guardianViewsOnCarePlan?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20_000)
  concerns?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20_000)
  notes?: string | null;

  @Field(() => [AgreedActionInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  actions?: AgreedActionInput[] | null;
}

@InputType()
export class RecordLiaisonInput extends LiaisonDetailsInput {
  @Field(() => ID)
  childId: string;

  @Field(() => ID, { nullable: true, description: "A fixed record of yours this one corrects" })
  correctsId?: string | null;

  @Field(() => ID, { nullable: true, description: "The other party's record of the same contact, if this is your own account of it" })
  respondsToId?: string | null;
}
