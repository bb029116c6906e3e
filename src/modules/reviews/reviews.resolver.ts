import { Arg, Ctx, Field, FieldResolver, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { LocalDateScalar } from "../../core/scalars";
import { ChildType } from "../proceedings/proceedings.module";
import { Review } from "./review.entity";
import { RecordReviewInput } from "./reviews.inputs";
import * as service from "./reviews.service";
import { myCaseload, serviceCaseloads } from "./caseload.service";

@ObjectType("ReviewDecision")
export class ReviewDecisionType {
  @Field(() => ID) id: string;
  @Field(() => String) description: string;
  @Field(() => String) owner: string;
  @Field(() => LocalDateScalar) dueOn: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) completedAt: Date | null;
}

@ObjectType("Review", { description: "A looked-after review recorded by the IRO" })
export class ReviewType {
  @Field(() => ID) id: string;
  @Field(() => LocalDateScalar) heldOn: string;
  @Field(() => [String]) participants: string[];
  @Field(() => Boolean) spokeToChild: boolean;
  @Field(() => String, { nullable: true }) childViews: string | null;
  @Field(() => Boolean) planOnTrack: boolean;
  @Field(() => String, { nullable: true }) concerns: string | null;
  @Field(() => Boolean) extra: boolean;
}

@ObjectType("ScheduledReview")
export class ScheduledReviewType {
  @Field(() => Int) number: number;
  @Field(() => LocalDateScalar) dueOn: string;
  @Field(() => LocalDateScalar, { nullable: true }) heldOn: string | null;
  @Field(() => Boolean, { nullable: true }) onTime: boolean | null;
  @Field(() => Boolean) overdue: boolean;
  @Field(() => ID, { nullable: true }) reviewId: string | null;
}

@ObjectType("ReviewSchedule", { description: "Statutory review dates (reg 33): 20 working days, then 3 months, then every 6 months" })
export class ReviewScheduleType {
  @Field(() => LocalDateScalar, { nullable: true }) lookedAfterSince: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: "As the IRO told the court at the final hearing" }) firstPostOrderReviewOn: string | null;
  @Field(() => [ScheduledReviewType]) reviews: ScheduledReviewType[];
  @Field(() => LocalDateScalar, { nullable: true }) nextDueOn: string | null;
  @Field(() => Boolean) nextOverdue: boolean;
  @Field(() => LocalDateScalar, { nullable: true, description: "An extra review the IRO called after a significant change" }) extraReviewDueOn: string | null;
  @Field(() => String, { nullable: true }) extraReviewReason: string | null;
  @Field(() => Boolean) extraReviewOverdue: boolean;
}

@ObjectType("CaseloadChild", { description: "One child of an IRO's caseload" })
export class CaseloadChildType {
  @Field(() => ID) childId: string;
  @Field(() => String) courtCaseNumber: string;
  @Field(() => LocalDateScalar, { nullable: true }) nextReviewDueOn: string | null;
  @Field(() => Boolean) reviewOverdue: boolean;
  @Field(() => Int) overdueDecisions: number;
  @Field(() => Int) openDisputes: number;
  @Field(() => Int) unacknowledgedPapers: number;
  @Field(() => Int) unacknowledgedChanges: number;
}

/** The child of a caseload row: already the caller's, so loaded without a second access check. */
@Resolver(() => CaseloadChildType)
export class CaseloadChildResolver {
  @FieldResolver(() => ChildType)
  child(@Root() row: CaseloadChildType, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.childById.load(row.childId);
  }
}

@ObjectType("IroCaseload", { description: "An IRO's caseload against the 50-70 benchmark" })
export class IroCaseloadType {
  @Field(() => ID) iroId: string;
  @Field(() => String) displayName: string;
  @Field(() => Int) children: number;
  @Field(() => Boolean) withinBenchmark: boolean;
}

@Resolver(() => ReviewType)
export class ReviewsResolver {
  @Mutation(() => ChildType, { description: "Record when the child became looked after (the review cycle starts there)" })
  @Policy(Capability.RECORD_LOOKED_AFTER)
  async recordLookedAfterSince(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string, @Arg("since", () => LocalDateScalar) since: string) {
    await service.recordLookedAfterSince(ctx, childId, since);
    return ctx.loaders.childById.load(childId);
  }

  @Mutation(() => ReviewScheduleType, { description: "At the final hearing: when the first post-order review will be held" })
  @Policy(Capability.RECORD_REVIEW)
  async statePostOrderReviewDate(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string, @Arg("on", () => LocalDateScalar) on: string) {
    await service.statePostOrderReviewDate(ctx, childId, on);
    return service.reviewScheduleFor(ctx, childId);
  }

  @Mutation(() => ReviewScheduleType, { description: "Call an extra review after a significant change (the next review held answers it)" })
  @Policy(Capability.RECORD_REVIEW)
  async requestExtraReview(
    @Ctx() ctx: AuthorisedContext,
    @Arg("childId", () => ID) childId: string,
    @Arg("dueOn", () => LocalDateScalar) dueOn: string,
    @Arg("reason", () => String) reason: string,
  ) {
    await service.requestExtraReview(ctx, childId, dueOn, reason);
    return service.reviewScheduleFor(ctx, childId);
  }

  @Mutation(() => ReviewType, { description: "Record a review (after a final order this drafts the court's assurance statement)" })
  @Policy(Capability.RECORD_REVIEW)
  recordReview(@Ctx() ctx: AuthorisedContext, @Arg("input", () => RecordReviewInput) input: RecordReviewInput) {
    return service.recordReview(ctx, input);
  }

  @Mutation(() => ReviewDecisionType)
  @Policy(Capability.RECORD_REVIEW)
  completeReviewDecision(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string) {
    return service.completeReviewDecision(ctx, id);
  }

  @Query(() => ReviewScheduleType)
  @Policy(Capability.READ_REVIEWS)
  reviewSchedule(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string) {
    return service.reviewScheduleFor(ctx, childId);
  }

  @Query(() => [ReviewType])
  @Policy(Capability.READ_REVIEWS)
  reviews(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string) {
    return service.reviewsOf(ctx, childId);
  }

  @Query(() => [CaseloadChildType], { description: "Your caseload: next review, overdue items, open disputes, unacknowledged papers and changes" })
  @Policy(Capability.READ_CASELOAD)
  myCaseload(@Ctx() ctx: AuthorisedContext) {
    return myCaseload(ctx);
  }

  @Query(() => [IroCaseloadType], { description: "IRO managers: each IRO of the service with their caseload against 50-70" })
  @Policy(Capability.READ_IRO_PAPER_REPORT)
  iroCaseloads(@Ctx() ctx: AuthorisedContext) {
    return serviceCaseloads(ctx);
  }

  @FieldResolver(() => [ReviewDecisionType])
  decisions(@Root() r: Review, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.decisionsByReview.load(r.id);
  }
}
