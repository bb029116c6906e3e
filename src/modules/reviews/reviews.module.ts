import { EntityManager } from "typeorm";
import type { HubModule } from "../../core/module";
import { loaderGroupedBy } from "../../core/loader-factories";
import { LookedAfterRecord, Review, ReviewDecision } from "./review.entity";
import { CaseloadChildResolver, ReviewsResolver } from "./reviews.resolver";
import { raiseReviewOverdues } from "./reviews.service";
import { Role } from "../../core/access/roles";
import { teamDecisionOverdueSql, teamReviewAttention } from "./caseload.service";

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
  // An IRO manager's cases where the team's review decisions are past their date.
  attention: (principal, today, caseAlias) => ({
    sql: `(:attIroManager AND EXISTS (SELECT 1 FROM review_decision att_rd JOIN child att_rc ON att_rc.id = att_rd.child_id
                                        WHERE att_rc.proceedings_id = ${caseAlias}.id AND ${teamDecisionOverdueSql("att_rd", ":attOrg", ":attToday")}))`,
    params: { attIroManager: principal.roles.includes(Role.IRO_MANAGER), attOrg: principal.organisationId, attToday: today },
  }),
  attentionItems: teamReviewAttention,
  jobs: [{ name: "overdue reviews and review decisions", everyMs: (c) => c.overdueCheckIntervalMs, run: raiseReviewOverdues }],
};
