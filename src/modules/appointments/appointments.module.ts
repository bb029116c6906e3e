import DataLoader from "dataloader";
import { EntityManager } from "typeorm";
import type { HubModule, LoaderCaller } from "../../core/module";
import { CaseEventKind } from "../../core/events/case-event-kind";
import { loaderGroupedBy } from "../../core/loader-factories";
import { Appointment } from "./appointment.entity";
import { AppointmentsResolver, ChildPartiesResolver, ProceedingsPartiesResolver } from "./appointments.resolver";
import { appointmentCaseAccess } from "./appointment-access";
import { appointmentAttention, endGuardianAfterOrder, putOrganisationsOnCase } from "./appointments.service";

// What this module offers the others (they import it only from here).
export { Appointment, AppointmentRole, isCurrent } from "./appointment.entity";
export { appointmentCaseAccess, managerScope, runsOn } from "./appointment-access";
export {
  IRO_CASELOAD_BENCHMARK,
  allocateGuardian,
  allocateSocialWorker,
  appointIro,
  appointeesOnCase,
  appointmentById,
  appointmentsOfChild,
  appointmentsOfChildren,
  callerRoleFor,
  currentAppointee,
  currentAppointees,
  requireAppointee,
  withinCaseloadBenchmark,
} from "./appointments.service";

const loaders = (em: () => EntityManager, caller: () => LoaderCaller) => ({
  appointmentsByProceedings: loaderGroupedBy(em, Appointment, "proceedingsId", { startsOn: "ASC", id: "ASC" }),
  /**
   * Whether the caller may see a child's own records, for nested fields that reach them from
   * somewhere else (a final outcome's approved care plan on a sibling's page, say).
   */
  childRecordsVisible: new DataLoader<string, boolean>(async (ids) => {
    const { principal, today } = caller();
    if (!principal) return ids.map(() => false);
    const access = appointmentCaseAccess.childRecords(principal, today, "c", "p");
    const rows: { id: string }[] = await em()
      .createQueryBuilder()
      .select("c.id", "id")
      .from("child", "c")
      .innerJoin("proceedings", "p", "p.id = c.proceedings_id")
      .where("c.id IN (:...ids)", { ids: [...ids] })
      .andWhere(access.sql, access.params)
      .getRawMany();
    const visible = new Set(rows.map((r) => r.id));
    return ids.map((id) => visible.has(id));
  }),
});

declare module "../../core/loaders" {
  interface Loaders extends ReturnType<typeof loaders> {}
}

export const appointmentsModule: HubModule = {
  name: "appointments",
  attentionItems: appointmentAttention,
  entities: [Appointment],
  resolvers: [AppointmentsResolver, ProceedingsPartiesResolver, ChildPartiesResolver],
  loaders,
  caseAccess: appointmentCaseAccess,
  handlers: [
    {
      name: "appointments: the legal department and the court go on a new case",
      kinds: [CaseEventKind.PROCEEDINGS_REGISTERED],
      handle: putOrganisationsOnCase,
    },
    {
      name: "appointments: the guardian stays for the post-order window, then goes",
      kinds: [CaseEventKind.FINAL_OUTCOME_RECORDED],
      handle: endGuardianAfterOrder,
    },
  ],
};
