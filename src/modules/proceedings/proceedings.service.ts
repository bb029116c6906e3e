import { In } from "typeorm";
import { AttentionItem, AttentionKind, attentionIf } from "../../core/attention";
import { positional } from "../../core/access/sql-predicate";
import { Role } from "../../core/access/roles";
import { groupBy } from "../../core/loader-factories";
import { AuthorisedContext, HubContext, caseAccess } from "../../core/context";
import { notInFuture } from "../../core/validation";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { badInput, conflict } from "../../core/errors";
import { addDays, compareDates, isLocalDate } from "../../core/calendar/calendar";
import { isUuid } from "../../core/ids";
import { finalHearingDueSql, proceedingsTimetable } from "../../core/calendar/deadlines";
import { decodeCursor, pageSize, Page, toPage } from "../../core/pagination";
import { OrganisationKind } from "../../core/access/roles";
import { Organisation } from "../directory/directory.module";
import { Proceedings } from "./proceedings.entity";
import { Child } from "./child.entity";
import { Hearing } from "./hearing.entity";
import { TimetableExtension } from "./timetable-extension.entity";
import { CaseSort, ProceedingsStatus } from "./proceedings.enums";
import { AddChildInput, CaseListArgs, ChildInput, RecordHearingInput, RecordTimetableExtensionInput, RegisterProceedingsInput } from "./proceedings.inputs";
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
/**
 * The caller's cases, a page at a time: searched, filtered and sorted in the database, within
 * the same case access as ever (the search reads a child's LA reference only where the caller
 * may see that child's records).
 */
export async function myCases(ctx: AuthorisedContext, args: CaseListArgs): Promise<Page<Proceedings>> {
  const size = pageSize(args.first, ctx.runtime.config.maxPageSize);
  const today = ctx.today();
  const access = caseAccess(ctx.runtime);
  const qb = ctx.em.createQueryBuilder(Proceedings, "p");
  const cases = access.cases(ctx.principal, today, "p");
  qb.andWhere(cases.sql, cases.params);
  const search = args.search?.trim().toLowerCase();
  if (search) {
    const records = access.childRecords(ctx.principal, today, "sc", "p");
    // The matching cases first, each through its own index (CaseSearchIndexes), then the access
    // predicate on those few: not every case a national manager may see.
    qb.andWhere(
      `p.id IN (
          SELECT sp.id FROM proceedings sp WHERE lower(sp.court_case_number) LIKE :q
          UNION SELECT sc.proceedings_id FROM child sc WHERE lower(sc.given_name) LIKE :q
          UNION SELECT sc.proceedings_id FROM child sc WHERE lower(sc.family_name) LIKE :q
          UNION SELECT sc.proceedings_id FROM child sc WHERE lower(sc.given_name || ' ' || sc.family_name) LIKE :q
          UNION SELECT sc.proceedings_id FROM child sc JOIN proceedings p ON p.id = sc.proceedings_id WHERE lower(sc.la_reference) LIKE :q AND ${records.sql})`,
      { ...records.params, q: `${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` },
    );
  }
  if (args.status) qb.andWhere("p.status = :status", { status: args.status });
  if (args.courtId) qb.andWhere("p.court_id = :court", { court: filterId(args.courtId, "courtId") });
  if (args.iroId) {
    const appointed = access.appointed(filterId(args.iroId, "iroId"), "IRO", today, "p");
    qb.andWhere(appointed.sql, appointed.params);
  }
  if (args.needsAttention) {
    const waiting = ctx.runtime.modules.flatMap((m) => (m.attention ? [m.attention(ctx.principal, today, "p")] : []));
    qb.andWhere(waiting.length ? `(${waiting.map((w) => w.sql).join(" OR ")})` : "false", Object.assign({}, ...waiting.map((w) => w.params)));
  }

  const sort = SORTS[args.sort ?? CaseSort.NEWEST_ISSUE];
  if (args.after) {
    const [key, id] = decodeCursor(args.after, 2);
    if (!isLocalDate(key) || typeof id !== "string" || !isUuid(id)) throw badInput("after", "Not a cursor this list gave out");
    qb.andWhere(`(${sort.key}, p.id) ${sort.direction === "DESC" ? "<" : ">"} (CAST(:cKey AS date), :cId)`, { cKey: key, cId: id });
  }
  const { entities, raw } = await qb
    .addSelect(`to_char(${sort.key}, 'YYYY-MM-DD')`, "sort_key")
    .orderBy(sort.key, sort.direction)
    .addOrderBy("p.id", sort.direction)
    .limit(size + 1)
    .getRawAndEntities<{ sort_key: string }>();
  const keys = new Map(entities.map((e, i) => [e.id, raw[i].sort_key]));
  const page = toPage(entities, size, (p) => [keys.get(p.id)!, p.id]);
  ctx.audit.touchMany(page.edges.map((e) => e.node.id));
  return page;
}

function filterId(id: string, field: string): string {
  if (!isUuid(id)) throw badInput(field, "Not an id");
  return id;
}

const EXTENSION_WEEKS = "(SELECT coalesce(sum(te.weeks), 0)::int FROM timetable_extension te WHERE te.proceedings_id = p.id)";
const SORTS: Record<CaseSort, { key: string; direction: "ASC" | "DESC" }> = {
  [CaseSort.NEWEST_ISSUE]: { key: "p.issue_date", direction: "DESC" },
  [CaseSort.OLDEST_ISSUE]: { key: "p.issue_date", direction: "ASC" },
  [CaseSort.FINAL_HEARING_SOONEST]: { key: finalHearingDueSql("p.issue_date", EXTENSION_WEEKS), direction: "ASC" },
};

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

/** Hearings in the next seven days on the legal department's or the court's cases. */
export async function hearingAttention(ctx: AuthorisedContext): Promise<AttentionItem[]> {
  const p = ctx.principal;
  if (!p.roles.includes(Role.LA_LEGAL) && !p.roles.includes(Role.COURT)) return [];
  const today = ctx.today();
  const access = positional(caseAccess(ctx.runtime).cases(p, today, "p"), 3);
  const [row]: { count: number }[] = await ctx.em.query(
    `SELECT count(*)::int AS count FROM hearing h JOIN proceedings p ON p.id = h.proceedings_id
      WHERE h.date BETWEEN $1::date AND $2::date AND ${access.sql}`,
    [today, addDays(today, 6), ...access.values],
  );
  return attentionIf(AttentionKind.HEARINGS_THIS_WEEK, row);
}
