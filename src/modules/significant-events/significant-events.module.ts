import { EntityManager } from "typeorm";
import type { HubModule } from "../../core/module";
import { loaderById } from "../../core/loader-factories";
import { SignificantEvent } from "./significant-event.entity";
import { SignificantEventsResolver } from "./significant-events.resolver";

// What this module offers the others (they import it only from here).
export { SignificantEvent } from "./significant-event.entity";
export { SignificantEventType } from "./significant-events.resolver";

const loaders = (em: () => EntityManager) => ({
  significantEventById: loaderById(em, SignificantEvent),
});

declare module "../../core/loaders" {
  interface Loaders extends ReturnType<typeof loaders> {}
}

export const significantEventsModule: HubModule = {
  name: "significant-events",
  entities: [SignificantEvent],
  resolvers: [SignificantEventsResolver],
  loaders,
};
