import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { In } from "typeorm";
import { AuthorisedContext, HubContext, HubRuntime, inTransaction, systemContext } from "../../core/context";
import { Leases } from "../../core/lease";
import { soon } from "../../core/soon";
import { LocalDate, todayInEngland } from "../../core/calendar/calendar";
import { bundleLodgeBy } from "../../core/calendar/deadlines";
import { badInput, conflict, notFound } from "../../core/errors";
import { isUuid } from "../../core/ids";
import { Hearing, HearingType, Proceedings, requireProceedings } from "../proceedings/proceedings.module";
import { Confidentiality, CourtDocument, DocumentStatus, DocumentType, PaperScanStatus, filerFor, recordPaper } from "../court-papers/court-papers.module";
import { AppointmentRole } from "../appointments/appointments.module";
import { Organisation } from "../directory/directory.module";
import { BundlePaper, PageLimitExceeded, SECTIONS, SectionLetter } from "./bundle-pdf";
import { buildInWorker } from "./bundle-worker";
import { BundleSection, BundleStatus, CourtBundle, CourtBundleItem } from "./court-bundle.entity";

// Court bundles (FPR PD27A) from the papers the hub already holds. The legal department chooses
// the papers for a hearing and their sections; the hub builds one PDF in a worker thread (index,
// Bates numbering, bookmarks, the page limit) and files it as a paper like any other: scanned,
// distributed to the court, the IRO and the guardian, with receipts. A rebuild files a new
// version that supersedes the last; papers added after a version was lodged are marked late.

/** Where each type goes by default (the legal department may move any paper). */
const DEFAULT_SECTION: Partial<Record<DocumentType, BundleSection>> = {
  [DocumentType.CASE_SUMMARY]: BundleSection.A,
  [DocumentType.SOCIAL_WORK_CHRONOLOGY]: BundleSection.A,
  [DocumentType.POSITION_STATEMENT]: BundleSection.A,
  [DocumentType.THRESHOLD_DOCUMENT]: BundleSection.A,
  [DocumentType.C110A_APPLICATION]: BundleSection.B,
  [DocumentType.STANDARD_DIRECTIONS]: BundleSection.B,
  [DocumentType.CASE_MANAGEMENT_ORDER]: BundleSection.B,
  [DocumentType.INTERIM_CARE_ORDER]: BundleSection.B,
  [DocumentType.FINAL_ORDER]: BundleSection.B,
  [DocumentType.JUDGMENT]: BundleSection.B,
  [DocumentType.SOCIAL_WORK_STATEMENT]: BundleSection.C,
  [DocumentType.FINAL_EVIDENCE]: BundleSection.C,
  [DocumentType.INTERIM_CARE_PLAN]: BundleSection.D,
  [DocumentType.FINAL_CARE_PLAN]: BundleSection.D,
  [DocumentType.EXPERT_ASSESSMENT]: BundleSection.E,
  [DocumentType.PARENTING_ASSESSMENT]: BundleSection.E,
  [DocumentType.VIABILITY_ASSESSMENT]: BundleSection.E,
  [DocumentType.GUARDIAN_INITIAL_ANALYSIS]: BundleSection.E,
  [DocumentType.GUARDIAN_FINAL_ANALYSIS]: BundleSection.E,
};
export const defaultSection = (type: DocumentType): BundleSection => DEFAULT_SECTION[type] ?? BundleSection.F;

const SECTION_ORDER = Object.keys(SECTIONS);

const HEARING_NAMES: Record<HearingType, string> = {
  [HearingType.CMH]: "Case management hearing",
  [HearingType.IRH]: "Issues resolution hearing",
  [HearingType.FINAL]: "Final hearing",
  [HearingType.OTHER]: "Hearing",
};

/** The hearing, on a case the caller may see and files papers on for the legal department. */
async function requireBundleHearing(ctx: AuthorisedContext, hearingId: string): Promise<Hearing> {
  const hearing = isUuid(hearingId) ? await ctx.em.findOneBy(Hearing, { id: hearingId }) : null;
  if (!hearing) throw notFound("Hearing");
  await requireProceedings(ctx, hearing.proceedingsId, "Hearing");
  await filerFor(ctx, DocumentType.COURT_BUNDLE, hearing.proceedingsId, []);
  return hearing;
}

