import { Ctx, Field, GraphQLISODateTime, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy, SIGNED_IN } from "../../core/access/policy";
import * as feeds from "./calendar-feeds.service";

@ObjectType("CalendarFeedLink", { description: "Your private calendar feed: subscribe to the URL in Outlook or Google Calendar. Shown once" })
class CalendarFeedLinkType {
  @Field(() => String) url: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@ObjectType("CalendarFeed", { description: "Your calendar feed, if you have one (its URL is not shown again)" })
class CalendarFeedType {
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: "When a calendar last fetched it" }) lastFetchedAt: Date | null;
}

@Resolver()
export class CalendarFeedsResolver {
  @Query(() => CalendarFeedType, { nullable: true })
  @Policy(SIGNED_IN)
  myCalendarFeed(@Ctx() ctx: AuthorisedContext) {
    return feeds.myCalendarFeed(ctx);
  }

  @Mutation(() => CalendarFeedLinkType, { description: "A new secret URL for your calendar; any earlier one stops working" })
  @Policy(SIGNED_IN)
  createCalendarFeed(@Ctx() ctx: AuthorisedContext) {
    return feeds.createCalendarFeed(ctx);
  }

  @Mutation(() => Boolean, { description: "Stop your calendar feed at once" })
  @Policy(SIGNED_IN)
  revokeCalendarFeed(@Ctx() ctx: AuthorisedContext) {
    return feeds.revokeCalendarFeed(ctx);
  }
}
