import { Arg, Ctx, Field, FieldResolver, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { LocalDateScalar } from "../../core/scalars";
import { ChildType } from "../proceedings/proceedings.module";
import { FinalOutcomeType } from "../final-outcomes/final-outcomes.module";
import { ReferralStatus } from "../challenges/challenges.module";
import { StatementStatus } from "./assurance-statement.entity";
import * as service from "./assurance.service";

@ObjectType("AssuranceStatement", { description: "What the court is told after a post-order review" })
export class AssuranceStatementType {
  @Field(() => ID) id: string;
  @Field(() => LocalDateScalar) heldOn: string;
  @Field(() => LocalDateScalar, { description: "When the review was due" }) dueOn: string;
  @Field(() => Boolean) heldOnTime: boolean;
  @Field(() => Boolean) planOnTrack: boolean;
  @Field(() => Int) openDisputes: number;
  @Field(() => Int) openReferrals: number;
  @Field(() => String) summaryForCourt: string;
  @Field(() => StatementStatus) status: StatementStatus;
  @Field(() => GraphQLISODateTime, { nullable: true }) releasedAt: Date | null;
}

@ObjectType("CourtAssurance", { description: "A child of the court's cases after the order: is the plan being reviewed?" })
export class CourtAssuranceType {
  @Field(() => FinalOutcomeType) outcome: FinalOutcomeType;
  @Field(() => LocalDateScalar, { nullable: true }) firstPostOrderReviewOn: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) nextReviewDueOn: string | null;
  @Field(() => Boolean) reviewOverdue: boolean;
  @Field(() => AssuranceStatementType, { nullable: true, description: "The latest released statement" }) latestStatement: AssuranceStatementType | null;
  @Field(() => Int) openDisputes: number;
  @Field(() => ReferralStatus, { nullable: true, description: "The latest referral to Cafcass, if any" }) referralStatus: ReferralStatus | null;
  childId: string;
}

@Resolver(() => AssuranceStatementType)
export class AssuranceResolver {
  @Mutation(() => AssuranceStatementType, { description: "Edit a draft statement's summary for the court" })
  @Policy(Capability.RECORD_REVIEW)
  updateAssuranceStatement(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string, @Arg("summaryForCourt", () => String) summary: string) {
    return service.updateStatement(ctx, id, summary);
  }

  @Mutation(() => AssuranceStatementType, { description: "Sign off and release a statement to the court; it cannot change afterwards" })
  @Policy(Capability.RECORD_REVIEW)
  releaseAssuranceStatement(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string) {
    return service.releaseStatement(ctx, id);
  }

  @Query(() => [AssuranceStatementType], { description: "A child's assurance statements (the court sees released ones)" })
  @Policy(Capability.READ_CASE)
  assuranceStatements(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string) {
    return service.statementsFor(ctx, childId);
  }

  @Query(() => [CourtAssuranceType], { description: "The court's post-order view of its cases" })
  @Policy(Capability.READ_COURT_ASSURANCE)
  courtAssurance(@Ctx() ctx: AuthorisedContext) {
    return service.courtAssurance(ctx);
  }
}

@Resolver(() => CourtAssuranceType)
export class CourtAssuranceResolver {
  @FieldResolver(() => ChildType)
  child(@Root() a: CourtAssuranceType, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.childById.load(a.childId);
  }
}
