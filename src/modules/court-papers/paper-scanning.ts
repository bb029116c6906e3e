import { randomUUID } from "node:crypto";
import { HubContext, HubRuntime, inTransaction, systemContext } from "../../core/context";
import { Leases } from "../../core/lease";
import { soon } from "../../core/soon";
import { retryAt } from "../../core/jobs";
import { recordCaseEvent } from "../../core/events/events";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { ScannerUnavailable, scanStream, scannerAnswers } from "../../core/scanning/clamd";
import { CourtDocument, DocumentStatus, PaperScanStatus } from "./court-document.entity";
import { eventAudience, filerAudience, releasePaper } from "./court-papers.service";

// Every paper's file passes ClamAV's clamd before anyone but its filer receives it. Filing a
// paper leaves it AWAITING_SCAN; this module scans it (at once after the filing commits, and
// from the background job for whatever that missed or the scanner refused) and then either
// releases it (distribution, notices, webhooks, calendars all follow from the release) or
// quarantines it: the bytes move apart, nothing is delivered, the filer's side and their
// organisation's administrators are told the signature's name. A scanner that cannot be reached
// holds the paper (SCANNER_UNAVAILABLE), retried with backoff: never released unscanned.

export const scanning = (runtime: HubRuntime): boolean => !!runtime.config.scanner.url;

/** One scan at a time per paper, across processes; a scanner that dies lets it go when this lapses. */
const leases = (runtime: HubRuntime) => new Leases("court_document", Math.ceil((runtime.config.scanner.timeoutMs * 2) / 1000) + 30);

/** Papers still to pass the scanner: new ones first, then those released by a hub without one. */
const DUE = `scan_status IN ('${PaperScanStatus.AWAITING_SCAN}', '${PaperScanStatus.SCANNER_UNAVAILABLE}', '${PaperScanStatus.NOT_SCANNED}')
             AND status <> '${DocumentStatus.WITHDRAWN}' AND (scan_next_at IS NULL OR scan_next_at <= now())`;
const ORDER = `(scan_status = '${PaperScanStatus.NOT_SCANNED}'), filed_at, id`;
const BATCH = 10;

type Outcome = "released" | "clean" | "quarantined" | "held" | "failed" | "gone";

/** Scans what is due, batch by batch; stops at the first sign the scanner is down. */
export async function scanWaitingPapers(ctx: HubContext): Promise<number> {
  const { runtime } = ctx;
  if (!scanning(runtime)) return 0;
  await retryHeldOnceBack(runtime);
  let scanned = 0;
  for (;;) {
    const { token, rows } = await leases(runtime).take<{ id: string }>(runtime.dataSource.manager, DUE, ORDER, BATCH, "id");
    for (const [i, row] of rows.entries()) {
      // Each paper under a fresh lease: a batch may outlast the one it was taken with.
      if (!(await leases(runtime).renew(runtime.dataSource.manager, row.id, token))) continue;
      const outcome = await scanPaper(runtime, row.id, token);
      if (outcome === "held") {
        // The scanner is down: the rest of the batch waits for the next attempt with this one.
        await holdAll(
          runtime,
          rows.slice(i + 1).map((r) => r.id),
          token,
          "not tried: the scanner was unavailable for the paper before it",
        );
        return scanned;
      }
      if (outcome !== "gone") scanned++;
    }
    if (rows.length < BATCH) return scanned;
  }
}

/**
 * Papers held while the scanner was down wait out their backoff (up to an hour) only while it
 * stays down: once it answers again they are due at once.
 */
async function retryHeldOnceBack(runtime: HubRuntime): Promise<void> {
  const held = `scan_status = '${PaperScanStatus.SCANNER_UNAVAILABLE}' AND status <> '${DocumentStatus.WITHDRAWN}' AND scan_next_at > now()`;
  const [{ waiting }] = await runtime.dataSource.query(`SELECT EXISTS (SELECT 1 FROM court_document WHERE ${held}) AS waiting`);
  if (!waiting || !(await scannerAnswers(runtime.config.scanner.url!, 2000))) return;
  await runtime.dataSource.query(`UPDATE court_document SET scan_next_at = now() WHERE ${held}`);
  runtime.logger.info("the virus scanner answers again: held papers are scanned now");
}

