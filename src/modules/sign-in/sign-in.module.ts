import type { HubModule } from "../../core/module";
import { SignInResolver } from "./sign-in.resolver";

export const signInModule: HubModule = {
  name: "sign-in",
  resolvers: [SignInResolver],
};
