import { EntityManager } from "typeorm";
import type { HubModule } from "../../core/module";
import { loaderGroupedBy } from "../../core/loader-factories";
import { LookedAfterRecord, Review, ReviewDecision } from "./review.entity";
import { CaseloadChildResolver, ReviewsResolver } from "./reviews.resolver";
import { raiseReviewOverdues } from "./reviews.service";

// What this module offers the others (they import it only from here).
export { Review } from "./review.entity";
export { recordLookedAfterSince, recordReview, scheduleFor, schedulesOfChildren } from "./reviews.service";

const loaders = (em: () => EntityManager) => ({
  decisionsByReview: loaderGroupedBy(em, ReviewDecision, "reviewId", { dueOn: "ASC", id: "ASC" }),
});

declare module "../../core/loaders" {
  interface Loaders extends ReturnType<typeof loaders> {}
}

/** The statutory review cycle of a looked-after child, the IRO's reviews and caseload. */
export const reviewsModule: HubModule = {
  name: "reviews",
  entities: [LookedAfterRecord, Review, ReviewDecision],
  resolvers: [ReviewsResolver, CaseloadChildResolver],
  loaders,
  jobs: [{ name: "overdue reviews and review decisions", everyMs: (c) => c.overdueCheckIntervalMs, run: raiseReviewOverdues }],
};
