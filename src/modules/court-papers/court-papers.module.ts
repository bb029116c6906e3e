import { EntityManager } from "typeorm";
import type { HubModule } from "../../core/module";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { loaderById, loaderGroupedBy } from "../../core/loader-factories";
import { CourtDocument, PaperDelivery, UploadSlot, notWithdrawnSql } from "./court-document.entity";
import { Role } from "../../core/access/roles";
import { CasePaperCountsResolver, CourtPapersResolver, IroPaperFiguresResolver, PaperDeliveryResolver, UploadSlotResolver } from "./court-papers.resolver";
import { courtPapersRouter } from "./court-papers.routes";
import { deliverExistingPapers, paperAttention, sweepOrphans } from "./court-papers.service";
import { emptyQuarantine, scanWaitingPapers } from "./paper-scanning";

// What this module offers the others (they import it only from here).
export { CourtDocument, DocumentStatus, PaperDelivery, notWithdrawnSql, reachedInTimeSql } from "./court-document.entity";
export { deliveriesOfPaper, deliveriesTo, deliveriesToMany, deliveryKey, filerFor, recordPaper, requireDocument } from "./court-papers.service";
export { Confidentiality, DocumentType } from "./document-types";
export { CourtDocumentType } from "./court-papers.types";
export { PaperScanStatus } from "./court-document.entity";

const loaders = (em: () => EntityManager) => ({
  documentById: loaderById(em, CourtDocument),
  deliveriesByDocument: loaderGroupedBy(em, PaperDelivery, "documentId", { deliveredAt: "ASC", id: "ASC" }),
});

declare module "../../core/loaders" {
  interface Loaders extends ReturnType<typeof loaders> {}
}

export const courtPapersModule: HubModule = {
  name: "court-papers",
  entities: [CourtDocument, PaperDelivery, UploadSlot],
  resolvers: [CourtPapersResolver, PaperDeliveryResolver, UploadSlotResolver, CasePaperCountsResolver, IroPaperFiguresResolver],
  loaders,
  routes: courtPapersRouter,
  handlers: [
    {
      name: "court-papers: a new IRO or guardian receives the papers already on the case",
      kinds: [CaseEventKind.APPOINTMENT_MADE],
      handle: deliverExistingPapers,
    },
  ],
  // Papers delivered to the caller (or, for the court, to their court) that they have not
  // acknowledged; for the legal department, papers it filed that a recipient has not acknowledged
  // in time; for a manager, papers their people have not acknowledged in time.
  attention: (principal, today, caseAlias) => ({
    sql: `EXISTS (SELECT 1 FROM paper_delivery att_d JOIN court_document att_doc ON att_doc.id = att_d.document_id
                   WHERE att_d.proceedings_id = ${caseAlias}.id AND att_d.acknowledged_at IS NULL AND ${notWithdrawnSql("att_doc")}
                     AND (att_d.user_id = :attUser OR (att_d.user_id IS NULL AND att_d.role = 'COURT' AND att_d.organisation_id = :attOrg AND :attCourt)
                          OR (:attFiler AND att_doc.filed_by_organisation_id = :attOrg AND att_d.acknowledge_by < CAST(:attToday AS date))
                          OR (:attManager AND att_d.organisation_id = :attOrg AND att_d.user_id IS NOT NULL AND att_d.acknowledge_by < CAST(:attToday AS date))))`,
    params: {
      attUser: principal.userId,
      attOrg: principal.organisationId,
      attCourt: principal.roles.includes(Role.COURT),
      attFiler: principal.roles.includes(Role.LA_LEGAL),
      attManager: principal.roles.includes(Role.IRO_MANAGER) || principal.roles.includes(Role.CAFCASS_MANAGER),
      attToday: today,
    },
  }),
  attentionItems: paperAttention,
  // Stored bytes that no committed document owns (a crash mid-upload) go after a grace period.
  jobs: [
    { name: "sweep orphaned uploads", everyMs: () => 10 * 60_000, run: sweepOrphans },
    // Papers the scan right after filing missed (the scanner was down, a process died), and papers
    // released before there was a scanner.
    { name: "scan papers", everyMs: (config) => config.scanner.intervalMs, run: scanWaitingPapers },
    { name: "empty the quarantine", everyMs: () => 60 * 60_000, run: emptyQuarantine },
  ],
};
