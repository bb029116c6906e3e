import { EntityManager } from "typeorm";
import type { HubModule } from "../../core/module";
import { loaderById } from "../../core/loader-factories";
import { CarePlanVersion } from "./care-plan-version.entity";
import { CarePlansResolver } from "./care-plans.resolver";

// What this module offers the others (they import it only from here).
export { CarePlanStatus, CarePlanVersion } from "./care-plan-version.entity";
export { visibleTo } from "./care-plans.service";
export { CarePlanVersionType } from "./care-plans.types";

const loaders = (em: () => EntityManager) => ({
  carePlanVersionById: loaderById(em, CarePlanVersion),
});

declare module "../../core/loaders" {
  interface Loaders extends ReturnType<typeof loaders> {}
}

export const carePlansModule: HubModule = {
  name: "care-plans",
  entities: [CarePlanVersion],
  resolvers: [CarePlansResolver],
  loaders,
};