export async function requireBundle(ctx: AuthorisedContext, id: string): Promise<CourtBundle> {
  const bundle = isUuid(id) ? await ctx.em.findOneBy(CourtBundle, { id }) : null;
  if (!bundle) throw notFound("Court bundle");
  await requireBundleHearing(ctx, bundle.hearingId).catch(() => {
    throw notFound("Court bundle");
  });
  return bundle;
}

/**
 * Why a paper may not go in a bundle, or null: it must be released and current (not withdrawn,
 * superseded or quarantined), and readable by everyone the bundle goes to. A bundle reaches the
 * court, every IRO and every guardian on the case, so a restricted paper, or one about some of
 * the children only, stays out: a sibling's IRO never reads the other child's records.
 */
function notBundleable(doc: CourtDocument, children: number): string | null {
  if (doc.type === DocumentType.COURT_BUNDLE) return "A bundle does not go in a bundle";
  if (doc.status !== DocumentStatus.ACTIVE) return `It was ${doc.status.toLowerCase()} after it was chosen`;
  if (!doc.releasedAt || (doc.scanStatus !== PaperScanStatus.RELEASED && doc.scanStatus !== PaperScanStatus.NOT_SCANNED)) {
    return "It has not been released by the virus scanner";
  }
  if (doc.confidentiality === Confidentiality.RESTRICTED) return "It is restricted to some parties";
  if (doc.childIds.length && doc.childIds.length < children) return "It is about some of the children only";
  return null;
}

async function childCount(ctx: HubContext, proceedingsId: string): Promise<number> {
  const [{ n }] = await ctx.em.query(`SELECT count(*)::int AS n FROM child WHERE proceedings_id = $1`, [proceedingsId]);
  return n;
}

/** Papers that may go in, earliest first. */
async function bundleablePapers(ctx: HubContext, proceedingsId: string): Promise<CourtDocument[]> {
  const docs = await ctx.em.find(CourtDocument, { where: { proceedingsId, status: DocumentStatus.ACTIVE }, order: { documentDate: "ASC", filedAt: "ASC" } });
  const children = await childCount(ctx, proceedingsId);
  return docs.filter((d) => !notBundleable(d, children));
}

export interface BundleChoice {
  documentId: string;
  section: BundleSection;
}

/** A first choice for a hearing: every paper that may go in, by default section, earliest first. */
export async function suggestedBundle(ctx: AuthorisedContext, hearingId: string): Promise<{ document: CourtDocument; section: BundleSection }[]> {
  const hearing = await requireBundleHearing(ctx, hearingId);
  const docs = await bundleablePapers(ctx, hearing.proceedingsId);
  return docs
    .map((document) => ({ document, section: defaultSection(document.type) }))
    .sort((a, b) => SECTION_ORDER.indexOf(a.section) - SECTION_ORDER.indexOf(b.section));
}

export async function bundleForHearing(ctx: AuthorisedContext, hearingId: string): Promise<CourtBundle | null> {
  const hearing = await requireBundleHearing(ctx, hearingId);
  return ctx.em.findOneBy(CourtBundle, { hearingId: hearing.id });
}

export async function bundlesOfCase(ctx: AuthorisedContext, proceedingsId: string): Promise<CourtBundle[]> {
  const proceedings = await requireProceedings(ctx, proceedingsId);
  await filerFor(ctx, DocumentType.COURT_BUNDLE, proceedings.id, []);
  return ctx.em.find(CourtBundle, { where: { proceedingsId: proceedings.id }, order: { createdAt: "ASC" } });
}

export interface SaveBundle {
  hearingId: string;
  items: BundleChoice[];
  directionPages?: number | null;
  directionNote?: string | null;
}

/**
 * Saves the chosen papers, in order, for a hearing's bundle (made on first save). Papers added
 * after a version was lodged are late additions, and stay marked so in later versions.
 */
