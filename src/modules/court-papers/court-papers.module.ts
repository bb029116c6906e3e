import { EntityManager } from "typeorm";
import type { HubModule } from "../../core/module";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { loaderById, loaderGroupedBy } from "../../core/loader-factories";
import { CourtDocument, PaperDelivery, UploadSlot } from "./court-document.entity";
import { CasePaperCountsResolver, CourtPapersResolver, IroPaperFiguresResolver, PaperDeliveryResolver, UploadSlotResolver } from "./court-papers.resolver";
import { courtPapersRouter } from "./court-papers.routes";
import { deliverExistingPapers, sweepOrphans } from "./court-papers.service";

// What this module offers the others (they import it only from here).
export { CourtDocument, DocumentStatus, PaperDelivery, notWithdrawnSql, reachedInTimeSql } from "./court-document.entity";
export { deliveriesOfPaper, deliveriesTo, deliveriesToMany, deliveryKey } from "./court-papers.service";

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
  // Stored bytes that no committed document owns (a crash mid-upload) go after a grace period.
  jobs: [{ name: "sweep orphaned uploads", everyMs: () => 10 * 60_000, atStart: true, run: sweepOrphans }],
};
