import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { AuthorisedContext } from "../../core/context";
import { Policy } from "../../core/access/policy";
import { Capability } from "../../core/access/permissions";
import { LocalDateScalar } from "../../core/scalars";
import { CourtDocumentType } from "../court-papers/court-papers.module";
import { CourtBundle, CourtBundleItem } from "./court-bundle.entity";
import { CourtBundleItemType, CourtBundleType, SaveCourtBundleInput, SuggestedBundleItemType } from "./court-bundles.types";
import * as service from "./court-bundles.service";

@Resolver(() => CourtBundleType)
export class CourtBundlesResolver {
  @Query(() => [CourtBundleType], { description: "The legal department's bundles on a case, one per hearing" })
  @Policy(Capability.BUILD_COURT_BUNDLES)
  courtBundles(@Ctx() ctx: AuthorisedContext, @Arg("proceedingsId", () => ID) proceedingsId: string) {
    return service.bundlesOfCase(ctx, proceedingsId);
  }

  @Query(() => CourtBundleType, { nullable: true, description: "A hearing's bundle, if one was started" })
  @Policy(Capability.BUILD_COURT_BUNDLES)
  courtBundleForHearing(@Ctx() ctx: AuthorisedContext, @Arg("hearingId", () => ID) hearingId: string) {
    return service.bundleForHearing(ctx, hearingId);
  }

  @Query(() => [SuggestedBundleItemType], {
    description: "Every paper that may go in a hearing's bundle (released, the latest version of each), in its usual section, earliest first",
  })
  @Policy(Capability.BUILD_COURT_BUNDLES)
  async suggestedBundle(@Ctx() ctx: AuthorisedContext, @Arg("hearingId", () => ID) hearingId: string) {
    return (await service.suggestedBundle(ctx, hearingId)).map((s) => ({ section: s.section, documentId: s.document.id }));
  }

  @Mutation(() => CourtBundleType, { description: "Choose and order the papers of a hearing's bundle (a new draft; a built bundle's next version)" })
  @Policy(Capability.BUILD_COURT_BUNDLES)
  saveCourtBundle(@Ctx() ctx: AuthorisedContext, @Arg("input", () => SaveCourtBundleInput) input: SaveCourtBundleInput) {
    return service.saveBundle(ctx, input);
  }

  @Mutation(() => CourtBundleType, { description: "Build the bundle as one PDF and file it (a background job: follow `status` and `progressDone`)" })
  @Policy(Capability.BUILD_COURT_BUNDLES)
  buildCourtBundle(@Ctx() ctx: AuthorisedContext, @Arg("bundleId", () => ID) bundleId: string) {
    return service.buildBundle(ctx, bundleId);
  }

  @FieldResolver(() => [CourtBundleItemType])
  items(@Root() b: CourtBundle, @Ctx() ctx: AuthorisedContext) {
    return service.itemsOf(ctx, b.id);
  }

  @FieldResolver(() => CourtDocumentType, { nullable: true, description: "The paper the last build filed" })
  document(@Root() b: CourtBundle, @Ctx() ctx: AuthorisedContext) {
    return b.documentId ? ctx.loaders.documentById.load(b.documentId) : null;
  }

  @FieldResolver(() => LocalDateScalar, { description: "When it must be lodged: BUNDLE_LODGE_WORKING_DAYS working days before the hearing (PD27A)" })
  lodgeBy(@Root() b: CourtBundle, @Ctx() ctx: AuthorisedContext) {
    return service.lodgeBy(ctx, b);
  }

  @FieldResolver(() => LocalDateScalar, { nullable: true, description: "When the current version reached the court (released after its scan)" })
  lodgedOn(@Root() b: CourtBundle, @Ctx() ctx: AuthorisedContext) {
    return service.lodgedOn(ctx, b);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: "Lodged by the date due; null until lodged" })
  async lodgedOnTime(@Root() b: CourtBundle, @Ctx() ctx: AuthorisedContext) {
    const on = await service.lodgedOn(ctx, b);
    return on ? on <= (await service.lodgeBy(ctx, b)) : null;
  }
}

@Resolver(() => CourtBundleItemType)
export class CourtBundleItemResolver {
  @FieldResolver(() => CourtDocumentType)
  document(@Root() i: CourtBundleItem, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.documentById.load(i.documentId);
  }
}

@Resolver(() => SuggestedBundleItemType)
export class SuggestedBundleItemResolver {
  @FieldResolver(() => CourtDocumentType)
  document(@Root() i: { documentId: string }, @Ctx() ctx: AuthorisedContext) {
    return ctx.loaders.documentById.load(i.documentId);
  }
}
