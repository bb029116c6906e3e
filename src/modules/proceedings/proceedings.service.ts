import { In } from "typeorm";
import { groupBy } from "../../core/loader-factories";
import { AuthorisedContext, HubContext, caseAccess } from "../../core/context";
import { notInFuture } from "../../core/validation";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { badInput, conflict } from "../../core/errors";
import { compareDates, isLocalDate } from "../../core/calendar/calendar";
import { isUuid } from "../../core/ids";
import { proceedingsTimetable } from "../../core/calendar/deadlines";
import { decodeCursor, pageSize, Page, toPage } from "../../core/pagination";
import { OrganisationKind } from "../../core/access/roles";
import { Organisation } from "../directory/directory.module";
import { Proceedings } from "./proceedings.entity";
import { Child } from "./child.entity";
import { Hearing } from "./hearing.entity";
import { TimetableExtension } from "./timetable-extension.entity";
import { ProceedingsStatus } from "./proceedings.enums";
import { AddChildInput, ChildInput, RecordHearingInput, RecordTimetableExtensionInput, RegisterProceedingsInput } from "./proceedings.inputs";
import { requireProceedings } from "./proceedings.access";

function checkChildren(ctx: AuthorisedContext, children: ChildInput[], field: string, existing: string[] = []): void {
  const refs = new Set(existing);
  children.forEach((c, i) => {
    notInFuture(ctx.today(), `${field}.${i}.dateOfBirth`, c.dateOfBirth);
    if (refs.has(c.laReference)) throw badInput(`${field}.${i}.laReference`, "Already used for a child in these proceedings");
    refs.add(c.laReference);
  });
}

/**
 * LA legal registers an application it has issued. (The appointments module reacts by putting
 * the legal department and the court on the case as organisations.)
 */
export async function registerProceedings(ctx: AuthorisedContext, input: RegisterProceedingsInput): Promise<Proceedings> {
  const principal = ctx.principal;
  if (principal.organisationKind !== OrganisationKind.LOCAL_AUTHORITY) {
    throw badInput("courtId", "Only a local authority's legal department registers proceedings");
  }
  notInFuture(ctx.today(), "issueDate", input.issueDate);
  checkChildren(ctx, input.children, "children");
  const court = await ctx.em.findOneBy(Organisation, { id: input.courtId });
  if (!court || court.kind !== OrganisationKind.COURT) throw badInput("courtId", "Not a family court known to the hub");
  const courtCaseNumber = input.courtCaseNumber.trim();
  if (await ctx.em.existsBy(Proceedings, { courtId: court.id, courtCaseNumber })) {
    throw conflict(`Court case number ${courtCaseNumber} is already registered at this court`);
  }

  const proceedings = await ctx.em.save(
    ctx.em.create(Proceedings, {
      courtId: court.id,
      courtCaseNumber,
      localAuthorityId: principal.organisationId,
      issueDate: input.issueDate,
      applicationType: input.applicationType,
      status: ProceedingsStatus.OPEN,
      registeredById: principal.userId,
    }),
  );
  ctx.audit.touch(proceedings.id);
  await ctx.em.insert(
    Child,
    input.children.map((c) => ({ ...c, proceedingsId: proceedings.id })),
  );
  await recordCaseEvent(ctx, { kind: CaseEventKind.PROCEEDINGS_REGISTERED, proceedingsId: proceedings.id, subjectId: proceedings.id });
  return proceedings;
}

export async function addChild(ctx: AuthorisedContext, input: AddChildInput): Promise<Child> {
  const proceedings = await requireProceedings(ctx, input.proceedingsId);
  requireOpen(proceedings);
  const existing = await ctx.em.findBy(Child, { proceedingsId: proceedings.id });
  const { proceedingsId: _p, ...child } = input;
  checkChildren(
    ctx,
    [child],
    "child",
    existing.map((c) => c.laReference),
  );
  const saved = await ctx.em.save(ctx.em.create(Child, { ...child, proceedingsId: proceedings.id }));
  ctx.audit.touch(proceedings.id, saved.id);
  await recordCaseEvent(ctx, { kind: CaseEventKind.CHILD_ADDED, proceedingsId: proceedings.id, childId: saved.id, subjectId: saved.id });
  return saved;
}