/** Starts a scan run in this process now (after a filing commits), or once more after the one under way. */
export const scanSoon = soon("scanning papers", (runtime) => scanWaitingPapers(systemContext(runtime, null)));

/** Scans one paper this run holds the lease of, and records what the scanner said. */
async function scanPaper(runtime: HubRuntime, id: string, token: string): Promise<Outcome> {
  const { storage, config, logger, metrics } = runtime;
  const doc = await runtime.dataSource.manager.findOneBy(CourtDocument, { id, leaseToken: token });
  if (!doc) return "gone";
  let verdict;
  try {
    verdict = await scanStream(config.scanner.url!, await storage.get(doc.storageKey), config.scanner.timeoutMs);
  } catch (err) {
    // Only the scanner being out of reach holds every paper; a file it cannot scan (too big,
    // unreadable in the store) is held alone, and the others go on.
    const down = err instanceof ScannerUnavailable;
    metrics?.paperScan(down ? "unavailable" : "error");
    // Fail closed, and loudly: an operator must bring the scanner back (docs/runbook.md).
    logger.error(down ? "the virus scanner is unavailable: papers are held until it answers" : "a paper could not be scanned; it is held", {
      documentId: doc.id,
      attempts: doc.scanAttempts + 1,
      error: String(err),
    });
    await hold(runtime, doc, token, String(err), down);
    return down ? "held" : "failed";
  }
  metrics?.paperScan(verdict.clean ? "clean" : "found");
  if (verdict.clean) return pass(runtime, doc, token);
  return quarantine(runtime, doc, token, verdict.signature);
}

async function pass(runtime: HubRuntime, doc: CourtDocument, token: string): Promise<Outcome> {
  const ctx = systemContext(runtime, null);
  return runtime.dataSource.transaction(async (em) => {
    // Still ours, and not withdrawn meanwhile (a withdrawn paper is never released).
    const [rows]: [{ released_at: Date | null; status: DocumentStatus }[], number] = await em.query(
      `UPDATE court_document SET scan_status = $3, scanned_at = $4, scan_signature = NULL, scan_next_at = NULL, scan_last_error = NULL,
              scan_attempts = 0, leased_until = NULL, lease_token = NULL
        WHERE id = $1 AND lease_token = $2 AND status <> '${DocumentStatus.WITHDRAWN}'
        RETURNING released_at, status`,
      [doc.id, token, PaperScanStatus.RELEASED, runtime.clock.now()],
    );
    if (!rows.length) return "gone";
    if (rows[0].released_at) return "clean"; // released unscanned before: it stays as it was
    // A correction of it was released first: this version never reached anyone, and does not now.
    if (rows[0].status === DocumentStatus.SUPERSEDED) return "clean";
    await releasePaper(inTransaction(ctx, em), doc, "stand-alone");
    return "released";
  });
}

/**
 * The bytes move to the quarantine area (out of the papers' own, where nothing is served from)
 * before the record says so; the record then points there, and the original goes once that has
 * committed. A paper already released (NOT_SCANNED) is withdrawn: its recipients lose it and are
 * told why.
 */
async function quarantine(runtime: HubRuntime, doc: CourtDocument, token: string, signature: string): Promise<Outcome> {
  const { storage, clock, logger } = runtime;
  const apart = `quarantine/${doc.proceedingsId}/${doc.id}-${randomUUID()}`;
  await storage.put(apart, await storage.get(doc.storageKey));
  const ctx = systemContext(runtime, null);
  let outcome: Outcome = "gone";
  try {
    outcome = await runtime.dataSource.transaction(async (em) => {
      const tx = inTransaction(ctx, em);
      const now = clock.now();
      const [rows]: [{ id: string }[], number] = await em.query(
        `UPDATE court_document SET scan_status = $3, scanned_at = $4, scan_signature = $5, storage_key = $6, scan_next_at = NULL,
                scan_last_error = NULL, leased_until = NULL, lease_token = NULL
          WHERE id = $1 AND lease_token = $2 AND status <> '${DocumentStatus.WITHDRAWN}'
          RETURNING id`,
        [doc.id, token, PaperScanStatus.QUARANTINED, now, signature, apart],
      );
      if (!rows.length) return "gone";
      const found = { ...doc, scanStatus: PaperScanStatus.QUARANTINED, scanSignature: signature } as CourtDocument;
      await recordCaseEvent(tx, {
        kind: CaseEventKind.DOCUMENT_QUARANTINED,
        proceedingsId: doc.proceedingsId,
        subjectId: doc.id,
        audience: filerAudience(doc),
      });
      if (doc.releasedAt) {
        const withdrawn = { status: DocumentStatus.WITHDRAWN, withdrawnReason: `Removed: the virus scanner found ${signature} in the file`, withdrawnAt: now };
        await em.update(CourtDocument, { id: doc.id }, withdrawn);
        await recordCaseEvent(tx, {
          kind: CaseEventKind.DOCUMENT_WITHDRAWN,
          proceedingsId: doc.proceedingsId,
          subjectId: doc.id,
          audience: eventAudience({ ...found, ...withdrawn } as CourtDocument),
        });
      }
      return "quarantined";
    });
  } finally {
    if (outcome === "gone") await storage.delete(apart).catch(() => undefined);
  }
  if (outcome === "quarantined") {
    logger.warn("a paper was quarantined: the virus scanner found malware in it", { documentId: doc.id, signature });
    await storage.delete(doc.storageKey).catch(() => undefined); // the sweep removes it if this fails
  }
  return outcome;
}

