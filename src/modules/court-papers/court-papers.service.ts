import { randomUUID } from "node:crypto";
import { AttentionItem, AttentionKind, attentionIf } from "../../core/attention";
import { Capability, can } from "../../core/access/permissions";
import { Readable } from "node:stream";
import { IsNull, Not } from "typeorm";
import { AuthorisedContext, HubContext, caseAccess } from "../../core/context";
import type { RecordedCaseEvent } from "../../core/events/events";
import { appointeesOnCase, appointmentById, Appointment, AppointmentRole, runsOn } from "../appointments/appointments.module";
import { answersFor, notInFuture } from "../../core/validation";
import { ErrorCode, HubError, badInput, conflict, forbidden, notFound, serviceUnavailable } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { acknowledgementDue } from "../../core/calendar/deadlines";
import { Role } from "../../core/access/roles";
import { Principal, hasRole } from "../../core/auth/principal";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { Inspector, TooLargeError } from "../../core/storage/inspect";
import { requireProceedings, Child } from "../proceedings/proceedings.module";
import { ALLOWED_CONTENT_TYPES, AllowedContentType, ContentRejected, HEAD_BYTES, checkContent } from "./content-check";
import { Confidentiality, DISTRIBUTION_RULES, DocumentType, readersOf, recipientsOf } from "./document-types";
import {
  CourtDocument,
  DocumentStatus,
  PaperDelivery,
  UploadSlot,
  UploadSlotState,
  PaperScanStatus,
  isReleased,
  notWithdrawn,
  notWithdrawnSql,
  reachedInTimeSql,
} from "./court-document.entity";
import { CreateUploadSlotInput } from "./court-papers.inputs";
import { scanBeforeDownload, scanSoon, scanning } from "./paper-scanning";

// --- who is who, for papers -------------------------------------------------------------------

/** The capacity in which a user files, reads or receives papers. */
const PAPER_ROLE: Partial<Record<Role, AppointmentRole>> = {
  [Role.LA_LEGAL]: AppointmentRole.LA_LEGAL_DEPARTMENT,
  [Role.COURT]: AppointmentRole.COURT,
  [Role.IRO]: AppointmentRole.IRO,
  [Role.GUARDIAN]: AppointmentRole.GUARDIAN,
};

function paperRoles(p: Principal): AppointmentRole[] {
  return p.roles.map((r) => PAPER_ROLE[r]).filter((r): r is AppointmentRole => !!r);
}

/** The roles (by user role) that hear of a document's events: until it is released, only its filer's. */
export function eventAudience(doc: CourtDocument): Role[] {
  if (!isReleased(doc)) return filerAudience(doc);
  const readers = readersOf(doc.type, doc.filedByRole, doc.restrictedTo);
  const roles = Object.entries(PAPER_ROLE)
    .filter(([, a]) => readers.includes(a!))
    .map(([r]) => r as Role);
  if (readers.includes(AppointmentRole.IRO)) roles.push(Role.IRO_MANAGER);
  if (readers.includes(AppointmentRole.GUARDIAN)) roles.push(Role.CAFCASS_MANAGER);
  return roles;
}

/** The filer's side, as the roles that hear of a paper's events. */
export function filerAudience(doc: CourtDocument): Role[] {
  return Object.entries(PAPER_ROLE)
    .filter(([, a]) => a === doc.filedByRole)
    .map(([r]) => r as Role);
}

/** The court and the legal department file as organisations; a guardian files as themself. */
export function isFilerSide(p: Principal, doc: CourtDocument): boolean {
  if (doc.filedByRole === AppointmentRole.GUARDIAN) return doc.filedById === p.userId;
  return p.organisationId === doc.filedByOrganisationId && paperRoles(p).includes(doc.filedByRole);
}

/**
 * The paper roles the caller holds on this case today, from their appointments: personally (IRO,
 * guardian) or through their organisation (the court, the legal department). Holding a role in
 * the directory is not enough: an IRO manager who is also an IRO reads papers only on their own cases.
 */
interface PaperRole {
  role: AppointmentRole;
  /** The child a personal appointment is to; null for an organisation on the case. */
  childId: string | null;
}

async function paperRolesOnCase(ctx: AuthorisedContext, proceedingsId: string): Promise<PaperRole[]> {
  const p = ctx.principal;
  const rows: { role: AppointmentRole; child_id: string | null; personal: boolean }[] = await ctx.em.query(
    `SELECT DISTINCT role, child_id, user_id IS NOT NULL AS personal FROM appointment
      WHERE proceedings_id = $1 AND ${runsOn("appointment", "$2")}
        AND (user_id = $3 OR (user_id IS NULL AND organisation_id = $4))`,
    [proceedingsId, ctx.today(), p.userId, p.organisationId],
  );
  const mine = paperRoles(p);
  return rows.filter((r) => mine.includes(r.role)).map((r) => ({ role: r.role, childId: r.personal ? r.child_id : null }));
}

/**
 * Reads the document as a reader (may download), as a manager (details only), or not at all. A
 * paper about some children is read through an appointment to one of them (a sibling's IRO does
 * not read it); the court and the legal department read as organisations on the case.
 */
