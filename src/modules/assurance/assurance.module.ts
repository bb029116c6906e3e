import type { HubModule } from "../../core/module";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { AssuranceStatement } from "./assurance-statement.entity";
import { AssuranceResolver, CourtAssuranceResolver } from "./assurance.resolver";
import { draftStatementForReview } from "./assurance.service";

/** What the court is told after the order: statements from post-order reviews, and its overview. */
export const assuranceModule: HubModule = {
  name: "assurance",
  entities: [AssuranceStatement],
  resolvers: [AssuranceResolver, CourtAssuranceResolver],
  handlers: [
    {
      name: "assurance: a review after a monitored order drafts the court's statement",
      kinds: [CaseEventKind.REVIEW_RECORDED],
      handle: draftStatementForReview,
    },
  ],
};
