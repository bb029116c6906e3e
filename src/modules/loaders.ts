import DataLoader from "dataloader";
import { EntityManager } from "typeorm";
import { Principal } from "../core/auth/principal";
import { childAccessPredicate } from "../core/access/case-access";
import { loaderById, loaderGroupedBy } from "../core/loader-factories";
import { Organisation } from "./directory/organisation.entity";
import { HubUser } from "./directory/hub-user.entity";
import { Proceedings } from "./proceedings/proceedings.entity";
import { Child } from "./proceedings/child.entity";
import { Hearing } from "./proceedings/hearing.entity";
import { TimetableExtension } from "./proceedings/timetable-extension.entity";
import { Appointment } from "./appointments/appointment.entity";
import { ProtocolNotice } from "./protocol/protocol-notice.entity";
import { CarePlanVersion } from "./care-plans/care-plan-version.entity";
import { FinalOutcome } from "./final-outcomes/final-outcome.entity";
import { PostOrderChangeRecipient } from "./post-order-changes/post-order-change.entity";
import { SignificantEvent } from "./significant-events/significant-event.entity";
import { CourtDocument, PaperDelivery } from "./court-papers/court-document.entity";
import { LiaisonAction } from "./liaison/liaison.entity";
import { ReviewDecision } from "./reviews/review.entity";
import { DisputeStage } from "./challenges/challenge.entity";

// Loaders only fetch rows of cases the caller has already been allowed to see: access is
// checked where a case enters the request (a root query), never per nested field.
export function createLoaders(em: () => EntityManager, caller: () => { principal: Principal | null; today: string }) {
  return {
    /**
     * Whether the caller may see a child's own records, for nested fields that reach them from
     * somewhere else (a final outcome's approved care plan on a sibling's page, say).
     */
    childRecordsVisible: new DataLoader<string, boolean>(async (ids) => {
      const { principal, today } = caller();
      if (!principal) return ids.map(() => false);
      const access = childAccessPredicate(principal, today, "c", "p");
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
    organisationById: loaderById(em, Organisation),
    userById: loaderById(em, HubUser),
    proceedingsById: loaderById(em, Proceedings),
    childrenByProceedings: loaderGroupedBy(em, Child, "proceedingsId", { familyName: "ASC", givenName: "ASC", id: "ASC" }),
    hearingsByProceedings: loaderGroupedBy(em, Hearing, "proceedingsId", { date: "ASC", id: "ASC" }),
    extensionsByProceedings: loaderGroupedBy(em, TimetableExtension, "proceedingsId", { grantedOn: "ASC", id: "ASC" }),
    appointmentsByProceedings: loaderGroupedBy(em, Appointment, "proceedingsId", { startsOn: "ASC", id: "ASC" }),
    // Notices of one transaction share sentAt; the step (enum order) keeps step 1 before step 2.
    noticesByProceedings: loaderGroupedBy(em, ProtocolNotice, "proceedingsId", { sentAt: "ASC", step: "ASC", id: "ASC" }),
    childById: loaderById(em, Child),
    decisionsByReview: loaderGroupedBy(em, ReviewDecision, "reviewId", { dueOn: "ASC", id: "ASC" }),
    stagesByDispute: loaderGroupedBy(em, DisputeStage, "disputeId", { stageOrder: "ASC" }),
    actionsByLiaison: loaderGroupedBy(em, LiaisonAction, "liaisonId", { dueOn: "ASC", id: "ASC" }),
    documentById: loaderById(em, CourtDocument),
    deliveriesByDocument: loaderGroupedBy(em, PaperDelivery, "documentId", { deliveredAt: "ASC", id: "ASC" }),
    carePlanVersionById: loaderById(em, CarePlanVersion),
    significantEventById: loaderById(em, SignificantEvent),
    finalOutcomeByChild: loaderGroupedBy(em, FinalOutcome, "childId", { id: "ASC" }),
    recipientsByChange: loaderGroupedBy(em, PostOrderChangeRecipient, "changeId", { role: "ASC" }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
