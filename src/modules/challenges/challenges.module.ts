import { EntityManager } from "typeorm";
import { AttentionItem, AttentionKind, attentionIf } from "../../core/attention";
import type { AuthorisedContext } from "../../core/context";
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
/** Dispute stages naming the caller that they have not answered (overdue: past their respond-by date). */
async function disputeAttention(ctx: AuthorisedContext): Promise<AttentionItem[]> {
  const [row]: { count: number; overdue: number }[] = await ctx.em.query(
    `SELECT count(*)::int AS count, (count(*) FILTER (WHERE s.respond_by < $2))::int AS overdue
       FROM dispute_stage s JOIN dispute d ON d.id = s.dispute_id
      WHERE s.responder_id = $1 AND s.responded_at IS NULL AND d.status <> 'RESOLVED'`,
    [ctx.principal.userId, ctx.today()],
  );
  return attentionIf(AttentionKind.DISPUTE_STAGES_TO_ANSWER, row);
}

export const challengesModule: HubModule = {
  name: "challenges",
  attentionItems: disputeAttention,
  entities: [Dispute, DisputeStage, CafcassReferral],
  resolvers: [ChallengesResolver, DisputeStageResolver],
  loaders,
  jobs: [{ name: "overdue dispute stages and referral decisions", everyMs: (c) => c.overdueCheckIntervalMs, run: raiseChallengeOverdues }],
};