/** Closes the proceedings (every child has a final outcome: the final-outcomes module decides). */
export async function closeProceedings(ctx: AuthorisedContext, proceedingsId: string): Promise<void> {
  await ctx.em.update(Proceedings, { id: proceedingsId }, { status: ProceedingsStatus.CLOSED });
  await recordCaseEvent(ctx, { kind: CaseEventKind.PROCEEDINGS_CLOSED, proceedingsId, subjectId: proceedingsId });
}

function requireOpen(proceedings: Proceedings): void {
  if (proceedings.status !== ProceedingsStatus.OPEN) throw conflict("The proceedings are closed");
}

export async function recordHearing(ctx: AuthorisedContext, input: RecordHearingInput): Promise<Hearing> {
  const proceedings = await requireProceedings(ctx, input.proceedingsId);
  requireOpen(proceedings);
  if (compareDates(input.date, proceedings.issueDate) < 0) {
    throw badInput("date", `A hearing cannot be before the issue date (${proceedings.issueDate})`);
  }
  const hearing = await ctx.em.save(
    ctx.em.create(Hearing, {
      proceedingsId: proceedings.id,
      type: input.type,
      date: input.date,
      recordedById: ctx.principal.userId,
    }),
  );
  await recordCaseEvent(ctx, { kind: CaseEventKind.HEARING_RECORDED, proceedingsId: proceedings.id, subjectId: hearing.id });
  return hearing;
}

export async function recordTimetableExtension(ctx: AuthorisedContext, input: RecordTimetableExtensionInput): Promise<Proceedings> {
  const proceedings = await requireProceedings(ctx, input.proceedingsId);
  requireOpen(proceedings);
  notInFuture(ctx.today(), "grantedOn", input.grantedOn);
  if (compareDates(input.grantedOn, proceedings.issueDate) < 0) {
    throw badInput("grantedOn", "An extension cannot be granted before the issue date");
  }
  const extension = await ctx.em.save(
    ctx.em.create(TimetableExtension, {
      proceedingsId: proceedings.id,
      weeks: input.weeks,
      grantedOn: input.grantedOn,
      reason: input.reason,
      recordedById: ctx.principal.userId,
    }),
  );
  await recordCaseEvent(ctx, { kind: CaseEventKind.TIMETABLE_EXTENDED, proceedingsId: proceedings.id, subjectId: extension.id });
  return proceedings;
}

/** The caller's cases, newest issue first, keyset-paged on (issue date, id). */
export async function myCases(ctx: AuthorisedContext, first: number, after?: string | null): Promise<Page<Proceedings>> {
  const size = pageSize(first, ctx.runtime.config.maxPageSize);
  const qb = ctx.em.createQueryBuilder(Proceedings, "p");
  const access = caseAccess(ctx.runtime).cases(ctx.principal, ctx.today(), "p");
  qb.andWhere(access.sql, access.params);
  if (after) {
    const [issueDate, id] = decodeCursor(after, 2);
    if (!isLocalDate(issueDate) || typeof id !== "string" || !isUuid(id)) throw badInput("after", "Not a cursor this list gave out");
    qb.andWhere("(p.issue_date, p.id) < (:cIssue, :cId)", { cIssue: issueDate, cId: id });
  }
  const rows = await qb
    .orderBy("p.issue_date", "DESC")
    .addOrderBy("p.id", "DESC")
    .limit(size + 1)
    .getMany();
  const page = toPage(rows, size, (p) => [p.issueDate, p.id]);
  ctx.audit.touchMany(page.edges.map((e) => e.node.id));
  return page;
}

export async function timetable(ctx: AuthorisedContext, proceedings: Proceedings) {
  const extensions = await ctx.loaders.extensionsByProceedings.load(proceedings.id);
  const weeks = extensions.reduce((sum, e) => sum + e.weeks, 0);
  return {
    ...proceedingsTimetable(ctx.runtime.calendar, proceedings.issueDate, weeks, ctx.today()),
    extensions,
  };
}

/** The hearings of a case, in date order. */
export async function hearingsOf(ctx: HubContext, proceedingsId: string): Promise<Hearing[]> {
  return (await hearingsOfCases(ctx, [proceedingsId])).get(proceedingsId) ?? [];
}

/** The hearings of many cases in one query, by case. */
export async function hearingsOfCases(ctx: HubContext, proceedingsIds: readonly string[]): Promise<Map<string, Hearing[]>> {
  if (!proceedingsIds.length) return new Map();
  const rows = await ctx.em.find(Hearing, { where: { proceedingsId: In([...proceedingsIds]) }, order: { date: "ASC", id: "ASC" } });
  return groupBy(rows, (h) => h.proceedingsId);
}
