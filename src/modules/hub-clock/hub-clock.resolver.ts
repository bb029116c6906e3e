import { Arg, Ctx, Field, GraphQLISODateTime, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy, SIGNED_IN } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { LocalDateScalar } from "../../core/scalars";
import { hubClock, setHubClock } from "./hub-clock.service";

@ObjectType("HubClock", { description: "The hub's clock, which every deadline and job reads" })
class HubClockType {
  @Field(() => GraphQLISODateTime) now: Date;
  @Field(() => LocalDateScalar, { description: "Today in England" }) today: string;
  @Field(() => Boolean, { description: "Whether an administrator may set it (never in production)" }) settable: boolean;
  @Field(() => Int, { description: "How far it is from real time, in seconds" }) offsetSeconds: number;
}

@Resolver()
export class HubClockResolver {
  @Query(() => HubClockType)
  @Policy(SIGNED_IN)
  hubClock(@Ctx() ctx: AuthorisedContext) {
    return hubClock(ctx);
  }

  @Mutation(() => HubClockType, {
    description:
      "Outside production only: set the hub's clock to a time, on by a number of days (negative goes back), or back to real time; every process follows and every job runs at once. Refused (and logged) in production",
  })
  @Policy(Capability.SET_CLOCK)
  setHubClock(
    @Ctx() ctx: AuthorisedContext,
    @Arg("to", () => GraphQLISODateTime, { nullable: true }) to?: Date | null,
    @Arg("advanceDays", () => Int, { nullable: true }) advanceDays?: number | null,
    @Arg("reset", () => Boolean, { nullable: true }) reset?: boolean | null,
  ) {
    return setHubClock(ctx, { to, advanceDays, reset });
  }
}
