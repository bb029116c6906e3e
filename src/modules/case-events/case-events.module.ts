import type { HubModule } from "../../core/module";
import { CaseEventsResolver } from "./case-events.resolver";

export const caseEventsModule: HubModule = {
  name: "case-events",
  resolvers: [CaseEventsResolver],
};
