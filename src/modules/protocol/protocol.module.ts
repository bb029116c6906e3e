import { EntityManager } from "typeorm";
import type { HubModule } from "../../core/module";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { noticesForAppointment } from "./protocol.service";
import { loaderGroupedBy } from "../../core/loader-factories";
import { ProtocolNotice } from "./protocol-notice.entity";
import { ChildNoticesResolver, ProceedingsNoticesResolver, ProtocolNoticeResolver } from "./protocol.resolver";

// What this module offers the others (they import it only from here).
export { ProtocolNotice } from "./protocol-notice.entity";
export { noticesOfChild, noticesOfChildren } from "./protocol.service";

const loaders = (em: () => EntityManager) => ({
  // Notices of one transaction share sentAt; the step (enum order) keeps step 1 before step 2.
  noticesByProceedings: loaderGroupedBy(em, ProtocolNotice, "proceedingsId", { sentAt: "ASC", step: "ASC", id: "ASC" }),
});

declare module "../../core/loaders" {
  interface Loaders extends ReturnType<typeof loaders> {}
}

export const protocolModule: HubModule = {
  name: "protocol",
  entities: [ProtocolNotice],
  resolvers: [ProtocolNoticeResolver, ProceedingsNoticesResolver, ChildNoticesResolver],
  loaders,
  handlers: [{ name: "protocol: IRO known to the court, IRO and guardian introduced", kinds: [CaseEventKind.APPOINTMENT_MADE], handle: noticesForAppointment }],
};