export async function saveBundle(ctx: AuthorisedContext, input: SaveBundle): Promise<CourtBundle> {
  const hearing = await requireBundleHearing(ctx, input.hearingId);
  if (!input.items.length) throw badInput("items", "Choose at least one paper");
  const seen = new Set<string>();
  const allowed = new Map((await bundleablePapers(ctx, hearing.proceedingsId)).map((d) => [d.id, d]));
  input.items.forEach((item, i) => {
    if (seen.has(item.documentId)) throw badInput(`items.${i}.documentId`, "This paper is in the bundle already");
    seen.add(item.documentId);
    if (!allowed.has(item.documentId)) {
      throw badInput(`items.${i}.documentId`, "Not a paper of this case that may go in a bundle (released, neither withdrawn nor superseded)");
    }
  });
  if (input.directionPages != null && (input.directionPages <= ctx.runtime.config.bundles.pageLimit || input.directionPages > 5000)) {
    throw badInput("directionPages", `A direction allows more than ${ctx.runtime.config.bundles.pageLimit} pages (and at most 5000)`);
  }
  if ((input.directionPages == null) !== !input.directionNote?.trim()) {
    throw badInput("directionNote", "Record the court's direction (which order, and its date) with the pages it allows");
  }

  // One bundle per hearing: lock it (or its absence, by the unique index) while it changes.
  let bundle = await ctx.em.findOne(CourtBundle, { where: { hearingId: hearing.id }, lock: { mode: "pessimistic_write" } });
  if (bundle && (bundle.status === BundleStatus.QUEUED || bundle.status === BundleStatus.BUILDING)) {
    throw conflict("The bundle is being built: change it once the build has finished");
  }
  const before = bundle ? await ctx.em.findBy(CourtBundleItem, { bundleId: bundle.id }) : [];
  if (!bundle) {
    bundle = ctx.em.create(CourtBundle, { proceedingsId: hearing.proceedingsId, hearingId: hearing.id, createdById: ctx.principal.userId });
  } else if (bundle.status === BundleStatus.BUILT) {
    bundle.version += 1; // the next build files the next version
  }
  bundle.status = BundleStatus.DRAFT;
  bundle.failure = null;
  bundle.directionPages = input.directionPages ?? null;
  bundle.directionNote = input.directionNote?.trim() || null;
  bundle = await ctx.em.save(bundle);
  const lodged = !!bundle.documentId;
  const was = new Map(before.map((b) => [b.documentId, b]));
  // In section order; within a section, in the order given.
  const ordered = input.items
    .map((item, given) => ({ item, given }))
    .sort((a, b) => SECTION_ORDER.indexOf(a.item.section) - SECTION_ORDER.indexOf(b.item.section) || a.given - b.given);
  await ctx.em.delete(CourtBundleItem, { bundleId: bundle.id });
  await ctx.em.insert(
    CourtBundleItem,
    ordered.map(({ item }, position) => ({
      bundleId: bundle!.id,
      documentId: item.documentId,
      section: item.section,
      position,
      late: was.get(item.documentId)?.late ?? (lodged && !was.has(item.documentId)),
    })),
  );
  return bundle;
}

/** Asks for the bundle to be built (a job, in a worker thread); the console follows its progress. */
export async function buildBundle(ctx: AuthorisedContext, bundleId: string): Promise<CourtBundle> {
  const bundle = await requireBundle(ctx, bundleId);
  if (bundle.status === BundleStatus.QUEUED || bundle.status === BundleStatus.BUILDING) return bundle;
  if (bundle.status === BundleStatus.BUILT) throw conflict("This version is built already: change the bundle to build a new version");
  const res = await ctx.em.update(
    CourtBundle,
    { id: bundle.id, status: In([BundleStatus.DRAFT, BundleStatus.FAILED]) },
    { status: BundleStatus.QUEUED, requestedById: ctx.principal.userId, progressDone: 0, progressTotal: 0, failure: null },
  );
  if (!res.affected) throw conflict("The bundle changed meanwhile: look again");
  ctx.afterCommit.push(async () => buildSoon(ctx.runtime));
  return ctx.em.findOneByOrFail(CourtBundle, { id: bundle.id });
}

