import type { HubModule } from "../../core/module";
import { DisposalCertificate, LegalHold, RetentionSchedule, SubjectAccessRequest } from "./records.entity";
import { RecordsResolver } from "./records.resolver";
import { applyRetentionPeriods } from "./records.service";

// Records management: retention classes and dates, legal holds, disposal with certificates. It
// comes after every module that holds a child's records: it removes theirs (read from the
// database's catalogue, so a new record kind is disposed of with the rest).

export { retentionOf, RetentionClass } from "./retention";

export const recordsModule: HubModule = {
  name: "records",
  entities: [LegalHold, DisposalCertificate, RetentionSchedule, SubjectAccessRequest],
  resolvers: [RecordsResolver],
  jobs: [{ name: "apply retention periods", everyMs: () => 6 * 60 * 60_000, run: applyRetentionPeriods }],
};
