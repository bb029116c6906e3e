import { Arg, Args, ArgsType, Ctx, Field, ID, Query, Resolver, Root, Subscription } from "type-graphql";
import { AuthorisedContext, HubContext } from "../../core/context";
import { Policy } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { startSubscription } from "../../core/operation";
import { PageArgs } from "../../core/pagination";
import { CaseEvent } from "../../core/events/case-event.entity";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { encodeEventCursor, finalHighWater } from "../../core/events/events";
import { CaseEventConnection, CaseEventType } from "./case-events.types";
import { caseEventFeed, subscribeToCaseEvents, toEventView } from "./case-events.service";

@ArgsType()
class CaseEventFilterArgs {
  @Field(() => ID, { nullable: true, description: "One case; all your cases when omitted" })
  proceedingsId?: string | null;

  @Field(() => [CaseEventKind], { nullable: true, description: "Only these kinds" })
  kinds?: CaseEventKind[] | null;
}

@ArgsType()
class CaseEventArgs extends CaseEventFilterArgs {
  @Field(() => String, { nullable: true, description: "Resume after this event's cursor: missed events come first, then live ones" })
  after?: string | null;
}

const CARE_PLAN_KINDS = [CaseEventKind.CARE_PLAN_VERSION_RECORDED, CaseEventKind.POST_ORDER_CHANGE_RAISED, CaseEventKind.FINAL_OUTCOME_RECORDED];

// The arguments as graphql-ws hands them to `subscribe`, before type-graphql has built the inputs.
type SubscribeArgs = { proceedingsId?: string; childId?: string; kinds?: CaseEventKind[]; after?: string };
type SubscribeData = { args: SubscribeArgs; context: HubContext };

@Resolver(() => CaseEventType)
export class CaseEventsResolver {
  @Query(() => String, {
    description:
      "A cursor at the end of the event stream as of now: subscribe `after` it to hear of everything from now on, and resume from your last event after a disconnect",
  })
  @Policy(Capability.READ_CASE)
  async caseEventCursor(@Ctx() ctx: AuthorisedContext) {
    return encodeEventCursor(ctx.runtime.eventHub?.highWater ?? (await finalHighWater(ctx.em)));
  }

  @Subscription(() => CaseEventType, {
    description: "Case events you are entitled to, live; with `after`, everything you missed first, in order",
    subscribe: ({ args, context }: SubscribeData) =>
      startSubscription(context, "caseEvents", (authorised) =>
        subscribeToCaseEvents(authorised, { proceedingsId: args.proceedingsId, kinds: args.kinds, after: args.after }),
      ),
  })
  @Policy(Capability.READ_CASE)
  caseEvents(@Root() event: CaseEvent, @Args(() => CaseEventArgs) _args: CaseEventArgs) {
    return toEventView(event);
  }

  @Subscription(() => CaseEventType, {
    description: "A child's care plan changed: new versions, final outcomes, post-order changes",
    subscribe: ({ args, context }: SubscribeData) =>
      startSubscription(context, "carePlanChanged", (authorised) =>
        subscribeToCaseEvents(authorised, { childId: args.childId, proceedingsId: args.proceedingsId, kinds: CARE_PLAN_KINDS, after: args.after }),
      ),
  })
  @Policy(Capability.READ_CASE)
  carePlanChanged(
    @Root() event: CaseEvent,
    @Arg("childId", () => ID, { nullable: true }) _childId?: string,
    @Arg("proceedingsId", () => ID, { nullable: true }) _proceedingsId?: string,
    @Arg("after", () => String, { nullable: true }) _after?: string,
  ) {
    return toEventView(event);
  }

  @Query(() => CaseEventConnection, { description: "The case events you are entitled to, oldest first, for clients that poll" })
  @Policy(Capability.READ_CASE)
  caseEventFeed(
    @Ctx() ctx: AuthorisedContext,
    @Args(() => CaseEventFilterArgs) args: CaseEventFilterArgs,
    @Args(() => PageArgs) page: PageArgs,
    @Arg("childId", () => ID, { nullable: true, description: "One child's events (and its case's events about no child in particular are left out)" })
    childId?: string,
  ) {
    return caseEventFeed(ctx, { ...args, childId, after: page.after, first: page.first });
  }
}
