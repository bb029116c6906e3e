import { AuthorisedContext } from "../../core/context";
import { notInFuture } from "../../core/validation";
import { Role } from "../../core/access/roles";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { requireChildRecords } from "../proceedings/proceedings.module";
import { SignificantEvent } from "./significant-event.entity";
import { RecordSignificantEventInput } from "./significant-events.inputs";

/** Who hears of a significant event (matrix: not the court, not the legal department). */
const AUDIENCE = [Role.SOCIAL_WORKER, Role.IRO, Role.IRO_MANAGER, Role.GUARDIAN];

export async function recordSignificantEvent(ctx: AuthorisedContext, input: RecordSignificantEventInput): Promise<SignificantEvent> {
  const { child, proceedings } = await requireChildRecords(ctx, input.childId);
  notInFuture(ctx.today(), "occurredOn", input.occurredOn);
  const event = await ctx.em.save(
    ctx.em.create(SignificantEvent, {
      proceedingsId: proceedings.id,
      childId: child.id,
      kind: input.kind,
      occurredOn: input.occurredOn,
      summary: input.summary,
      changesPlan: input.changesPlan,
      recordedById: ctx.principal.userId,
    }),
  );
  await recordCaseEvent(ctx, {
    kind: CaseEventKind.SIGNIFICANT_EVENT_RECORDED,
    proceedingsId: proceedings.id,
    childId: child.id,
    subjectId: event.id,
    audience: AUDIENCE,
  });
  // One that changes the plan after the order: the post-order-changes module reacts.
  return event;
}

export async function significantEvents(ctx: AuthorisedContext, childId: string): Promise<SignificantEvent[]> {
  const { child } = await requireChildRecords(ctx, childId);
  return ctx.em.find(SignificantEvent, { where: { childId: child.id }, order: { occurredOn: "DESC", createdAt: "DESC" }, take: 500 });
}
