import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { ChildType, Child } from "../proceedings/proceedings.module";
import { CarePlanVersionType, visibleTo } from "../care-plans/care-plans.module";
import { FinalOutcomeType } from "./final-outcomes.types";
import { RecordFinalOutcomeInput } from "./final-outcomes.inputs";
import { FinalOutcome } from "./final-outcome.entity";
import { recordFinalOutcome } from "./final-outcomes.service";

@Resolver(() => FinalOutcomeType)
export class FinalOutcomesResolver {
  @Mutation(() => FinalOutcomeType, { description: "Record the final hearing's outcome for a child; proceedings close when every child has one" })
  @Policy(Capability.RECORD_FINAL_OUTCOME)
  recordFinalOutcome(@Ctx() ctx: AuthorisedContext, @Arg("input", () => RecordFinalOutcomeInput) input: RecordFinalOutcomeInput) {
    return recordFinalOutcome(ctx, input);
  }

  @FieldResolver(() => CarePlanVersionType, { nullable: true, description: "The final care plan the court approved" })
  async approvedCarePlan(@Root() o: FinalOutcome, @Ctx() ctx: AuthorisedContext) {
    if (!o.approvedCarePlanVersionId) return null;
    // The outcome is on the court's papers; the care plan is the child's own record.
    if (!(await ctx.loaders.childRecordsVisible.load(o.childId))) return null;
    const version = await ctx.loaders.carePlanVersionById.load(o.approvedCarePlanVersionId);
    return version && visibleTo(ctx, version) ? version : null;
  }
}

@Resolver(() => ChildType)
export class ChildOutcomeResolver {
  @FieldResolver(() => FinalOutcomeType, { nullable: true })
  finalOutcome(@Root() c: Child, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.finalOutcomeByChild.load(c.id).then((outcomes) => outcomes[0] ?? null);
  }
}
