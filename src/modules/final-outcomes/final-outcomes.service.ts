import { In } from "typeorm";
import { AuthorisedContext, HubContext } from "../../core/context";
import { notInFuture } from "../../core/validation";
import { badInput, conflict } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { compareDates } from "../../core/calendar/calendar";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { requireProceedings, Child, ProceedingsStatus, closeProceedings } from "../proceedings/proceedings.module";
import { CarePlanStatus, CarePlanVersion } from "../care-plans/care-plans.module";
import { FinalOutcome, ORDERS_NEEDING_A_FINAL_CARE_PLAN, ORDERS_WITH_A_PLAN_TO_MONITOR } from "./final-outcome.entity";
import { RecordFinalOutcomeInput } from "./final-outcomes.inputs";

/** The child's final outcome, if the final hearing has decided. */
export async function outcomeOf(ctx: HubContext, childId: string): Promise<FinalOutcome | null> {
  return (await outcomesOf(ctx, [childId])).get(childId) ?? null;
}

/** The final outcomes of many children in one query, by child. */
export async function outcomesOf(ctx: HubContext, childIds: readonly string[]): Promise<Map<string, FinalOutcome>> {
  if (!childIds.length) return new Map();
  const rows = await ctx.em.findBy(FinalOutcome, { childId: In([...childIds]) });
  return new Map(rows.map((o) => [o.childId, o]));
}

/** The final order whose plan is being monitored, if the child has one. */
export async function monitoredOrder(ctx: HubContext, childId: string): Promise<FinalOutcome | null> {
  const outcome = await ctx.em.findOneBy(FinalOutcome, { childId });
  return outcome && ORDERS_WITH_A_PLAN_TO_MONITOR.includes(outcome.orderType) ? outcome : null;
}

/**
 * Records the final hearing's outcome for one child. (The appointments module reacts by ending
 * the guardian's appointment after the post-order window.) When every child has an outcome,
 * the proceedings close.
 */
export async function recordFinalOutcome(ctx: AuthorisedContext, input: RecordFinalOutcomeInput): Promise<FinalOutcome> {
  const proceedings = await requireProceedings(ctx, input.proceedingsId);
  // Serialise outcomes per proceedings, so the last child's outcome always sees the others and closes them.
  await ctx.em.query("SELECT 1 FROM proceedings WHERE id = $1 FOR UPDATE", [proceedings.id]);
  if (proceedings.status !== ProceedingsStatus.OPEN) throw conflict("The proceedings are closed");
  const child = isUuid(input.childId) ? await ctx.em.findOneBy(Child, { id: input.childId, proceedingsId: proceedings.id }) : null;
  if (!child) throw badInput("childId", "Not a child in these proceedings");
  ctx.audit.touch(proceedings.id, child.id);
  if (await ctx.em.existsBy(FinalOutcome, { childId: child.id })) throw conflict("This child already has a final outcome");

  notInFuture(ctx.today(), "orderDate", input.orderDate);
  if (compareDates(input.orderDate, proceedings.issueDate) < 0) throw badInput("orderDate", "Cannot be before the issue date");

  let approvedCarePlanVersionId: string | null = null;
  if (input.approvedCarePlanVersionId) {
    const version = isUuid(input.approvedCarePlanVersionId)
      ? await ctx.em.findOneBy(CarePlanVersion, { id: input.approvedCarePlanVersionId, childId: child.id })
      : null;
    if (!version) throw badInput("approvedCarePlanVersionId", "Not a care plan version of this child");
    if (version.status !== CarePlanStatus.FINAL) throw badInput("approvedCarePlanVersionId", "The court approves a FINAL care plan");
    approvedCarePlanVersionId = version.id;
  } else if (ORDERS_NEEDING_A_FINAL_CARE_PLAN.includes(input.orderType)) {
    throw badInput("approvedCarePlanVersionId", `A ${input.orderType} needs the final care plan the court approved (s31A)`);
  }

  const outcome = await ctx.em.save(
    ctx.em.create(FinalOutcome, {
      proceedingsId: proceedings.id,
      childId: child.id,
      orderType: input.orderType,
      orderDate: input.orderDate,
      approvedCarePlanVersionId,
      courtRecommendations: input.courtRecommendations ?? null,
      recordedById: ctx.principal.userId,
    }),
  );
  await recordCaseEvent(ctx, {
    kind: CaseEventKind.FINAL_OUTCOME_RECORDED,
    proceedingsId: proceedings.id,
    childId: child.id,
    subjectId: outcome.id,
  });

  const children = await ctx.em.findBy(Child, { proceedingsId: proceedings.id });
  const decided = await ctx.em.countBy(FinalOutcome, { proceedingsId: proceedings.id });
  if (decided === children.length) await closeProceedings(ctx, proceedings.id);
  return outcome;
}