function accessTo(p: Principal, doc: CourtDocument, onCase: PaperRole[]): "reader" | "manager" | null {
  // Not yet through the scanner (or quarantined by it): the filer's side alone knows of it.
  if (!isReleased(doc)) return isFilerSide(p, doc) && onCase.some((r) => r.role === doc.filedByRole) ? "reader" : null;
  const readers = readersOf(doc.type, doc.filedByRole, doc.restrictedTo);
  const concerns = (r: PaperRole) => r.childId === null || !doc.childIds.length || doc.childIds.includes(r.childId);
  if (onCase.some((r) => readers.includes(r.role) && concerns(r))) return "reader";
  if (hasRole(p, Role.IRO_MANAGER) && readers.includes(AppointmentRole.IRO)) return "manager";
  if (hasRole(p, Role.CAFCASS_MANAGER) && readers.includes(AppointmentRole.GUARDIAN)) return "manager";
  return null;
}

/** A document the caller may see (NOT_FOUND otherwise, as for an id that does not exist). */
export async function requireDocument(ctx: AuthorisedContext, id: string): Promise<CourtDocument> {
  if (!isUuid(id)) throw notFound("Document");
  const doc = await ctx.em.findOneBy(CourtDocument, { id });
  if (!doc) throw notFound("Document");
  await requireProceedings(ctx, doc.proceedingsId, "Document");
  if (!accessTo(ctx.principal, doc, await paperRolesOnCase(ctx, doc.proceedingsId))) throw notFound("Document");
  return doc;
}

/** Withdrawn documents show recipients only that they were withdrawn, and why. */
export function showsDetails(ctx: AuthorisedContext, doc: CourtDocument): boolean {
  return notWithdrawn(doc) || isFilerSide(ctx.principal, doc);
}

// --- upload slots ---------------------------------------------------------------------------------

/**
 * The role the caller files a paper in, and the children it is about. Someone who holds that
 * role through appointments to some children (a guardian of one sibling) files only about those
 * children: about all of them when none are named, and a sibling named is NOT_FOUND, as for any
 * of that sibling's records.
 */
export async function filerFor(
  ctx: AuthorisedContext,
  type: DocumentType,
  proceedingsId: string,
  childIds: string[],
): Promise<{ filedBy: AppointmentRole; childIds: string[] }> {
  const rule = DISTRIBUTION_RULES[type];
  const held = (await paperRolesOnCase(ctx, proceedingsId)).filter((r) => rule.filedBy.includes(r.role));
  if (!held.length) throw forbidden(`A ${type} is filed by ${rule.filedBy.join(" or ")}`);
  const asOrganisation = held.find((r) => r.childId === null);
  if (asOrganisation) return { filedBy: asOrganisation.role, childIds };
  const mine = new Set(held.map((r) => r.childId!));
  if (!childIds.length) return { filedBy: held[0].role, childIds: [...mine].sort() };
  if (childIds.some((id) => !mine.has(id))) throw notFound("Child");
  return { filedBy: held[0].role, childIds };
}

/** Key order does not matter (PostgreSQL's jsonb stores keys in its own order). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v ?? null);
}

function sameRequest(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return canonical(a) === canonical(b);
}

export class UploadCutOff extends Error {
  constructor() {
    super("The upload was cut off before it completed");
  }
}

/**
 * Feeds the request body into the inspector. Unlike stream.pipeline it does not destroy the
 * request when the inspector rejects the file, so the client can still be told why.
 */
function feed(body: Readable, into: Inspector): Promise<void> {
  return new Promise((resolve, reject) => {
    const cutOff = () => {
      const err = new UploadCutOff();
      into.destroy(err);
      reject(err);
    };
    body.once("error", cutOff);
    body.once("close", () => {
      if ((body as Readable & { complete?: boolean }).complete === false) cutOff();
    });
    body.once("end", resolve);
    // The inspector may refuse the file before storage has attached to it: report it here.
    into.once("error", reject);
    body.pipe(into);
  });
}

/**
 * Permission to upload one file. Retrying with the same idempotency key returns the same slot
 * (and, once the upload has completed, the same document), never a second one.
 */
