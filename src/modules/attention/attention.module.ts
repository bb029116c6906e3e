import type { HubModule } from "../../core/module";
import { AttentionResolver } from "./attention.resolver";

/** "Needs your attention" for every role: asks every module what of its own waits for the caller. */
export const attentionModule: HubModule = {
  name: "attention",
  resolvers: [AttentionResolver],
};
