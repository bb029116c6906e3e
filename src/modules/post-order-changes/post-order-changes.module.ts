import { EntityManager } from "typeorm";
import type { HubModule } from "../../core/module";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { Role } from "../../core/access/roles";
import { loaderGroupedBy } from "../../core/loader-factories";
import { PostOrderChange, PostOrderChangeRecipient } from "./post-order-change.entity";
import { PostOrderChangesResolver, RecipientResolver } from "./post-order-changes.resolver";
import { changeAttention, raiseForCarePlanVersion, raiseForSignificantEvent } from "./post-order-changes.service";

// What this module offers the others (they import it only from here).
export { acknowledgementsFor, acknowledgementsForChildren, recipientsOfChange } from "./post-order-changes.service";

const loaders = (em: () => EntityManager) => ({
  recipientsByChange: loaderGroupedBy(em, PostOrderChangeRecipient, "changeId", { role: "ASC" }),
});

declare module "../../core/loaders" {
  interface Loaders extends ReturnType<typeof loaders> {}
}

export const postOrderChangesModule: HubModule = {
  name: "post-order-changes",
  entities: [PostOrderChange, PostOrderChangeRecipient],
  resolvers: [PostOrderChangesResolver, RecipientResolver],
  loaders,
  // Post-order changes the caller (or, for the court, their court) has not acknowledged.
  attention: (principal, today, caseAlias) => ({
    sql: `EXISTS (SELECT 1 FROM post_order_change att_c JOIN post_order_change_recipient att_r ON att_r.change_id = att_c.id
                   WHERE att_c.proceedings_id = ${caseAlias}.id AND att_r.acknowledged_at IS NULL
                     AND (att_r.user_id = :attUser OR (att_r.role = 'COURT' AND att_r.organisation_id = :attOrg AND :attCourt)
                          OR (:attManager AND att_r.organisation_id = :attOrg AND att_r.user_id IS NOT NULL AND att_c.acknowledge_by < CAST(:attToday AS date))))`,
    params: {
      attUser: principal.userId,
      attOrg: principal.organisationId,
      attCourt: principal.roles.includes(Role.COURT),
      attManager: principal.roles.includes(Role.IRO_MANAGER) || principal.roles.includes(Role.CAFCASS_MANAGER),
      attToday: today,
    },
  }),
  attentionItems: changeAttention,
  handlers: [
    { name: "post-order-changes: a care plan version after the order", kinds: [CaseEventKind.CARE_PLAN_VERSION_RECORDED], handle: raiseForCarePlanVersion },
    {
      name: "post-order-changes: a significant event that changes the plan after the order",
      kinds: [CaseEventKind.SIGNIFICANT_EVENT_RECORDED],
      handle: raiseForSignificantEvent,
    },
  ],
};