export async function createUploadSlot(ctx: AuthorisedContext, input: CreateUploadSlotInput): Promise<UploadSlot> {
  const proceedings = await requireProceedings(ctx, input.proceedingsId);
  const children = await ctx.em.findBy(Child, { proceedingsId: proceedings.id });
  const named = [...(input.childIds ?? [])].sort();
  named.forEach((id, i) => {
    if (!children.some((c) => c.id === id)) throw badInput(`childIds.${i}`, "Not a child in these proceedings");
  });
  const { filedBy, childIds } = await filerFor(ctx, input.type, proceedings.id, named);
  const request = {
    proceedingsId: proceedings.id,
    type: input.type,
    title: input.title.trim(),
    documentDate: input.documentDate,
    childIds,
    confidentiality: input.confidentiality,
    restrictedTo: input.confidentiality === Confidentiality.RESTRICTED ? [...(input.restrictedTo ?? [])].sort() : null,
    fileName: input.fileName,
    contentType: input.contentType,
    supersedesDocumentId: input.supersedesDocumentId ?? null,
    filedBy,
  };

  const existing = await ctx.em.findOneBy(UploadSlot, { requestedById: ctx.principal.userId, idempotencyKey: input.idempotencyKey });
  if (existing) {
    if (!sameRequest(existing.request, request)) throw conflict("This idempotency key was used for a different upload");
    return existing;
  }

  if (input.type === DocumentType.COURT_BUNDLE)
    throw badInput("type", "A court bundle is built by the hub from the filed papers (buildCourtBundle), not uploaded");
  notInFuture(ctx.today(), "documentDate", input.documentDate);
  if (input.confidentiality === Confidentiality.RESTRICTED) {
    if (!request.restrictedTo?.length) throw badInput("restrictedTo", "Name the roles a restricted document is for");
  } else if (input.restrictedTo?.length) {
    throw badInput("restrictedTo", "Only a RESTRICTED document names roles");
  }
  const ext = input.fileName.toLowerCase().slice(input.fileName.lastIndexOf("."));
  const extensions = ALLOWED_CONTENT_TYPES[input.contentType as AllowedContentType] as readonly string[] | undefined;
  if (!extensions) throw badInput("contentType", `Accepted: ${Object.keys(ALLOWED_CONTENT_TYPES).join(", ")}`);
  if (!extensions.includes(ext)) throw badInput("fileName", `A ${input.contentType} file is named ${extensions.join(" or ")}`);
  if (request.supersedesDocumentId) {
    const old = await requireDocument(ctx, request.supersedesDocumentId);
    if (old.proceedingsId !== proceedings.id || !isFilerSide(ctx.principal, old) || old.status !== DocumentStatus.ACTIVE) {
      throw badInput("supersedesDocumentId", "Only an active document your side filed in these proceedings can be superseded");
    }
  }

  return ctx.em.save(
    ctx.em.create(UploadSlot, {
      requestedById: ctx.principal.userId,
      idempotencyKey: input.idempotencyKey,
      proceedingsId: proceedings.id,
      documentId: randomUUID(),
      request,
      state: UploadSlotState.PENDING,
      expiresAt: new Date(ctx.runtime.clock.now().getTime() + ctx.runtime.config.uploadSlotTtlMinutes * 60_000),
    }),
  );
}

// --- receiving the bytes --------------------------------------------------------------------------

export class UploadError extends HubError {
  constructor(
    readonly status: number,
    code: ErrorCode | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE",
    message: string,
  ) {
    super(code as ErrorCode, message);
  }
}

type SlotRequest = CreateUploadSlotInput & { filedBy: AppointmentRole; restrictedTo: AppointmentRole[] | null; childIds: string[] };

