import { EntityManager } from "typeorm";
import type { HubModule } from "../../core/module";
import { loaderGroupedBy } from "../../core/loader-factories";
import { CafcassReferral, Dispute, DisputeStage } from "./challenge.entity";
import { ChallengesResolver, DisputeStageResolver } from "./challenges.resolver";
import { raiseChallengeOverdues } from "./challenges.service";

// What this module offers the others (they import it only from here).
export { CafcassReferral, Dispute, DisputeStage, OPEN_DISPUTE_STATUSES, OPEN_REFERRAL_STATUSES, ReferralStatus, openDisputeSql } from "./challenge.entity";
export { raiseChallengeOverdues } from "./challenges.service";

const loaders = (em: () => EntityManager) => ({
  stagesByDispute: loaderGroupedBy(em, DisputeStage, "disputeId", { stageOrder: "ASC" }),
});

declare module "../../core/loaders" {
  interface Loaders extends ReturnType<typeof loaders> {}
}

/** The IRO's challenge route: dispute resolution with the local authority, referral to Cafcass. */
export const challengesModule: HubModule = {
  name: "challenges",
  entities: [Dispute, DisputeStage, CafcassReferral],
  resolvers: [ChallengesResolver, DisputeStageResolver],
  loaders,
  jobs: [{ name: "overdue dispute stages and referral decisions", everyMs: (c) => c.overdueCheckIntervalMs, run: raiseChallengeOverdues }],
};
