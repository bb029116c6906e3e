import type { HubModule } from "../../core/module";
import { CourtBundle, CourtBundleItem } from "./court-bundle.entity";
import { CourtBundleItemResolver, CourtBundlesResolver, SuggestedBundleItemResolver } from "./court-bundles.resolver";
import { buildQueuedBundles } from "./court-bundles.service";

// What this module offers the others (and the benchmark).
export { buildInWorker } from "./bundle-worker";
export type { BundlePaper, SectionLetter } from "./bundle-pdf";

// Court bundles (FPR PD27A), built from the papers the court-papers module holds and filed back
// through it as papers of their own.

export const courtBundlesModule: HubModule = {
  name: "court-bundles",
  entities: [CourtBundle, CourtBundleItem],
  resolvers: [CourtBundlesResolver, CourtBundleItemResolver, SuggestedBundleItemResolver],
  // A build is started as soon as it is asked for; the job takes over builds a process left
  // (it died mid-build: the lease lapses) and any that were queued meanwhile.
  jobs: [{ name: "build court bundles", everyMs: () => 30_000, run: buildQueuedBundles }],
};