export interface StoredUpload {
  slot: UploadSlot;
  request: SlotRequest;
  key: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * Streams an upload's bytes to storage, hashing and checking them on the way, outside any
 * transaction (a large file must not hold a database connection). Returns the filed document's
 * id instead when the slot was already used: a retry after a lost response.
 */
export async function storeUpload(ctx: AuthorisedContext, slotId: string, body: Readable): Promise<StoredUpload | { documentId: string }> {
  const { runtime } = ctx;
  const slot = isUuid(slotId) ? await ctx.em.findOneBy(UploadSlot, { id: slotId, requestedById: ctx.principal.userId }) : null;
  if (!slot || (slot.state === UploadSlotState.PENDING && slot.expiresAt < runtime.clock.now())) {
    throw new UploadError(404, ErrorCode.NOT_FOUND, "Upload slot not found (or expired)");
  }
  ctx.audit.touch(slot.proceedingsId);
  if (slot.state === UploadSlotState.COMPLETED) {
    body.resume();
    return { documentId: slot.documentId };
  }
  const request = slot.request as unknown as SlotRequest;
  const key = `documents/${slot.proceedingsId}/${slot.documentId}-${randomUUID()}`;
  const inspector = new Inspector(runtime.config.maxUploadBytes, HEAD_BYTES, (head) => checkContent(head, request));
  try {
    // Both settle before anyone answers: a refusal found while reading must not overtake the
    // storage's removal of what it had written so far.
    const [fed, stored] = await Promise.allSettled([feed(body, inspector), runtime.storage.put(key, inspector)]);
    if (fed.status === "rejected") throw fed.reason;
    if (stored.status === "rejected") throw stored.reason;
  } catch (err) {
    body.unpipe(inspector);
    if (err instanceof TooLargeError) throw new UploadError(413, "PAYLOAD_TOO_LARGE", err.message);
    if (err instanceof ContentRejected) {
      const empty = err.message === "The file is empty";
      throw new UploadError(empty ? 400 : 415, empty ? ErrorCode.BAD_USER_INPUT : "UNSUPPORTED_MEDIA_TYPE", err.message);
    }
    throw err; // the client went away, or storage failed: nothing was kept
  }
  const { sizeBytes, sha256 } = inspector.result!;
  return { slot, request, key, sizeBytes, sha256 };
}

/**
 * Files and distributes a stored upload; run in the operation's transaction. The document
 * exists only if this commits. A concurrent retry that filed first wins (created: false).
 */
export async function fileUpload(ctx: AuthorisedContext, upload: StoredUpload): Promise<{ created: boolean; documentId: string }> {
  return fileDocument(ctx, upload.slot, upload.request, { key: upload.key, sizeBytes: upload.sizeBytes, sha256: upload.sha256 });
}

async function fileDocument(
  ctx: AuthorisedContext,
  slot: UploadSlot,
  request: SlotRequest,
  stored: { key: string; sizeBytes: number; sha256: string },
): Promise<{ created: boolean; documentId: string }> {
  const [locked] = await ctx.em.query("SELECT state FROM upload_slot WHERE id = $1 FOR UPDATE", [slot.id]);
  if (locked.state === UploadSlotState.COMPLETED) return { created: false, documentId: slot.documentId };
  // Still allowed to file here? (An appointment may have ended since the slot was made.)
  const proceedings = await requireProceedings(ctx, slot.proceedingsId);
  // (An appointment to some children only must still hold every child the paper is about.)
  await filerFor(ctx, request.type, proceedings.id, request.childIds);

  const doc = await recordPaper(
    ctx,
    {
      id: slot.documentId,
      proceedingsId: proceedings.id,
      type: request.type,
      title: request.title,
      documentDate: request.documentDate,
      childIds: request.childIds,
      confidentiality: request.confidentiality,
      restrictedTo: request.restrictedTo,
      filedByRole: request.filedBy,
      filedById: ctx.principal.userId,
      filedByOrganisationId: ctx.principal.organisationId,
      supersedesId: request.supersedesDocumentId ?? null,
      fileName: request.fileName,
      contentType: request.contentType,
      sizeBytes: String(stored.sizeBytes),
      sha256: stored.sha256,
      storageKey: stored.key,
    },
    "refuse",
  );
  await ctx.em.update(UploadSlot, { id: slot.id }, { state: UploadSlotState.COMPLETED });
  return { created: true, documentId: doc.id };
}

export type NewPaper = Pick<
  CourtDocument,
  | "id"
  | "proceedingsId"
  | "type"
  | "title"
  | "documentDate"
  | "childIds"
  | "confidentiality"
  | "restrictedTo"
  | "filedByRole"
  | "filedById"
  | "filedByOrganisationId"
  | "supersedesId"
  | "fileName"
  | "contentType"
  | "sizeBytes"
  | "sha256"
  | "storageKey"
>;

/**
 * Records a paper whose bytes are stored (an upload, a bundle the hub built), in the caller's
 * transaction: held for the virus scanner, which releases it once this commits, or released now
 * by a hub without one.
 */
export async function recordPaper(ctx: HubContext, paper: NewPaper, staleCorrection: "refuse" | "stand-alone"): Promise<CourtDocument> {
  const doc = await ctx.em.save(ctx.em.create(CourtDocument, { ...paper, status: DocumentStatus.ACTIVE }));
  if (scanning(ctx.runtime)) {
    // Nobody but the filer's side hears of it until the scanner has passed it: the scan starts
    // once this commits (in this process; the job retries what fails).
    ctx.afterCommit.push(async () => scanSoon(ctx.runtime));
  } else {
    await ctx.em.update(CourtDocument, { id: doc.id }, { scanStatus: PaperScanStatus.NOT_SCANNED });
    doc.scanStatus = PaperScanStatus.NOT_SCANNED;
    await releasePaper(ctx, doc, staleCorrection);
  }
  return doc;
}

// --- release and distribution ---------------------------------------------------------------------

/**
 * Distributes a paper and tells those it concerns, once it may be released (scanned, or filed by
 * a hub without a scanner). A correction supersedes the version it corrects here, not at upload:
 * until then recipients keep the old one. When that version was withdrawn or superseded
 * meanwhile, a release at filing refuses (CONFLICT, nothing filed); a release after a scan
 * cannot undo the filing, so the correction stands alone.
 */
export async function releasePaper(ctx: HubContext, doc: CourtDocument, staleCorrection: "refuse" | "stand-alone"): Promise<void> {
  const releasedAt = ctx.runtime.clock.now();
  await ctx.em.update(CourtDocument, { id: doc.id }, { releasedAt });
  doc.releasedAt = releasedAt;
  // Delivered first, so that what reacts to the filing (notices) sees who received it. The
  // filer filed it: their own paper is not news to them.
  await distribute(ctx, doc);
  const actorId = doc.filedById;
  await recordCaseEvent(ctx, {
    kind: CaseEventKind.DOCUMENT_FILED,
    proceedingsId: doc.proceedingsId,
    subjectId: doc.id,
    audience: eventAudience(doc),
    actorId,
  });
  if (!doc.supersedesId) return;
  const old = await ctx.em.findOneBy(CourtDocument, { id: doc.supersedesId });
  const res = await ctx.em.update(CourtDocument, { id: doc.supersedesId, status: DocumentStatus.ACTIVE }, { status: DocumentStatus.SUPERSEDED });
  if (!old || !res.affected) {
    if (staleCorrection === "refuse") throw conflict("The document to supersede is no longer active");
    ctx.logger.warn("a correction was released after the version it corrects stopped being active; it stands alone", { documentId: doc.id });
    return;
  }
  await recordCaseEvent(ctx, {
    kind: CaseEventKind.DOCUMENT_SUPERSEDED,
    proceedingsId: doc.proceedingsId,
    subjectId: old.id,
    audience: eventAudience(old),
    actorId,
  });
}

// --- distribution ---------------------------------------------------------------------------------

/** Current appointments (today) of a role on the children a document concerns. */
function currentAppointees(ctx: HubContext, doc: CourtDocument, role: AppointmentRole): Promise<Appointment[]> {
  return appointeesOnCase(ctx, doc.proceedingsId, role, doc.childIds);
}

function deliveryFor(ctx: HubContext, doc: CourtDocument, role: AppointmentRole, userId: string | null, organisationId: string): Partial<PaperDelivery> {
  const { calendar, config, clock } = ctx.runtime;
  const today = ctx.today();
  return {
    documentId: doc.id,
    proceedingsId: doc.proceedingsId,
    role,
    userId,
    organisationId,
    deliveredAt: clock.now(),
    deliveredOn: today,
    acknowledgeBy: acknowledgementDue(calendar, today, config.paperAcknowledgeWithinWorkingDays),
  };
}

/** A delivery for every recipient the document's rule names: the court, and the children's IROs and guardians. */
async function distribute(ctx: HubContext, doc: CourtDocument): Promise<void> {
  const rows: Partial<PaperDelivery>[] = [];
  for (const role of recipientsOf(doc.type, doc.filedByRole, doc.restrictedTo)) {
    if (role === AppointmentRole.COURT) {
      const [court] = await ctx.em.query("SELECT court_id FROM proceedings WHERE id = $1", [doc.proceedingsId]);
      rows.push(deliveryFor(ctx, doc, role, null, court.court_id));
    } else {
      const seen = new Set<string>();
      for (const a of await currentAppointees(ctx, doc, role)) {
        if (seen.has(a.userId!)) continue;
        seen.add(a.userId!);
        rows.push(deliveryFor(ctx, doc, role, a.userId, a.organisationId));
      }
    }
  }
  if (rows.length) await ctx.em.insert(PaperDelivery, rows);
}

/** A newly appointed IRO or guardian receives the papers already on the case (a reaction to APPOINTMENT_MADE). */
export async function deliverExistingPapers(ctx: HubContext, event: RecordedCaseEvent): Promise<void> {
  const appointment = await appointmentById(ctx, event.subjectId!);
  if (!appointment) return;
  if (appointment.role !== AppointmentRole.IRO && appointment.role !== AppointmentRole.GUARDIAN) return;
  const docs = await ctx.em.findBy(CourtDocument, { proceedingsId: appointment.proceedingsId, status: DocumentStatus.ACTIVE, releasedAt: Not(IsNull()) });
  const mine = await ctx.em.findBy(PaperDelivery, { proceedingsId: appointment.proceedingsId, userId: appointment.userId! });
  const rows = docs
    .filter(
      (d) =>
        recipientsOf(d.type, d.filedByRole, d.restrictedTo).includes(appointment.role) &&
        (!d.childIds.length || d.childIds.includes(appointment.childId!)) &&
        !mine.some((m) => m.documentId === d.id),
    )
    .map((d) => deliveryFor(ctx, d, appointment.role, appointment.userId, appointment.organisationId));
  if (!rows.length) return;
  await ctx.em.insert(PaperDelivery, rows);
  await recordCaseEvent(ctx, {
    kind: CaseEventKind.DOCUMENT_DELIVERED,
    proceedingsId: appointment.proceedingsId,
    childId: appointment.childId,
    subjectId: appointment.id,
    audience: [appointment.role === AppointmentRole.IRO ? Role.IRO : Role.GUARDIAN],
  });
}

/** Who a paper was delivered to: people, or an organisation (the court) as a whole. */
export async function deliveriesOfPaper(ctx: HubContext, documentId: string): Promise<PaperDelivery[]> {
  return ctx.em.findBy(PaperDelivery, { documentId });
}

// --- recipients -----------------------------------------------------------------------------------

export async function acknowledgePaper(ctx: AuthorisedContext, documentId: string): Promise<PaperDelivery> {
  const doc = await requireDocument(ctx, documentId);
  if (!notWithdrawn(doc)) throw conflict("The document was withdrawn");
  const deliveries = await ctx.em.findBy(PaperDelivery, { documentId: doc.id });
  const mine = deliveries.find((d) => answersFor(ctx.principal, d));
  if (!mine) throw forbidden("The document was not delivered to you");
  if (!mine.acknowledgedAt) {
    const now = ctx.runtime.clock.now();
    const res = await ctx.em.update(PaperDelivery, { id: mine.id, acknowledgedAt: IsNull() }, { acknowledgedAt: now, acknowledgedById: ctx.principal.userId });
    if (res.affected) {
      mine.acknowledgedAt = now;
      mine.acknowledgedById = ctx.principal.userId;
      await recordCaseEvent(ctx, {
        kind: CaseEventKind.DOCUMENT_ACKNOWLEDGED,
        proceedingsId: doc.proceedingsId,
        subjectId: doc.id,
        audience: eventAudience(doc),
      });
    }
  }
  return mine;
}

/**
 * A paper a hub without a scanner released is scanned before it is read, once there is one.
 * Quiet about anything wrong: the download that follows refuses, and is audited.
 */
export async function scanBeforeReading(ctx: AuthorisedContext, documentId: string): Promise<void> {
  if (!scanning(ctx.runtime)) return;
  const doc = await requireDocument(ctx, documentId).catch(() => null);
  if (doc?.scanStatus === PaperScanStatus.NOT_SCANNED) await scanBeforeDownload(ctx.runtime, doc.id);
}

/** Marks the caller's delivery read (first download) and returns the document to stream. */
export async function openForDownload(ctx: AuthorisedContext, documentId: string): Promise<CourtDocument> {
  const doc = await requireDocument(ctx, documentId);
  if (!notWithdrawn(doc)) throw notFound("Document");
  if (doc.scanStatus === PaperScanStatus.QUARANTINED) {
    throw conflict(`The virus scanner found ${doc.scanSignature} in this file: it is quarantined, and nobody can download it`);
  }
  if (doc.scanStatus === PaperScanStatus.NOT_SCANNED && scanning(ctx.runtime)) {
    // (The route scans it first; one that still is not scanned here failed to be.)
    throw serviceUnavailable("This paper must pass the virus scanner before it is downloaded; try again shortly");
  }
  if (accessTo(ctx.principal, doc, await paperRolesOnCase(ctx, doc.proceedingsId)) !== "reader") {
    throw forbidden("Managers see delivery status, not the papers themselves");
  }
  const deliveries = await ctx.em.findBy(PaperDelivery, { documentId: doc.id, readAt: IsNull() });
  const mine = deliveries.find((d) => answersFor(ctx.principal, d));
  if (mine) await ctx.em.update(PaperDelivery, { id: mine.id }, { readAt: ctx.runtime.clock.now() });
  return doc;
}

export async function withdrawDocument(ctx: AuthorisedContext, documentId: string, reason: string): Promise<CourtDocument> {
  const doc = await requireDocument(ctx, documentId);
  if (!isFilerSide(ctx.principal, doc)) throw forbidden("Only the side that filed a document withdraws it");
  if (!notWithdrawn(doc)) throw conflict("The document is already withdrawn");
  const withdrawn = { status: DocumentStatus.WITHDRAWN, withdrawnReason: reason, withdrawnAt: ctx.runtime.clock.now(), withdrawnById: ctx.principal.userId };
  // Only these columns: the scanner may be releasing the paper at this moment, and what it
  // writes stands (a paper withdrawn first is never released: its release asks the status).
  const res = await ctx.em.update(CourtDocument, { id: doc.id, status: Not(DocumentStatus.WITHDRAWN) }, withdrawn);
  if (!res.affected) throw conflict("The document is already withdrawn");
  Object.assign(doc, withdrawn, await ctx.em.findOneBy(CourtDocument, { id: doc.id }));
  await recordCaseEvent(ctx, { kind: CaseEventKind.DOCUMENT_WITHDRAWN, proceedingsId: doc.proceedingsId, subjectId: doc.id, audience: eventAudience(doc) });
  // The record stays (and the audit trail); the content goes, once the withdrawal has committed.
  // A quarantined file stays where it is until the quarantine is emptied (it is evidence).
  const key = doc.storageKey;
  if (doc.scanStatus !== PaperScanStatus.QUARANTINED) ctx.afterCommit.push(() => ctx.runtime.storage.delete(key));
  return doc;
}

export async function caseDocuments(ctx: AuthorisedContext, proceedingsId: string): Promise<CourtDocument[]> {
  const proceedings = await requireProceedings(ctx, proceedingsId);
  const docs = await ctx.em.find(CourtDocument, { where: { proceedingsId: proceedings.id }, order: { filedAt: "DESC", id: "ASC" } });
  const onCase = await paperRolesOnCase(ctx, proceedings.id);
  return docs.filter((d) => accessTo(ctx.principal, d, onCase));
}

export enum PaperFilter {
  ALL = "ALL",
  UNREAD = "UNREAD",
  UNACKNOWLEDGED = "UNACKNOWLEDGED",
  OVERDUE = "OVERDUE",
}

function myDeliveries(ctx: AuthorisedContext) {
  const p = ctx.principal;
  const access = caseAccess(ctx.runtime).cases(p, ctx.today(), "p");
  return ctx.em
    .createQueryBuilder(PaperDelivery, "d")
    .innerJoin(CourtDocument, "doc", "doc.id = d.document_id")
    .where(hasRole(p, Role.COURT) ? "(d.user_id = :me OR (d.role = 'COURT' AND d.organisation_id = :org))" : "d.user_id = :me", {
      me: p.userId,
      org: p.organisationId,
    })
    .andWhere(notWithdrawnSql("doc"))
    .andWhere(`EXISTS (SELECT 1 FROM proceedings p WHERE p.id = d.proceedings_id AND ${access.sql})`, access.params);
}

/** The caller's papers (for their court, too), newest first. Withdrawn ones are gone. */
export interface PaperSearch {
  type?: DocumentType | null;
  proceedingsId?: string | null;
  deliveredFrom?: string | null;
  deliveredTo?: string | null;
  oldestFirst?: boolean;
  after?: string | null;
}

export async function myPapers(ctx: AuthorisedContext, filter: PaperFilter, limit: number, search: PaperSearch = {}): Promise<PaperDelivery[]> {
  const order = search.oldestFirst ? "ASC" : "DESC";
  const qb = myDeliveries(ctx).orderBy("d.delivered_at", order).addOrderBy("d.id", order).limit(limit);
  if (search.type) qb.andWhere("doc.type = :type", { type: search.type });
  if (search.proceedingsId) {
    if (!isUuid(search.proceedingsId)) throw badInput("proceedingsId", "Not an id");
    qb.andWhere("d.proceedings_id = :case", { case: search.proceedingsId });
  }
  if (search.deliveredFrom) qb.andWhere("d.delivered_on >= :from", { from: search.deliveredFrom });
  if (search.deliveredTo) qb.andWhere("d.delivered_on <= :to", { to: search.deliveredTo });
  if (search.after) {
    if (!isUuid(search.after)) throw badInput("after", "Not a delivery this list gave out");
    // Keyset: after the given delivery in this order (one of the caller's own, or nothing follows).
    qb.andWhere(`(d.delivered_at, d.id) ${order === "DESC" ? "<" : ">"} (SELECT a.delivered_at, a.id FROM paper_delivery a WHERE a.id = :after)`, {
      after: search.after,
    });
  }
  if (filter === PaperFilter.UNREAD) qb.andWhere("d.read_at IS NULL");
  if (filter === PaperFilter.UNACKNOWLEDGED) qb.andWhere("d.acknowledged_at IS NULL");
  if (filter === PaperFilter.OVERDUE) qb.andWhere("d.acknowledged_at IS NULL AND d.acknowledge_by < :today", { today: ctx.today() });
  const rows = await qb.getMany();
  ctx.audit.touchMany(new Set(rows.map((r) => r.proceedingsId)));
  return rows;
}

export interface PaperCounts {
  proceedingsId: string;
  delivered: number;
  unread: number;
  unacknowledged: number;
  overdue: number;
}

/** Per case, the caller's papers not yet read, acknowledged, or overdue (counted in the database). */
export async function myPaperCaseload(ctx: AuthorisedContext): Promise<PaperCounts[]> {
  const rows = await myDeliveries(ctx)
    .select("d.proceedings_id", "proceedingsId")
    .addSelect("count(*)::int", "delivered")
    .addSelect("(count(*) FILTER (WHERE d.read_at IS NULL))::int", "unread")
    .addSelect("(count(*) FILTER (WHERE d.acknowledged_at IS NULL))::int", "unacknowledged")
    .addSelect("(count(*) FILTER (WHERE d.acknowledged_at IS NULL AND d.acknowledge_by < :today))::int", "overdue")
    .setParameter("today", ctx.today())
    .groupBy("d.proceedings_id")
    .orderBy("overdue", "DESC")
    .getRawMany<PaperCounts>();
  ctx.audit.touchMany(rows.map((r) => r.proceedingsId));
  return rows;
}

export interface IroPaperFigures {
  userId: string;
  cases: number;
  delivered: number;
  unread: number;
  unacknowledged: number;
  overdue: number;
  reachedInTime: number;
}

/** For an IRO manager: each IRO of the service, with the share of papers that reached them in time. */
export async function iroPaperReport(ctx: AuthorisedContext): Promise<IroPaperFigures[]> {
  const p = ctx.principal;
  return ctx.em
    .createQueryBuilder(PaperDelivery, "d")
    .innerJoin(CourtDocument, "doc", `doc.id = d.document_id AND ${notWithdrawnSql("doc")}`)
    .select("d.user_id", "userId")
    .addSelect("count(DISTINCT d.proceedings_id)::int", "cases")
    .addSelect("count(*)::int", "delivered")
    .addSelect("(count(*) FILTER (WHERE d.read_at IS NULL))::int", "unread")
    .addSelect("(count(*) FILTER (WHERE d.acknowledged_at IS NULL))::int", "unacknowledged")
    .addSelect("(count(*) FILTER (WHERE d.acknowledged_at IS NULL AND d.acknowledge_by < :today))::int", "overdue")
    .addSelect(`(count(*) FILTER (WHERE ${reachedInTimeSql("d", "doc", ":n")}))::int`, "reachedInTime")
    .where("d.role = 'IRO' AND d.organisation_id = :org", { org: p.organisationId, today: ctx.today(), n: ctx.runtime.config.papersReachWithinWorkingDays })
    .groupBy("d.user_id")
    .getRawMany<IroPaperFigures>();
}

/**
 * Removes stored bytes no document owns: uploads that failed between storage and commit (a
 * crash), and content of withdrawn documents whose deletion failed. Only files older than the
 * grace period, so an upload in progress is never touched.
 */
export async function sweepOrphans(ctx: HubContext): Promise<number> {
  const { storage, config, dataSource } = ctx.runtime;
  // A file's modification time is the store's real time, not the hub's (settable) clock: age
  // it by the same real time, or a hub whose clock is set back would never sweep anything.
  const cutoff = Date.now() - config.orphanGraceMinutes * 60_000;
  let removed = 0;
  let batch: string[] = [];
  const flush = async () => {
    const kept: { storage_key: string }[] = await dataSource.query(
      `SELECT storage_key FROM court_document d WHERE storage_key = ANY($1) AND ${notWithdrawnSql("d")}`,
      [batch],
    );
    const keep = new Set(kept.map((k) => k.storage_key));
    for (const key of batch) {
      if (!keep.has(key)) {
        await storage.delete(key);
        removed++;
      }
    }
    batch = [];
  };
  for await (const { key, modifiedAt } of storage.list("documents")) {
    if (modifiedAt.getTime() > cutoff) continue;
    batch.push(key);
    if (batch.length >= 500) await flush();
  }
  if (batch.length) await flush();
  return removed;
}

/** Papers (not withdrawn) delivered to a person in a role for a child, oldest first: the protocol checklist's evidence. */
export async function deliveriesTo(ctx: HubContext, userId: string, role: AppointmentRole, proceedingsId: string, childId: string): Promise<PaperDelivered[]> {
  return (await deliveriesToMany(ctx, role, [{ userId, proceedingsId, childId }])).get(deliveryKey({ userId, proceedingsId, childId })) ?? [];
}

export type PaperDelivered = { id: string; type: string; on: string };
export type DeliveryFor = { userId: string; proceedingsId: string; childId: string };
export const deliveryKey = (k: DeliveryFor) => `${k.userId}|${k.proceedingsId}|${k.childId}`;

/** The same for many (person, case, child) at once, in one query, by `deliveryKey`. */
export async function deliveriesToMany(ctx: HubContext, role: AppointmentRole, keys: readonly DeliveryFor[]): Promise<Map<string, PaperDelivered[]>> {
  if (!keys.length) return new Map();
  const rows: (PaperDelivered & { key: string })[] = await ctx.em.query(
    `SELECT d.id AS id, doc.type AS type, d.delivered_on AS on, k.user_id || '|' || k.proceedings_id || '|' || k.child_id AS key
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS k(user_id, proceedings_id, child_id)
       JOIN paper_delivery d ON d.user_id = k.user_id AND d.proceedings_id = k.proceedings_id AND d.role = $4
       JOIN court_document doc ON doc.id = d.document_id
      WHERE ${notWithdrawnSql("doc")} AND (cardinality(doc.child_ids) = 0 OR k.child_id = ANY(doc.child_ids))
      ORDER BY d.delivered_on ASC, d.id ASC`,
    [keys.map((k) => k.userId), keys.map((k) => k.proceedingsId), keys.map((k) => k.childId), role],
  );
  const byKey = new Map<string, PaperDelivered[]>();
  for (const { key, ...delivered } of rows) {
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push(delivered);
  }
  return byKey;
}

/** Papers waiting for the caller: to acknowledge (a recipient), and filed by their organisation but not acknowledged in time (the legal department). */
export async function paperAttention(ctx: AuthorisedContext): Promise<AttentionItem[]> {
  const p = ctx.principal;
  const today = ctx.today();
  const items: AttentionItem[] = [];
  if (can(p.roles, Capability.RECEIVE_COURT_PAPERS)) {
    const row = await myDeliveries(ctx)
      .select("count(*)::int", "count")
      .addSelect("(count(*) FILTER (WHERE d.acknowledge_by < :today))::int", "overdue")
      .andWhere("d.acknowledged_at IS NULL")
      .setParameter("today", today)
      .getRawOne<{ count: number; overdue: number }>();
    items.push(...attentionIf(AttentionKind.PAPERS_TO_ACKNOWLEDGE, row));
  }
  if (hasRole(p, Role.LA_LEGAL)) {
    const [row]: { count: number }[] = await ctx.em.query(
      `SELECT count(*)::int AS count FROM paper_delivery d JOIN court_document doc ON doc.id = d.document_id
        WHERE doc.filed_by_organisation_id = $1 AND ${notWithdrawnSql("doc")} AND d.acknowledged_at IS NULL AND d.acknowledge_by < $2`,
      [p.organisationId, today],
    );
    items.push(...attentionIf(AttentionKind.PAPERS_NOT_ACKNOWLEDGED_BY_RECIPIENTS, { count: row.count, overdue: row.count }));
  }
  if (hasRole(p, Role.HUB_ADMIN) && scanning(ctx.runtime)) {
    // Fail closed has a price: papers wait while the scanner is down. Administrators see how many.
    const [row]: { count: number }[] = await ctx.em.query(
      `SELECT count(*)::int AS count FROM court_document WHERE scan_status = $1 AND status <> '${DocumentStatus.WITHDRAWN}'`,
      [PaperScanStatus.SCANNER_UNAVAILABLE],
    );
    items.push(...attentionIf(AttentionKind.PAPERS_HELD_BY_SCANNER, { count: row.count, overdue: row.count }));
  }
  if (hasRole(p, Role.IRO_MANAGER, Role.CAFCASS_MANAGER)) {
    // The team's overdue work: papers delivered to people of the manager's service, not acknowledged in time.
    const [row]: { count: number }[] = await ctx.em.query(
      `SELECT count(*)::int AS count FROM paper_delivery d JOIN court_document doc ON doc.id = d.document_id
        WHERE d.organisation_id = $1 AND d.user_id IS NOT NULL AND ${notWithdrawnSql("doc")} AND d.acknowledged_at IS NULL AND d.acknowledge_by < $2`,
      [p.organisationId, today],
    );
    items.push(...attentionIf(AttentionKind.TEAM_PAPERS_OVERDUE, { count: row.count, overdue: row.count }));
  }
  return items;
}
