import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, registerEnumType } from "type-graphql";
import { AuthorisedContext, HubContext } from "../../core/context";
import { Policy, SIGNED_IN } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { badInput } from "../../core/errors";
import { pageSize } from "../../core/pagination";
import { ChildType, ProceedingsType } from "../proceedings/proceedings.module";
import { OrganisationType, PersonType } from "../directory/directory.module";
import { DISTRIBUTION_RULES, DocumentType } from "./document-types";
import { LocalDateScalar } from "../../core/scalars";
import { CourtDocument, PaperDelivery, PaperScanStatus, UploadSlot, isReleased, notWithdrawn, reachedInTime } from "./court-document.entity";
import { CasePaperCountsType, CourtDocumentType, DistributionRuleType, IroPaperFiguresType, PaperDeliveryType, UploadSlotType } from "./court-papers.types";
import { CreateUploadSlotInput } from "./court-papers.inputs";
import * as service from "./court-papers.service";

registerEnumType(service.PaperFilter, { name: "PaperFilter", description: "Which of your papers to list" });

const limit = (ctx: HubContext, first: number) => pageSize(first, ctx.runtime.config.maxPageSize);

@Resolver(() => CourtDocumentType)
export class CourtPapersResolver {
  @Query(() => [DistributionRuleType], { description: "Who files each type of document and who receives it" })
  @Policy(SIGNED_IN)
  distributionRules() {
    return Object.values(DISTRIBUTION_RULES);
  }

  @Mutation(() => UploadSlotType, { description: "Ask to upload a court paper; then PUT the bytes to uploadUrl. Idempotent per key" })
  @Policy(Capability.FILE_COURT_PAPERS)
  createUploadSlot(@Ctx() ctx: AuthorisedContext, @Arg("input", () => CreateUploadSlotInput) input: CreateUploadSlotInput) {
    return service.createUploadSlot(ctx, input);
  }

  @Query(() => [CourtDocumentType], { description: "The papers on a case that you may see, newest first" })
  @Policy(Capability.READ_COURT_PAPERS)
  caseDocuments(@Ctx() ctx: AuthorisedContext, @Arg("proceedingsId", () => ID) proceedingsId: string) {
    return service.caseDocuments(ctx, proceedingsId);
  }

  @Query(() => CourtDocumentType)
  @Policy(Capability.READ_COURT_PAPERS)
  courtDocument(@Ctx() ctx: AuthorisedContext, @Arg("id", () => ID) id: string) {
    return service.requireDocument(ctx, id);
  }

  @Query(() => [PaperDeliveryType], {
    description:
      "Papers delivered to you (or your court), newest first (or oldest first); withdrawn ones are gone. For the next page pass the last delivery's id as `after`",
  })
  @Policy(Capability.RECEIVE_COURT_PAPERS)
  myPapers(
    @Ctx() ctx: AuthorisedContext,
    @Arg("filter", () => service.PaperFilter, { defaultValue: service.PaperFilter.ALL }) filter: service.PaperFilter,
    @Arg("first", () => Int, { defaultValue: 50 }) first: number,
    @Arg("type", () => DocumentType, { nullable: true, description: "Only papers of this type" }) type?: DocumentType | null,
    @Arg("proceedingsId", () => ID, { nullable: true, description: "Only this case's papers" }) proceedingsId?: string | null,
    @Arg("deliveredFrom", () => LocalDateScalar, { nullable: true, description: "Delivered on or after this day" }) deliveredFrom?: string | null,
    @Arg("deliveredTo", () => LocalDateScalar, { nullable: true, description: "Delivered on or before this day" }) deliveredTo?: string | null,
    @Arg("oldestFirst", () => Boolean, { defaultValue: false }) oldestFirst?: boolean,
    @Arg("after", () => ID, { nullable: true, description: "The id of the last delivery of the previous page" }) after?: string | null,
  ) {
    return service.myPapers(ctx, filter, limit(ctx, first), { type, proceedingsId, deliveredFrom, deliveredTo, oldestFirst, after });
  }

  @Query(() => [CasePaperCountsType], { description: "Across your caseload: per case, papers unread, unacknowledged and overdue" })
  @Policy(Capability.RECEIVE_COURT_PAPERS)
  myPaperCaseload(@Ctx() ctx: AuthorisedContext) {
    return service.myPaperCaseload(ctx);
  }

  @Query(() => [IroPaperFiguresType], { description: "Each IRO of your service: papers unread, overdue, and the share that reached them within 1 working day" })
  @Policy(Capability.READ_IRO_PAPER_REPORT)
  async iroPaperReport(@Ctx() ctx: AuthorisedContext) {
    const rows = await service.iroPaperReport(ctx);
    return rows.map((r) => ({ ...r, shareReachedInTime: r.delivered ? r.reachedInTime / r.delivered : null }));
  }

  @Mutation(() => PaperDeliveryType, { description: "Acknowledge receipt of a paper (for yourself, or for your court)" })
  @Policy(Capability.RECEIVE_COURT_PAPERS)
  acknowledgePaper(@Ctx() ctx: AuthorisedContext, @Arg("documentId", () => ID) documentId: string) {
    return service.acknowledgePaper(ctx, documentId);
  }

  @Mutation(() => CourtDocumentType, { description: "Withdraw a wrong upload: recipients lose access and are told why; the record stays" })
  @Policy(Capability.FILE_COURT_PAPERS)
  withdrawDocument(@Ctx() ctx: AuthorisedContext, @Arg("documentId", () => ID) documentId: string, @Arg("reason", () => String) reason: string) {
    if (!reason.trim() || reason.length > 2000) throw badInput("reason", "Give a reason (up to 2000 characters)");
    return service.withdrawDocument(ctx, documentId, reason.trim());
  }

