import type { HubModule } from "../../core/module";
import { AuditTrailResolver } from "./audit-trail.resolver";
import { signAuditCheckpoint } from "./audit-trail.service";

// What this module offers the others (and the tests): the checkpoint job, to run on demand.
export { signAuditCheckpoint } from "./audit-trail.service";

export const auditTrailModule: HubModule = {
  name: "audit-trail",
  resolvers: [AuditTrailResolver],
  jobs: [{ name: "sign audit checkpoint", everyMs: (c) => c.auditCheckpointIntervalMs, run: signAuditCheckpoint }],
};
