import { Arg, Ctx, Field, GraphQLISODateTime, ID, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { LocalDateScalar } from "../../core/scalars";
import { SignificantEventKind } from "./significant-event.entity";
import { RecordSignificantEventInput } from "./significant-events.inputs";
import { recordSignificantEvent, significantEvents } from "./significant-events.service";

@ObjectType("SignificantEvent", { description: "A significant event in the child's life the IRO must hear of" })
export class SignificantEventType {
  @Field(() => ID) id: string;
  @Field(() => SignificantEventKind) kind: SignificantEventKind;
  @Field(() => LocalDateScalar) occurredOn: string;
  @Field(() => String) summary: string;
  @Field(() => Boolean) changesPlan: boolean;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@Resolver(() => SignificantEventType)
export class SignificantEventsResolver {
  @Mutation(() => SignificantEventType, {
    description: "Tell the IRO of a significant event (after the order, one that changes the plan is a post-order change)",
  })
  @Policy(Capability.RECORD_SIGNIFICANT_EVENT)
  recordSignificantEvent(@Ctx() ctx: AuthorisedContext, @Arg("input", () => RecordSignificantEventInput) input: RecordSignificantEventInput) {
    return recordSignificantEvent(ctx, input);
  }

  @Query(() => [SignificantEventType], { description: "A child's significant events, newest first" })
  @Policy(Capability.READ_SIGNIFICANT_EVENTS)
  significantEvents(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string) {
    return significantEvents(ctx, childId);
  }
}
