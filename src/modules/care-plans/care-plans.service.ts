import { QueryFailedError } from "typeorm";
import { AuthorisedContext } from "../../core/context";
import { badInput, conflict, notFound } from "../../core/errors";
import { Role } from "../../core/access/roles";
import { Capability, can } from "../../core/access/permissions";
import { recordCaseEvent, EVERYONE_ON_THE_CASE } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { requireChildRecords } from "../proceedings/proceedings.module";
import { CARE_PLAN_SECTIONS, CarePlanStatus, CarePlanVersion } from "./care-plan-version.entity";
import { RecordCarePlanVersionInput } from "./care-plans.inputs";

/** The court sees the plan put to it and what follows the order, not working drafts. */
const COURT_SEES: readonly CarePlanStatus[] = [CarePlanStatus.FINAL, CarePlanStatus.POST_ORDER];

export function visibleTo(ctx: AuthorisedContext, v: CarePlanVersion): boolean {
  const p = ctx.principal;
  if (!can(p.roles, Capability.READ_CARE_PLAN)) return false;
  const onlyCourt = p.roles.every((r) => r === Role.COURT);
  return !onlyCourt || COURT_SEES.includes(v.status);
}

/**
 * Records a new version of a child's care plan. The caller says which version they edited
 * (`basedOnVersion`, 0 for the first): if someone else has recorded one since, the write is a
 * CONFLICT, never a silent overwrite. After the final order every new version is a post-order
 * change and reaches the IRO, the court and (for a while) the guardian.
 */
export async function recordCarePlanVersion(ctx: AuthorisedContext, input: RecordCarePlanVersionInput): Promise<CarePlanVersion> {
  const { child, proceedings } = await requireChildRecords(ctx, input.childId);
  const order = await ctx.loaders.monitoredOrderByChild.load(child.id);
  if (order && input.status !== CarePlanStatus.POST_ORDER) {
    throw badInput("status", "The child has a final order: new versions are POST_ORDER");
  }
  if (!order && input.status === CarePlanStatus.POST_ORDER) {
    throw badInput("status", "POST_ORDER versions follow a final order, and this child has none");
  }

  const [{ max }] = await ctx.em.query("SELECT coalesce(max(version), 0)::int AS max FROM care_plan_version WHERE child_id = $1", [child.id]);
  if (input.basedOnVersion !== max) {
    throw conflict(`The care plan has changed: the current version is ${max}, not ${input.basedOnVersion}`);
  }

  let version: CarePlanVersion;
  try {
    version = await ctx.em.save(
      ctx.em.create(CarePlanVersion, {
        proceedingsId: proceedings.id,
        childId: child.id,
        version: max + 1,
        status: input.status,
        sections: { ...input.sections },
        changeSummary: input.changeSummary,
        authorId: ctx.principal.userId,
      }),
    );
  } catch (err) {
    // Two writers based on the same version: the unique (child, version) lets one through.
    if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === "23505") {
      throw conflict(`The care plan has changed: version ${max + 1} was recorded by someone else first`);
    }
    throw err;
  }

  await recordCaseEvent(ctx, {
    kind: CaseEventKind.CARE_PLAN_VERSION_RECORDED,
    proceedingsId: proceedings.id,
    childId: child.id,
    subjectId: version.id,
    audience: EVERYONE_ON_THE_CASE.filter((r) => r !== Role.CAFCASS_MANAGER && (r !== Role.COURT || COURT_SEES.includes(version.status))),
  });
  // After the order, the post-order-changes module reacts by raising a post-order change.
  return version;
}

export async function carePlanHistory(ctx: AuthorisedContext, childId: string): Promise<CarePlanVersion[]> {
  const { child } = await requireChildRecords(ctx, childId);
  const versions = await ctx.em.find(CarePlanVersion, { where: { childId: child.id }, order: { version: "DESC" } });
  return versions.filter((v) => visibleTo(ctx, v));
}

export async function carePlanVersion(ctx: AuthorisedContext, childId: string, version: number): Promise<CarePlanVersion> {
  const { child } = await requireChildRecords(ctx, childId);
  const found = await ctx.em.findOneBy(CarePlanVersion, { childId: child.id, version });
  if (!found || !visibleTo(ctx, found)) throw notFound("Care plan version");
  return found;
}

export interface SectionDifference {
  section: string;
  before: string | null;
  after: string | null;
  changed: boolean;
}

/** Section by section, what changed between two versions. */
export async function carePlanDiff(ctx: AuthorisedContext, childId: string, from: number, to: number) {
  // The child first: someone who may not see the child learns nothing, not even about the arguments.
  await requireChildRecords(ctx, childId);
  if (from === to) throw badInput("to", "Compare two different versions");
  const [a, b] = await Promise.all([carePlanVersion(ctx, childId, from), carePlanVersion(ctx, childId, to)]);
  const sections: SectionDifference[] = CARE_PLAN_SECTIONS.map((section) => ({
    section,
    before: a.sections[section] ?? null,
    after: b.sections[section] ?? null,
    changed: (a.sections[section] ?? null) !== (b.sections[section] ?? null),
  }));
  return { from: a, to: b, statusChanged: a.status !== b.status, sections };
}