export function itemsOf(ctx: HubContext, bundleId: string): Promise<CourtBundleItem[]> {
  return ctx.em.find(CourtBundleItem, { where: { bundleId }, order: { position: "ASC" } });
}

/** When the bundle must be lodged (PD27A, BUNDLE_LODGE_WORKING_DAYS before the hearing). */
export async function lodgeBy(ctx: HubContext, bundle: CourtBundle): Promise<LocalDate> {
  const hearing = await ctx.em.findOneByOrFail(Hearing, { id: bundle.hearingId });
  return bundleLodgeBy(ctx.runtime.calendar, hearing.date, ctx.runtime.config.bundles.lodgeWorkingDays);
}

/** The day the current version reached the court (its release), if it has. */
export async function lodgedOn(ctx: HubContext, bundle: CourtBundle): Promise<LocalDate | null> {
  if (!bundle.documentId) return null;
  const doc = await ctx.loaders.documentById.load(bundle.documentId);
  return doc?.releasedAt ? todayInEngland(doc.releasedAt) : null;
}

// --- building -------------------------------------------------------------------------------------

const leases = new Leases("court_bundle", 15 * 60);
/** Starts building what is queued in this process now, or once more after the run under way. */
export const buildSoon = soon("building court bundles", (runtime) => buildQueuedBundles(systemContext(runtime, null)));

/** The job: builds queued bundles one at a time (each in its own worker thread). */
export async function buildQueuedBundles(ctx: HubContext): Promise<number> {
  const { runtime } = ctx;
  let built = 0;
  for (;;) {
    const { token, rows } = await leases.take<{ id: string }>(runtime.dataSource.manager, `status IN ('QUEUED', 'BUILDING')`, "updated_at", 1, "id");
    if (!rows.length) return built;
    await buildOne(runtime, rows[0].id, token);
    built++;
  }
}

