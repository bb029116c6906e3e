import type { HubModule } from "../../core/module";
import { AuditTrailResolver } from "./audit-trail.resolver";

export const auditTrailModule: HubModule = {
  name: "audit-trail",
  resolvers: [AuditTrailResolver],
};
