import { EntityManager } from "typeorm";
import type { HubModule } from "../../core/module";
import { loaderById, loaderGroupedBy } from "../../core/loader-factories";
import { Proceedings } from "./proceedings.entity";
import { Child } from "./child.entity";
import { Hearing } from "./hearing.entity";
import { TimetableExtension } from "./timetable-extension.entity";
import { ChildResolver, ProceedingsResolver } from "./proceedings.resolver";
import { hearingAttention } from "./proceedings.service";

// What this module offers the others (they import it only from here).
export { Child } from "./child.entity";
export { Hearing } from "./hearing.entity";
export { requireChild, requireChildRecords, requireProceedings } from "./proceedings.access";
export { Proceedings } from "./proceedings.entity";
export { ApplicationType, HearingType, ProceedingsStatus } from "./proceedings.enums";
export { closeProceedings, hearingsOf, hearingsOfCases, recordHearing, registerProceedings } from "./proceedings.service";
export { ChildType, ProceedingsType } from "./proceedings.types";

const loaders = (em: () => EntityManager) => ({
  proceedingsById: loaderById(em, Proceedings),
  childById: loaderById(em, Child),
  childrenByProceedings: loaderGroupedBy(em, Child, "proceedingsId", { familyName: "ASC", givenName: "ASC", id: "ASC" }),
  hearingsByProceedings: loaderGroupedBy(em, Hearing, "proceedingsId", { date: "ASC", id: "ASC" }),
  extensionsByProceedings: loaderGroupedBy(em, TimetableExtension, "proceedingsId", { grantedOn: "ASC", id: "ASC" }),
});

declare module "../../core/loaders" {
  interface Loaders extends ReturnType<typeof loaders> {}
}

export const proceedingsModule: HubModule = {
  name: "proceedings",
  attentionItems: hearingAttention,
  entities: [Proceedings, Child, Hearing, TimetableExtension],
  resolvers: [ProceedingsResolver, ChildResolver],
  loaders,
};