async function buildOne(runtime: HubRuntime, id: string, token: string): Promise<void> {
  const { dataSource, storage, clock, config, logger } = runtime;
  const em = dataSource.manager;
  const bundle = await em.findOneByOrFail(CourtBundle, { id });
  await em.update(CourtBundle, { id, leaseToken: token }, { status: BundleStatus.BUILDING });
  const items = await em.find(CourtBundleItem, { where: { bundleId: id }, order: { position: "ASC" } });
  const docs = new Map((await em.findBy(CourtDocument, { id: In(items.map((i) => i.documentId)) })).map((d) => [d.id, d]));
  const hearing = await em.findOneByOrFail(Hearing, { id: bundle.hearingId });
  const proceedings = await em.findOneByOrFail(Proceedings, { id: bundle.proceedingsId });
  const court = await em.findOneBy(Organisation, { id: proceedings.courtId });
  // Checked again now: a paper withdrawn, superseded or quarantined since it was chosen is
  // listed as not included, and its bytes are never read.
  const children = await childCount(systemContext(runtime, null), bundle.proceedingsId);
  const papers: BundlePaper[] = items.map((item) => {
    const doc = docs.get(item.documentId)!;
    return {
      id: doc.id,
      section: item.section as SectionLetter,
      title: doc.title,
      documentDate: doc.documentDate,
      contentType: doc.contentType,
      late: item.late,
      excluded: notBundleable(doc, children),
    };
  });
  const limit = bundle.directionPages ?? config.bundles.pageLimit;
  let lastReport = 0;
  const fail = async (failure: string) => {
    await em.update(CourtBundle, { id, leaseToken: token }, { status: BundleStatus.FAILED, failure, leaseToken: null, leasedUntil: null });
  };
  let built;
  try {
    built = await buildInWorker(
      {
        courtCaseNumber: proceedings.courtCaseNumber,
        courtName: court?.name ?? "The family court",
        hearing: HEARING_NAMES[hearing.type],
        hearingDate: hearing.date,
        version: bundle.version,
      },
      papers,
      async (i) => new Uint8Array(await readAll(await storage.get(docs.get(papers[i].id)!.storageKey))),
      limit,
      (done, total) => {
        // Progress for the console, at most every half second (and the lease kept meanwhile).
        if (Date.now() - lastReport < 500 && done < total) return;
        lastReport = Date.now();
        em.query(`UPDATE court_bundle SET progress_done = $3, progress_total = $4, leased_until = ${leases.until()} WHERE id = $1 AND lease_token = $2`, [
          id,
          token,
          done,
          total,
        ]).catch((err) => logger.warn("a bundle's progress could not be recorded", { bundleId: id, error: String(err) }));
      },
    );
  } catch (err) {
    if (err instanceof PageLimitExceeded) {
      await fail(
        `The bundle would have ${err.pages} pages; PD27A allows ${limit} unless the court directs otherwise. Take papers out, or record the court's direction to lodge more.`,
      );
    } else {
      logger.warn("a court bundle could not be built", { bundleId: id, error: String(err) });
      await fail(`The bundle could not be built: ${err instanceof Error ? err.message : String(err)}`);
    }
    return;
  }

  // Stored first, then filed in one transaction with the bundle's new state.
  const documentId = randomUUID();
  const key = `documents/${bundle.proceedingsId}/${documentId}-${randomUUID()}`;
  const pdf = Buffer.from(built.pdf.buffer, built.pdf.byteOffset, built.pdf.byteLength);
  await storage.put(key, bufferStream(pdf));
  const requester = bundle.requestedById!;
  const afterCommit: (() => Promise<void>)[] = [];
  const filed = await dataSource
    .transaction(async (tx) => {
      const [mine] = await tx.query(`SELECT id FROM court_bundle WHERE id = $1 AND lease_token = $2 FOR UPDATE`, [id, token]);
      if (!mine) return false;
      const person = await tx.query(`SELECT organisation_id FROM hub_user WHERE id = $1`, [requester]);
      const previous = bundle.documentId ? await tx.findOneBy(CourtDocument, { id: bundle.documentId }) : null;
      const txCtx = { ...inTransaction(systemContext(runtime, null), tx), afterCommit };
      await recordPaper(
        txCtx,
        {
          id: documentId,
          proceedingsId: bundle.proceedingsId,
          type: DocumentType.COURT_BUNDLE,
          title: `Court bundle: ${HEARING_NAMES[hearing.type].toLowerCase()} on ${hearing.date} (version ${bundle.version})`,
          documentDate: clock.today(),
          childIds: [],
          confidentiality: Confidentiality.OPEN,
          restrictedTo: null,
          filedByRole: AppointmentRole.LA_LEGAL_DEPARTMENT,
          filedById: requester,
          filedByOrganisationId: person[0].organisation_id,
          supersedesId: previous?.status === DocumentStatus.ACTIVE ? previous.id : null,
          fileName: `bundle-${proceedings.courtCaseNumber}-${hearing.date}-v${bundle.version}.pdf`,
          contentType: "application/pdf",
          sizeBytes: String(pdf.length),
          sha256: createHash("sha256").update(pdf).digest("hex"),
          storageKey: key,
        },
        "stand-alone",
      );
      await tx.update(
        CourtBundle,
        { id },
        {
          status: BundleStatus.BUILT,
          documentId,
          pageCount: built.pageCount,
          builtAt: clock.now(),
          progressDone: papers.length,
          leaseToken: null,
          leasedUntil: null,
        },
      );
      for (const [i, entry] of built.entries.entries()) {
        await tx.update(
          CourtBundleItem,
          { id: items[i].id },
          { included: entry.included, notIncludedReason: entry.reason, firstPage: entry.firstPage, lastPage: entry.lastPage, pages: entry.pages },
        );
      }
      return true;
    })
    .catch(async (err) => {
      await storage.delete(key).catch(() => undefined);
      throw err;
    });
  if (!filed) {
    await storage.delete(key);
    return;
  }
  // What follows the filing (the scan) starts once it has committed.
  for (const f of afterCommit) f().catch((err) => logger.warn("after filing a bundle", { bundleId: id, error: String(err) }));
  logger.info("a court bundle was built and filed", { bundleId: id, documentId, pages: built.pageCount });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

function bufferStream(buf: Buffer): Readable {
  return Readable.from([buf]);
}
