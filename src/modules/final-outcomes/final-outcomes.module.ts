import DataLoader from "dataloader";
import { EntityManager, In } from "typeorm";
import type { HubModule } from "../../core/module";
import { loaderGroupedBy } from "../../core/loader-factories";
import { FinalOutcome, ORDERS_WITH_A_PLAN_TO_MONITOR } from "./final-outcome.entity";
import { ChildOutcomeResolver, FinalOutcomesResolver } from "./final-outcomes.resolver";

// What this module offers the others (they import it only from here).
export { FinalOutcome, ORDERS_WITH_A_PLAN_TO_MONITOR } from "./final-outcome.entity";
export { monitoredOrder, outcomeOf, outcomesOf } from "./final-outcomes.service";
export { FinalOutcomeType } from "./final-outcomes.types";

const loaders = (em: () => EntityManager) => ({
  finalOutcomeByChild: loaderGroupedBy(em, FinalOutcome, "childId", { id: "ASC" }),
  /** The final order whose plan is being monitored, per child (null when none yet). */
  monitoredOrderByChild: new DataLoader<string, FinalOutcome | null>(async (ids) => {
    const rows = await em().findBy(FinalOutcome, { childId: In([...ids]) });
    return ids.map((id) => rows.find((o) => o.childId === id && ORDERS_WITH_A_PLAN_TO_MONITOR.includes(o.orderType)) ?? null);
  }),
});

declare module "../../core/loaders" {
  interface Loaders extends ReturnType<typeof loaders> {}
}

export const finalOutcomesModule: HubModule = {
  name: "final-outcomes",
  entities: [FinalOutcome],
  resolvers: [FinalOutcomesResolver, ChildOutcomeResolver],
  loaders,
};
