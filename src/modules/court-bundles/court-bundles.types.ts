import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from "type-graphql";
import { BundleSection, BundleStatus } from "./court-bundle.entity";

@ObjectType("CourtBundle", { description: "The court bundle for a hearing (FPR PD27A), as the legal department assembles and builds it" })
export class CourtBundleType {
  @Field(() => ID) id: string;
  @Field(() => BundleStatus) status: BundleStatus;
  @Field(() => Int, { description: "The version the next build files (or the last one did)" }) version: number;
  @Field(() => Int, { nullable: true, description: "More pages than PD27A's limit, as the court directed" }) directionPages: number | null;
  @Field(() => String, { nullable: true, description: "The court's direction: which order, and its date" }) directionNote: string | null;
  @Field(() => Int, { description: "Papers done so far in the build under way" }) progressDone: number;
  @Field(() => Int) progressTotal: number;
  @Field(() => String, { nullable: true, description: "Why the last build failed" }) failure: string | null;
  @Field(() => Int, { nullable: true, description: "Pages of the built file, the index's included" }) pageCount: number | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) builtAt: Date | null;
}

@ObjectType("CourtBundleItem", { description: "A paper in a bundle: its section, place and, once built, its pages" })
export class CourtBundleItemType {
  @Field(() => BundleSection) section: BundleSection;
  @Field(() => Int) position: number;
  @Field(() => Boolean, { description: "Added after a version of the bundle was lodged" }) late: boolean;
  @Field(() => Boolean, { nullable: true, description: "Whether the last build included it (null before a build)" }) included: boolean | null;
  @Field(() => String, { nullable: true, description: "Why it was not included (a Word document, an unreadable file)" }) notIncludedReason: string | null;
  @Field(() => String, { nullable: true, description: "Its first page's bundle number, e.g. C4" }) firstPage: string | null;
  @Field(() => String, { nullable: true }) lastPage: string | null;
  @Field(() => Int, { nullable: true }) pages: number | null;
  documentId: string;
}

@ObjectType("SuggestedBundleItem", { description: "A paper that may go in a hearing's bundle, in its usual section" })
export class SuggestedBundleItemType {
  @Field(() => BundleSection) section: BundleSection;
  documentId: string;
}

@InputType("BundleItemInput")
export class BundleItemInput {
  @Field(() => ID) documentId: string;
  @Field(() => BundleSection) section: BundleSection;
}

@InputType("SaveCourtBundleInput", { description: "The papers for a hearing's bundle, in order within each section" })
export class SaveCourtBundleInput {
  @Field(() => ID) hearingId: string;
  @Field(() => [BundleItemInput]) items: BundleItemInput[];
  @Field(() => Int, { nullable: true, description: "Pages the court's direction allows beyond PD27A's limit" }) directionPages?: number | null;
  @Field(() => String, { nullable: true, description: "Which direction: the order and its date" }) directionNote?: string | null;
}
