import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { PersonType } from "../directory/directory.module";
import { CarePlanDiffType, CarePlanVersionType } from "./care-plans.types";
import { RecordCarePlanVersionInput } from "./care-plans.inputs";
import { CarePlanVersion } from "./care-plan-version.entity";
import * as service from "./care-plans.service";

@Resolver(() => CarePlanVersionType)
export class CarePlansResolver {
  @Mutation(() => CarePlanVersionType, {
    description: "Record a new version of a child's care plan (after the final order, this raises a post-order change)",
  })
  @Policy(Capability.RECORD_CARE_PLAN)
  recordCarePlanVersion(@Ctx() ctx: AuthorisedContext, @Arg("input", () => RecordCarePlanVersionInput) input: RecordCarePlanVersionInput) {
    return service.recordCarePlanVersion(ctx, input);
  }

  @Query(() => [CarePlanVersionType], { description: "A child's care plan versions, newest first (the court sees final and post-order versions)" })
  @Policy(Capability.READ_CARE_PLAN)
  carePlanHistory(@Ctx() ctx: AuthorisedContext, @Arg("childId", () => ID) childId: string) {
    return service.carePlanHistory(ctx, childId);
  }

  @Query(() => CarePlanDiffType, { description: "What changed between two versions of a child's care plan" })
  @Policy(Capability.READ_CARE_PLAN)
  carePlanDiff(
    @Ctx() ctx: AuthorisedContext,
    @Arg("childId", () => ID) childId: string,
    @Arg("fromVersion", () => Int) fromVersion: number,
    @Arg("toVersion", () => Int) toVersion: number,
  ) {
    return service.carePlanDiff(ctx, childId, fromVersion, toVersion);
  }

  @FieldResolver(() => PersonType, { nullable: true })
  author(@Root() v: CarePlanVersion, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.userById.load(v.authorId);
  }
}
