import { EntityManager } from "typeorm";
import type { HubModule } from "../../core/module";
import { loaderGroupedBy } from "../../core/loader-factories";
import { LiaisonAction, LiaisonRecord } from "./liaison.entity";
import { LiaisonActionResolver, LiaisonResolver } from "./liaison.resolver";
import { raiseOverdueProtocolSteps } from "./liaison.service";
import { refreshComplianceRollup } from "./compliance.service";

// What this module offers the others (they import it only from here).
export type { ComplianceFigures } from "./compliance.service";
export { checklistOfChild, checklistsOfChildren } from "./liaison.service";
export { ChecklistStatus } from "./checklist";
export { STEP_TITLES } from "./liaison.entity";

const loaders = (em: () => EntityManager) => ({
  actionsByLiaison: loaderGroupedBy(em, LiaisonAction, "liaisonId", { dueOn: "ASC", id: "ASC" }),
});

declare module "../../core/loaders" {
  interface Loaders extends ReturnType<typeof loaders> {}
}

/** IRO-guardian liaison as the Good Practice Protocol expects, its checklist and the balcony view. */
export const liaisonModule: HubModule = {
  name: "liaison",
  entities: [LiaisonRecord, LiaisonAction],
  resolvers: [LiaisonResolver, LiaisonActionResolver],
  loaders,
  jobs: [
    { name: "overdue protocol steps", everyMs: (c) => c.overdueCheckIntervalMs, run: raiseOverdueProtocolSteps },
    // The balcony view brings its rollup up to date before counting anyway; doing it every
    // minute keeps that to a few children (and builds it after a migration or calendar change).
    {
      name: "compliance rollup",
      everyMs: () => 60_000,
      run: (ctx) => refreshComplianceRollup(ctx.runtime.dataSource.manager, ctx.today(), ctx.runtime.config.papersReachWithinWorkingDays),
    },
  ],
};
