import { randomUUID } from "node:crypto";
import { EntityManager } from "typeorm";
import { AuthorisedContext, HubContext } from "../../core/context";
import { LocalDate } from "../../core/calendar/calendar";
import { badInput, conflict, notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { DisposalCertificate, LegalHold, RetentionSchedule, SubjectAccessRequest, SubjectKind } from "./records.entity";
import { subjectAccessDue } from "../../core/calendar/deadlines";
import { Retention, RetentionClass, retentionOf } from "./retention";

// Records management for a local authority's records manager: when each child's records fall
// due for disposal (retention.ts), legal holds that stop it, and disposal itself, approved in
// batches: the content goes in one transaction with its audit entry and a certificate stays.

/** Where the regulations leave it to the organisation, until this birthday (see retention.ts). */
export const DEFAULT_NOT_LOOKED_AFTER_AGE = 25;

export interface ChildRetention extends Retention {
  childId: string;
  proceedingsId: string;
  courtCaseNumber: string;
  laReference: string;
  hold: { reason: string; placedAt: Date } | null;
  due: boolean;
}

export async function scheduleAge(em: EntityManager, organisationId: string): Promise<number> {
  return (await em.findOneBy(RetentionSchedule, { organisationId }))?.notLookedAfterAge ?? DEFAULT_NOT_LOOKED_AFTER_AGE;
}

/** Every child of the records manager's local authority, with its retention (one query). */
async function retentionRows(ctx: AuthorisedContext, childIds?: string[]): Promise<ChildRetention[]> {
  const la = ctx.principal.organisationId;
  const rows: {
    child_id: string;
    proceedings_id: string;
    court_case_number: string;
    la_reference: string;
    date_of_birth: LocalDate;
    order_type: string | null;
    hold_reason: string | null;
    hold_placed_at: Date | null;
  }[] = await ctx.em.query(
    `SELECT c.id AS child_id, p.id AS proceedings_id, p.court_case_number, c.la_reference, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
            (SELECT fo.order_type FROM final_outcome fo WHERE fo.child_id = c.id ORDER BY fo.created_at DESC, fo.id DESC LIMIT 1) AS order_type,
            h.reason AS hold_reason, h.placed_at AS hold_placed_at
       FROM child c JOIN proceedings p ON p.id = c.proceedings_id
       LEFT JOIN legal_hold h ON h.child_id = c.id AND h.lifted_at IS NULL
      WHERE p.local_authority_id = $1 AND ($2::uuid[] IS NULL OR c.id = ANY($2))
      ORDER BY p.court_case_number, c.la_reference`,
    [la, childIds ?? null],
  );
  const age = await scheduleAge(ctx.em, la);
  const today = ctx.today();
  return rows.map((r) => {
    const retention = retentionOf({ dateOfBirth: r.date_of_birth }, r.order_type, age);
    return {
      ...retention,
      childId: r.child_id,
      proceedingsId: r.proceedings_id,
      courtCaseNumber: r.court_case_number,
      laReference: r.la_reference,
      hold: r.hold_reason ? { reason: r.hold_reason, placedAt: r.hold_placed_at! } : null,
      due: !!retention.disposeOn && retention.disposeOn <= today,
    };
  });
}

/** The children whose records are due for disposal today (held ones too, marked), not their content. */
export async function recordsDue(ctx: AuthorisedContext): Promise<ChildRetention[]> {
  return (await retentionRows(ctx)).filter((r) => r.due);
}

/** One child's retention, for the records manager of its local authority (NOT_FOUND otherwise). */
export async function childRetention(ctx: AuthorisedContext, childId: string): Promise<ChildRetention> {
  if (!isUuid(childId)) throw notFound("Child");
  const [row] = await retentionRows(ctx, [childId]);
  if (!row) throw notFound("Child");
  return row;
}

export async function setSchedule(ctx: AuthorisedContext, age: number): Promise<number> {
  if (!Number.isInteger(age) || age < 18 || age > 100) throw badInput("notLookedAfterAge", "An age from 18 to 100");
  await ctx.em.upsert(RetentionSchedule, { organisationId: ctx.principal.organisationId, notLookedAfterAge: age, updatedById: ctx.principal.userId }, [
    "organisationId",
  ]);
  return age;
}

export async function placeHold(ctx: AuthorisedContext, childId: string, reason: string): Promise<ChildRetention> {
  const row = await childRetention(ctx, childId);
  if (row.hold) throw conflict("The child's records are already on hold");
  await ctx.em.insert(LegalHold, { childId, proceedingsId: row.proceedingsId, reason, placedById: ctx.principal.userId });
  return childRetention(ctx, childId);
}

export async function liftHold(ctx: AuthorisedContext, childId: string, reason: string): Promise<ChildRetention> {
  await childRetention(ctx, childId);
  const res = await ctx.em
    .createQueryBuilder()
    .update(LegalHold)
    .set({ liftedAt: ctx.runtime.clock.now(), liftedById: ctx.principal.userId, liftReason: reason })
    .where("child_id = :childId AND lifted_at IS NULL", { childId })
    .execute();
  if (!res.affected) throw conflict("The child's records are not on hold");
  return childRetention(ctx, childId);
}

/**
 * Disposes of the children's records, all or none, in the operation's transaction: each must be
 * due and not on hold (checked under a lock on the child, so a hold placed meanwhile wins).
 */
export async function dispose(ctx: AuthorisedContext, childIds: string[]): Promise<DisposalCertificate[]> {
  if (!childIds.length) throw badInput("childIds", "Name the children whose records to dispose of");
  const unique = [...new Set(childIds)];
  if (unique.some((id) => !isUuid(id))) throw badInput("childIds", "Not a child's id");
  // Locked in id order: two approvals of overlapping batches cannot deadlock.
  await ctx.em.query(`SELECT id FROM child WHERE id = ANY($1) ORDER BY id FOR UPDATE`, [unique]);
  const rows = await retentionRows(ctx, unique);
  unique.forEach((id, i) => {
    const row = rows.find((r) => r.childId === id);
    if (!row) throw notFound("Child");
    if (!row.due)
      throw badInput(
        `childIds.${i}`,
        `Not due for disposal: ${row.retentionClass === RetentionClass.OPEN ? "no final outcome" : `kept until ${row.disposeOn}`}`,
      );
    if (row.hold) throw badInput(`childIds.${i}`, `On legal hold: ${row.hold.reason}`);
  });
  const batchId = randomUUID();
  const now = ctx.runtime.clock.now();
  const certificates: DisposalCertificate[] = [];
  const files: string[] = [];
  for (const row of rows) {
    const removed = await removeChildRecords(ctx.em, row.childId, row.proceedingsId, files);
    const certificate = await ctx.em.save(
      ctx.em.create(DisposalCertificate, {
        batchId,
        localAuthorityId: ctx.principal.organisationId,
        proceedingsId: row.proceedingsId,
        courtCaseNumber: row.courtCaseNumber,
        retentionClass: row.retentionClass,
        rule: row.rule,
        recordsRemoved: removed.rows,
        filesRemoved: removed.files,
        approvedById: ctx.principal.userId,
        disposedAt: now,
      }),
    );
    certificates.push(certificate);
  }
  // Subscribers and webhooks hear that records went, and nothing of what they held (after every
  // removal: a case's last child takes the case's earlier events with it).
  for (const c of certificates) await recordCaseEvent(ctx, { kind: CaseEventKind.RECORDS_DISPOSED, proceedingsId: c.proceedingsId, subjectId: c.id });
  // The bytes go once the records have: a failure here leaves files the orphan sweep removes.
  ctx.afterCommit.push(async () => {
    for (const key of files) await ctx.runtime.storage.delete(key).catch(() => undefined);
  });
  return certificates;
}

export interface AccessRow {
  id: string;
  occurredAt: Date;
  userId: string | null;
  organisationId: string | null;
  operation: string;
  outcome: string;
  /** CHILD: an operation on the child's own records; CASE: on the case (which shows the child's name and who holds which role). */
  scope: "CHILD" | "CASE";
}

export interface AccessFilter {
  userId?: string | null;
  from?: LocalDate | null;
  to?: LocalDate | null;
}

/**
 * Who read or changed a child's records, when and through what (the audit trail): for a data
 * protection officer answering a complaint. Asking is itself recorded against the child.
 */
export async function accessReport(ctx: AuthorisedContext, childId: string, filter: AccessFilter, limit: number, after?: string | null): Promise<AccessRow[]> {
  const row = await childRetention(ctx, childId);
  ctx.audit.touch(row.proceedingsId, childId);
  if (filter.userId && !isUuid(filter.userId)) throw badInput("userId", "Not a person's id");
  if (after && !/^\d+$/.test(after)) throw badInput("after", "Not a row this report gave out");
  return ctx.em.query(
    `SELECT a.id::text AS id, a.occurred_at AS "occurredAt", a.user_id AS "userId", a.organisation_id AS "organisationId", a.operation, a.outcome,
            CASE WHEN a.child_id IS NULL THEN 'CASE' ELSE 'CHILD' END AS scope
       FROM audit_entry a
      WHERE (a.child_id = $1 OR (a.child_id IS NULL AND a.proceedings_id = $2))
        AND ($3::uuid IS NULL OR a.user_id = $3)
        AND ($4::date IS NULL OR a.occurred_at >= ($4::date)::timestamp AT TIME ZONE 'Europe/London')
        AND ($5::date IS NULL OR a.occurred_at < ($5::date + 1)::timestamp AT TIME ZONE 'Europe/London')
        AND ($6::bigint IS NULL OR a.id < $6::bigint)
      ORDER BY a.id DESC LIMIT $7`,
    [childId, row.proceedingsId, filter.userId ?? null, filter.from ?? null, filter.to ?? null, after ?? null, limit],
  );
}

const csvCell = (v: string) => (/[",\n]/.test(v) || /^[=+\-@]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The same report as CSV (spreadsheet formulas defused), for one child, every row the filter matches up to 10,000. */
export async function accessReportCsv(ctx: AuthorisedContext, childId: string, filter: AccessFilter): Promise<string> {
  const rows = await accessReport(ctx, childId, filter, 10_000);
  const people = new Map<string, { displayName: string; organisationId: string }>(
    (
      (await ctx.em.query(`SELECT id, display_name, organisation_id FROM hub_user WHERE id = ANY($1)`, [
        [...new Set(rows.map((r) => r.userId).filter(Boolean))],
      ])) as {
        id: string;
        display_name: string;
        organisation_id: string;
      }[]
    ).map((p) => [p.id, { displayName: p.display_name, organisationId: p.organisation_id }]),
  );
  const orgs = new Map<string, string>(
    (
      (await ctx.em.query(`SELECT id, name FROM organisation WHERE id = ANY($1)`, [[...new Set(rows.map((r) => r.organisationId).filter(Boolean))]])) as {
        id: string;
        name: string;
      }[]
    ).map((o) => [o.id, o.name]),
  );
  const lines = [["when", "person", "organisation", "operation", "outcome", "scope"].join(",")];
  for (const r of rows) {
    lines.push(
      [
        new Date(r.occurredAt).toISOString(),
        r.userId ? (people.get(r.userId)?.displayName ?? r.userId) : "(the hub)",
        r.organisationId ? (orgs.get(r.organisationId) ?? r.organisationId) : "",
        r.operation,
        r.outcome,
        r.scope,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return lines.join("\n") + "\n";
}

export async function certificates(ctx: AuthorisedContext, first: number): Promise<DisposalCertificate[]> {
  return ctx.em.find(DisposalCertificate, { where: { localAuthorityId: ctx.principal.organisationId }, order: { disposedAt: "DESC", id: "ASC" }, take: first });
}

// --- removing the content -------------------------------------------------------------------------

// Walked from the database's own catalogue rather than a list kept by hand: a record kind added
// later (any table that refers to a child, or to a record of one) is disposed of with the rest.

interface ForeignKey {
  table: string;
  column: string;
  refTable: string;
  refColumn: string;
}

/**
 * References the database cannot hold as foreign keys (an upload slot names its document before
 * the document exists), followed as if they were.
 */
const SOFT_REFERENCES: ForeignKey[] = [{ table: "upload_slot", column: "document_id", refTable: "court_document", refColumn: "id" }];

/** What disposal never touches: the audit trail (append-only, its chain must verify) and its own records. */
const KEPT = new Set(["audit_entry", "audit_chain_head", "migrations", "disposal_certificate", "proceedings"]);

async function catalogue(em: EntityManager): Promise<{ fks: ForeignKey[]; columns: Map<string, Set<string>> }> {
  const fks: ForeignKey[] = await em.query(
    `SELECT cl.relname AS "table", a.attname AS "column", rcl.relname AS "refTable", ra.attname AS "refColumn"
       FROM pg_constraint co
       JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
       JOIN pg_class rcl ON rcl.oid = co.confrelid
       JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = co.conkey[1]
       JOIN pg_attribute ra ON ra.attrelid = co.confrelid AND ra.attnum = co.confkey[1]
      WHERE co.contype = 'f' AND n.nspname = 'public'`,
  );
  const cols: { table: string; column: string }[] = await em.query(
    `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const columns = new Map<string, Set<string>>();
  for (const c of cols) {
    if (!columns.has(c.table)) columns.set(c.table, new Set());
    columns.get(c.table)!.add(c.column);
  }
  return { fks: [...fks, ...SOFT_REFERENCES], columns };
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Deletes the rows of `table` matching `where`, and first every row that refers to them (and so on down). */
async function removeWhere(
  em: EntityManager,
  cat: { fks: ForeignKey[] },
  table: string,
  where: string,
  params: unknown[],
  removed: Record<string, number>,
  files: string[],
  depth = 0,
): Promise<void> {
  if (KEPT.has(table)) return;
  if (depth > 20) throw new Error(`disposal: references nested too deep at ${table}`);
  if (table === "court_document") {
    const keys: { storage_key: string }[] = await em.query(`SELECT storage_key FROM court_document WHERE ${where}`, params);
    files.push(...keys.map((k) => k.storage_key));
  }
  for (const fk of cat.fks.filter((f) => f.refTable === table)) {
    const refs: Record<string, unknown>[] = await em.query(`SELECT ${q(fk.refColumn)} AS v FROM ${q(table)} WHERE ${where}`, params);
    if (!refs.length) continue;
    await removeWhere(em, cat, fk.table, `${q(fk.column)} = ANY($1)`, [refs.map((r) => r.v)], removed, files, depth + 1);
  }
  const [, count]: [unknown, number] = await em.query(`DELETE FROM ${q(table)} WHERE ${where}`, params);
  if (count) removed[table] = (removed[table] ?? 0) + count;
}

async function removeChildRecords(
  em: EntityManager,
  childId: string,
  proceedingsId: string,
  files: string[],
): Promise<{ rows: Record<string, number>; files: number }> {
  const cat = await catalogue(em);
  const removed: Record<string, number> = {};
  const before = files.length;
  // Papers about this child alone go; papers about siblings too lose this child's name from them.
  await removeWhere(em, cat, "court_document", `proceedings_id = $1 AND child_ids = ARRAY[$2]::uuid[]`, [proceedingsId, childId], removed, files);
  await em.query(`UPDATE court_document SET child_ids = array_remove(child_ids, $1) WHERE proceedings_id = $2 AND $1 = ANY(child_ids)`, [
    childId,
    proceedingsId,
  ]);
  // Every record that names the child, with or without a foreign key (events, notices...).
  for (const [table, cols] of cat.columns) {
    if (table !== "child" && cols.has("child_id")) await removeWhere(em, cat, table, `child_id = $1`, [childId], removed, files);
  }
  await removeWhere(em, cat, "child", `id = $1`, [childId], removed, files);
  // Triggers that keep derived figures current (the compliance rollup) note the child again as
  // its records go: those notes name a child that no longer exists, and go too.
  for (const [table, cols] of cat.columns) {
    if (cols.has("child_id")) await removeWhere(em, cat, table, `child_id = $1`, [childId], {}, files);
  }
  // The last child of the proceedings: what is left of the case goes too (its hearings, papers
  // about the whole case, its events); the proceedings' row stays, with the certificates.
  const [{ left }] = await em.query(`SELECT count(*)::int AS left FROM child WHERE proceedings_id = $1`, [proceedingsId]);
  if (left === 0) {
    for (const [table, cols] of cat.columns) {
      if (cols.has("proceedings_id")) await removeWhere(em, cat, table, `proceedings_id = $1`, [proceedingsId], removed, files);
    }
  }
  return { rows: removed, files: files.length - before };
}

// --- the hub's own working records ---------------------------------------------------------------

/**
 * The background job: notices, sent (or failed) emails and webhook deliveries older than their
 * periods go (NOTICE_RETENTION_DAYS, EMAIL_RETENTION_DAYS, WEBHOOK_DELIVERY_RETENTION_DAYS), by
 * the hub's clock. None holds a child's record: they are the hub's log of having told someone.
 */
export async function applyRetentionPeriods(ctx: HubContext): Promise<number> {
  const { dataSource, clock, config } = ctx.runtime;
  const before = (days: number) => new Date(clock.now().getTime() - days * 86_400_000);
  return dataSource.transaction(async (em) => {
    const [, notices]: [unknown, number] = await em.query(`DELETE FROM notice WHERE created_at < $1`, [before(config.retention.noticeDays)]);
    const oldEmails = `SELECT id FROM email_message WHERE status <> 'PENDING' AND created_at < $1`;
    await em.query(`UPDATE notice SET email_id = NULL WHERE email_id IN (${oldEmails})`, [before(config.retention.emailDays)]);
    const [, emails]: [unknown, number] = await em.query(`DELETE FROM email_message WHERE id IN (${oldEmails})`, [before(config.retention.emailDays)]);
    const [, deliveries]: [unknown, number] = await em.query(`DELETE FROM webhook_delivery WHERE attempted_at < $1`, [
      before(config.retention.webhookDeliveryDays),
    ]);
    return notices + emails + deliveries;
  });
}

// --- subject access requests -------------------------------------------------------------------

export interface SarView extends SubjectAccessRequest {
  dueOn: LocalDate;
  overdue: boolean;
}

function sarView(ctx: AuthorisedContext, r: SubjectAccessRequest): SarView {
  const dueOn = subjectAccessDue(ctx.runtime.calendar, r.receivedOn as LocalDate, r.extendedMonths);
  return Object.assign(r, { dueOn, overdue: !r.completedOn && dueOn < ctx.today() });
}

export async function recordSar(
  ctx: AuthorisedContext,
  input: { subjectKind: SubjectKind; childId?: string | null; description: string; receivedOn: LocalDate },
): Promise<SarView> {
  if (input.receivedOn > ctx.today()) throw badInput("receivedOn", "Not in the future");
  if (!input.description.trim() || input.description.length > 2000) throw badInput("description", "Say who asked, about whom (up to 2000 characters)");
  if (input.subjectKind === SubjectKind.CHILD) {
    if (!input.childId) throw badInput("childId", "Name the child the request is about");
    await childRetention(ctx, input.childId); // one of this authority's children
  } else if (input.childId) throw badInput("childId", "Only a request about a child names one");
  const saved = await ctx.em.save(
    ctx.em.create(SubjectAccessRequest, {
      organisationId: ctx.principal.organisationId,
      subjectKind: input.subjectKind,
      childId: input.childId ?? null,
      description: input.description.trim(),
      receivedOn: input.receivedOn,
      recordedById: ctx.principal.userId,
    }),
  );
  if (saved.childId) ctx.audit.touch(null, saved.childId);
  return sarView(ctx, saved);
}

async function requireSar(ctx: AuthorisedContext, id: string): Promise<SubjectAccessRequest> {
  const found = isUuid(id) ? await ctx.em.findOneBy(SubjectAccessRequest, { id, organisationId: ctx.principal.organisationId }) : null;
  if (!found) throw notFound("Subject access request");
  return found;
}

export async function extendSar(ctx: AuthorisedContext, id: string, months: number, reason: string): Promise<SarView> {
  const r = await requireSar(ctx, id);
  if (r.completedOn) throw conflict("The request was answered already");
  if (![1, 2].includes(months)) throw badInput("months", "One or two months more (UK GDPR Art. 12(3))");
  if (!reason.trim()) throw badInput("reason", "Say why (a complex request, or many)");
  // Extended within the first month, as Art. 12(3) asks the requester to be told.
  if (subjectAccessDue(ctx.runtime.calendar, r.receivedOn as LocalDate, 0) < ctx.today()) throw conflict("An extension is made within the first month");
  await ctx.em.update(SubjectAccessRequest, { id: r.id }, { extendedMonths: months, extensionReason: reason.trim() });
  return sarView(ctx, await requireSar(ctx, id));
}

export async function completeSar(ctx: AuthorisedContext, id: string, completedOn: LocalDate): Promise<SarView> {
  const r = await requireSar(ctx, id);
  if (completedOn > ctx.today() || completedOn < r.receivedOn) throw badInput("completedOn", "Between the day it was received and today");
  await ctx.em.update(SubjectAccessRequest, { id: r.id }, { completedOn });
  return sarView(ctx, await requireSar(ctx, id));
}

/** The authority's requests, the open ones first (soonest due first), then the answered. */
export async function sars(ctx: AuthorisedContext, openOnly: boolean): Promise<SarView[]> {
  const rows = await ctx.em.find(SubjectAccessRequest, { where: { organisationId: ctx.principal.organisationId }, order: { receivedOn: "ASC", id: "ASC" } });
  return rows
    .filter((r) => !openOnly || !r.completedOn)
    .map((r) => sarView(ctx, r))
    .sort((a, b) => Number(!!a.completedOn) - Number(!!b.completedOn) || a.dueOn.localeCompare(b.dueOn));
}
