import { IsNull } from "typeorm";
import { HubContext } from "../../core/context";
import { notInFuture } from "../../core/validation";
import { badInput, conflict } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { compareDates } from "../../core/calendar/calendar";
import { guardianWindowEnds } from "../../core/calendar/deadlines";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { requireProceedings } from "../proceedings/proceedings.access";
import { Child } from "../proceedings/child.entity";
import { Proceedings } from "../proceedings/proceedings.entity";
import { ProceedingsStatus } from "../proceedings/proceedings.enums";
import { Appointment, AppointmentRole } from "../appointments/appointment.entity";
import { CarePlanStatus, CarePlanVersion } from "../care-plans/care-plan-version.entity";
import { FinalOutcome, ORDERS_NEEDING_A_FINAL_CARE_PLAN } from "./final-outcome.entity";
import { RecordFinalOutcomeInput } from "./final-outcomes.inputs";

/**
 * Records the final hearing's outcome for one child. The guardian's role ends with the
 * proceedings, but the guardian stays on the case for the post-order window so that they hear
 * of early changes to the plan. When every child has an outcome, the proceedings close.
 */
export async function recordFinalOutcome(ctx: HubContext, input: RecordFinalOutcomeInput): Promise<FinalOutcome> {
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
      recordedById: ctx.principal!.userId,
    }),
  );
  await recordCaseEvent(ctx.em, {
    kind: CaseEventKind.FINAL_OUTCOME_RECORDED,
    proceedingsId: proceedings.id,
    childId: child.id,
    subjectId: outcome.id,
  });

  const windowEnds = guardianWindowEnds(input.orderDate, ctx.runtime.config.guardianPostOrderWindowWeeks);
  const guardians = await ctx.em.findBy(Appointment, { childId: child.id, role: AppointmentRole.GUARDIAN, endsOn: IsNull() });
  for (const g of guardians) {
    g.endsOn = windowEnds;
    await ctx.em.save(g);
    await recordCaseEvent(ctx.em, { kind: CaseEventKind.APPOINTMENT_ENDED, proceedingsId: proceedings.id, childId: child.id, subjectId: g.id });
  }

  const [{ open }] = await ctx.em.query(
    `SELECT count(*)::int AS open FROM child c WHERE c.proceedings_id = $1
        AND NOT EXISTS (SELECT 1 FROM final_outcome o WHERE o.child_id = c.id)`,
    [proceedings.id],
  );
  if (open === 0) {
    await ctx.em.update(Proceedings, { id: proceedings.id }, { status: ProceedingsStatus.CLOSED });
    await recordCaseEvent(ctx.em, { kind: CaseEventKind.PROCEEDINGS_CLOSED, proceedingsId: proceedings.id, subjectId: proceedings.id });
  }
  return outcome;
}
