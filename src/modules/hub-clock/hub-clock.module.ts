import type { HubModule } from "../../core/module";
import { HubClockResolver } from "./hub-clock.resolver";

/** The hub's clock, readable by everyone and settable outside production (checks and demonstrations). */
export const hubClockModule: HubModule = {
  name: "hub-clock",
  resolvers: [HubClockResolver],
};