  // Withdrawn documents keep their details from everyone but the side that filed them.
  @FieldResolver(() => String, { nullable: true })
  title(@Root() d: CourtDocument, @Ctx() ctx: AuthorisedContext) {
    return service.showsDetails(ctx, d) ? d.title : null;
  }

  @FieldResolver(() => String, { nullable: true })
  fileName(@Root() d: CourtDocument, @Ctx() ctx: AuthorisedContext) {
    return service.showsDetails(ctx, d) ? d.fileName : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Identified from the bytes" })
  contentType(@Root() d: CourtDocument, @Ctx() ctx: AuthorisedContext) {
    return service.showsDetails(ctx, d) ? d.contentType : null;
  }

  @FieldResolver(() => Number, { nullable: true })
  sizeBytes(@Root() d: CourtDocument, @Ctx() ctx: AuthorisedContext) {
    return service.showsDetails(ctx, d) ? Number(d.sizeBytes) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "SHA-256 of the content, hex" })
  sha256(@Root() d: CourtDocument, @Ctx() ctx: AuthorisedContext) {
    return service.showsDetails(ctx, d) ? d.sha256 : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "GET with your bearer token; null once withdrawn or quarantined" })
  downloadUrl(@Root() d: CourtDocument) {
    return !notWithdrawn(d) || d.scanStatus === PaperScanStatus.QUARANTINED ? null : `/documents/${d.id}/content`;
  }

  @FieldResolver(() => String, { nullable: true, description: "Why the scanner has not passed it yet (the filer's side, while held)" })
  scanProblem(@Root() d: CourtDocument, @Ctx() ctx: AuthorisedContext) {
    return service.isFilerSide(ctx.principal, d) && !isReleased(d) ? d.scanLastError : null;
  }

  @FieldResolver(() => [ChildType])
  async children(@Root() d: CourtDocument, @Ctx() ctx: AuthorisedContext) {
    const all = await ctx.loaders.childrenByProceedings.load(d.proceedingsId);
    return d.childIds.length ? all.filter((c) => d.childIds.includes(c.id)) : all;
  }

  @FieldResolver(() => ProceedingsType)
  proceedings(@Root() d: CourtDocument, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.proceedingsById.load(d.proceedingsId);
  }

  @FieldResolver(() => PersonType)
  filedBy(@Root() d: CourtDocument, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.userById.load(d.filedById);
  }

  @FieldResolver(() => [PaperDeliveryType], { description: "Who has it, who has read it, who has acknowledged it, what is overdue" })
  deliveries(@Root() d: CourtDocument, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.deliveriesByDocument.load(d.id);
  }
}

@Resolver(() => PaperDeliveryType)
export class PaperDeliveryResolver {
  @FieldResolver(() => CourtDocumentType)
  document(@Root() d: PaperDelivery, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.documentById.load(d.documentId);
  }

  @FieldResolver(() => Boolean, {
    description: "Reached the recipient within PAPERS_REACH_WITHIN_WORKING_DAYS working days (1) of the document's date, by today's calendar",
  })
  async reachedInTime(@Root() d: PaperDelivery, @Ctx() ctx: AuthorisedContext) {
    const doc = await ctx.loaders.documentById.load(d.documentId);
    const { calendar, config } = ctx.runtime;
    return !!doc && reachedInTime(calendar, d.deliveredOn, doc.documentDate, config.papersReachWithinWorkingDays);
  }

  @FieldResolver(() => PersonType, { nullable: true, description: "The IRO or guardian; null for the court" })
  person(@Root() d: PaperDelivery, @Ctx() ctx: AuthorisedContext) {
    return d.userId ? ctx.loaders.userById.load(d.userId) : null;
  }

  @FieldResolver(() => OrganisationType)
  organisation(@Root() d: PaperDelivery, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.organisationById.load(d.organisationId);
  }

  @FieldResolver(() => Boolean)
  overdue(@Root() d: PaperDelivery, @Ctx() ctx: AuthorisedContext) {
    return !d.acknowledgedAt && d.acknowledgeBy < ctx.today();
  }
}

@Resolver(() => UploadSlotType)
export class UploadSlotResolver {
  @FieldResolver(() => String)
  uploadUrl(@Root() s: UploadSlot) {
    return `/uploads/${s.id}`;
  }

  @FieldResolver(() => Number)
  maxBytes(@Root() _s: UploadSlot, @Ctx() ctx: AuthorisedContext) {
    return ctx.runtime.config.maxUploadBytes;
  }

  @FieldResolver(() => CourtDocumentType, { nullable: true, description: "The document, once the upload has completed (a retry sees it)" })
  document(@Root() s: UploadSlot, @Ctx() ctx: AuthorisedContext) {
    return s.state === "COMPLETED" ? service.requireDocument(ctx, s.documentId) : null;
  }
}

@Resolver(() => CasePaperCountsType)
export class CasePaperCountsResolver {
  @FieldResolver(() => ProceedingsType)
  proceedings(@Root() c: { proceedingsId: string }, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.proceedingsById.load(c.proceedingsId);
  }
}

@Resolver(() => IroPaperFiguresType)
export class IroPaperFiguresResolver {
  @FieldResolver(() => PersonType)
  iro(@Root() r: { userId: string }, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.userById.load(r.userId);
  }
}
