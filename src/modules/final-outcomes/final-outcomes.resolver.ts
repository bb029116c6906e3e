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
    // Reached from the child (checked there) or from the court's assurance view; check here too.
    if (!(await ctx.loaders.childRecordsVisible.load(o.childId))) return null;
    const version = await ctx.loaders.carePlanVersionById.load(o.approvedCarePlanVersionId);
    return version && visibleTo(ctx, version) ? version : null;
  }
}

@Resolver(() => ChildType)
export class ChildOutcomeResolver {
  @FieldResolver(() => FinalOutcomeType, { nullable: true, description: "The final order; null until made, and for anyone appointed only to a sibling" })
  async finalOutcome(@Root() c: Child, @Ctx() ctx: AuthorisedContext) {
    if (!(await ctx.loaders.childRecordsVisible.load(c.id))) return null;
    return (await ctx.loaders.finalOutcomeByChild.load(c.id))[0] ?? null;
  }
}
