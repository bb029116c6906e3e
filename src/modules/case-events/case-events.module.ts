import type { HubModule } from "../../core/module";
import { CaseEventsResolver } from "./case-events.resolver";

// What this module offers the others.
export { entitledEvents, toEventView } from "./case-events.service";

export const caseEventsModule: HubModule = {
  name: "case-events",
  resolvers: [CaseEventsResolver],
};