/** Held, to be tried again after a backoff (the database's clock). */
async function hold(runtime: HubRuntime, doc: CourtDocument, token: string, error: string, scannerDown: boolean): Promise<void> {
  const next = retryAt(runtime.config.scanner.retryBaseMs, doc.scanAttempts + 1)();
  // A paper released unscanned stays NOT_SCANNED (it is released); a new one shows why it waits.
  const status = scannerDown ? PaperScanStatus.SCANNER_UNAVAILABLE : PaperScanStatus.AWAITING_SCAN;
  await runtime.dataSource.query(
    `UPDATE court_document SET scan_attempts = scan_attempts + 1, scan_next_at = ${next}, scan_last_error = $3,
            scan_status = CASE WHEN scan_status = '${PaperScanStatus.NOT_SCANNED}' THEN scan_status ELSE $4::paper_scan_status END,
            leased_until = NULL, lease_token = NULL
      WHERE id = $1 AND lease_token = $2`,
    [doc.id, token, error.slice(0, 1000), status],
  );
}

async function holdAll(runtime: HubRuntime, ids: string[], token: string, error: string): Promise<void> {
  const docs = ids.length
    ? await runtime.dataSource.manager.findBy(
        CourtDocument,
        ids.map((id) => ({ id, leaseToken: token })),
      )
    : [];
  for (const doc of docs) await hold(runtime, doc, token, error, true);
}

/**
 * Before a download of a paper released by a hub without a scanner: scans it now, in this
 * request (or waits for the scan another process holds), and says where it then stands.
 */
export async function scanBeforeDownload(runtime: HubRuntime, documentId: string): Promise<void> {
  if (!scanning(runtime)) return;
  const token = randomUUID();
  const [taken]: [{ id: string }[], number] = await runtime.dataSource.query(
    `UPDATE court_document SET leased_until = ${leases(runtime).until()}, lease_token = $2
      WHERE id = $1 AND scan_status = '${PaperScanStatus.NOT_SCANNED}' AND status <> '${DocumentStatus.WITHDRAWN}'
        AND (leased_until IS NULL OR leased_until < now()) RETURNING id`,
    [documentId, token],
  );
  if (taken.length) await scanPaper(runtime, documentId, token);
}

/** Removes quarantined files' bytes QUARANTINE_DAYS after they were found (the record stays). */
export async function emptyQuarantine(ctx: HubContext): Promise<number> {
  const { runtime } = ctx;
  const before = new Date(runtime.clock.now().getTime() - runtime.config.scanner.quarantineDays * 86_400_000);
  const due: { id: string; storage_key: string }[] = await runtime.dataSource.query(
    `SELECT id, storage_key FROM court_document WHERE scan_status = $1 AND quarantine_emptied_at IS NULL AND scanned_at < $2 LIMIT 500`,
    [PaperScanStatus.QUARANTINED, before],
  );
  for (const d of due) {
    await runtime.storage.delete(d.storage_key);
    await runtime.dataSource.query(`UPDATE court_document SET quarantine_emptied_at = $2 WHERE id = $1`, [d.id, runtime.clock.now()]);
  }
  return due.length;
}
