import { EntityManager } from "typeorm";
import type { HubModule } from "../../core/module";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { loaderGroupedBy } from "../../core/loader-factories";
import { PostOrderChange, PostOrderChangeRecipient } from "./post-order-change.entity";
import { PostOrderChangesResolver, RecipientResolver } from "./post-order-changes.resolver";
import { raiseForCarePlanVersion, raiseForSignificantEvent } from "./post-order-changes.service";

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
  handlers: [
    { name: "post-order-changes: a care plan version after the order", kinds: [CaseEventKind.CARE_PLAN_VERSION_RECORDED], handle: raiseForCarePlanVersion },
    {
      name: "post-order-changes: a significant event that changes the plan after the order",
      kinds: [CaseEventKind.SIGNIFICANT_EVENT_RECORDED],
      handle: raiseForSignificantEvent,
    },
  ],
};
