import { AuditEntry } from "../audit/audit-entry.entity";
import { CaseEvent } from "../events/case-event.entity";
import { TrustedIssuer } from "../../modules/directory/trusted-issuer.entity";
import { Organisation } from "../../modules/directory/organisation.entity";
import { HubUser } from "../../modules/directory/hub-user.entity";
import { Proceedings } from "../../modules/proceedings/proceedings.entity";
import { Child } from "../../modules/proceedings/child.entity";
import { Hearing } from "../../modules/proceedings/hearing.entity";
import { TimetableExtension } from "../../modules/proceedings/timetable-extension.entity";
import { Appointment } from "../../modules/appointments/appointment.entity";
import { ProtocolNotice } from "../../modules/protocol/protocol-notice.entity";
import { CarePlanVersion } from "../../modules/care-plans/care-plan-version.entity";
import { FinalOutcome } from "../../modules/final-outcomes/final-outcome.entity";
import { SignificantEvent } from "../../modules/significant-events/significant-event.entity";
import { PostOrderChange, PostOrderChangeRecipient } from "../../modules/post-order-changes/post-order-change.entity";
import { CourtDocument, PaperDelivery, UploadSlot } from "../../modules/court-papers/court-document.entity";
import { LiaisonAction, LiaisonRecord } from "../../modules/liaison/liaison.entity";
import { OverdueNotice } from "../events/overdue";
import { CalendarDay } from "../calendar/calendar-day.entity";
import { LookedAfterRecord, Review, ReviewDecision } from "../../modules/reviews/review.entity";
import { AssuranceStatement } from "../../modules/assurance/assurance-statement.entity";
import { CafcassReferral, Dispute, DisputeStage } from "../../modules/challenges/challenge.entity";

// Listed, not globbed: a new entity is a reviewed decision, and a glob would pick up test files.
export const ENTITIES = [
  AuditEntry,
  CaseEvent,
  TrustedIssuer,
  Organisation,
  HubUser,
  Proceedings,
  Child,
  Hearing,
  TimetableExtension,
  Appointment,
  ProtocolNotice,
  CarePlanVersion,
  FinalOutcome,
  SignificantEvent,
  PostOrderChange,
  PostOrderChangeRecipient,
  CourtDocument,
  PaperDelivery,
  UploadSlot,
  LiaisonRecord,
  LiaisonAction,
  CalendarDay,
  LookedAfterRecord,
  Review,
  ReviewDecision,
  OverdueNotice,
  AssuranceStatement,
  Dispute,
  DisputeStage,
  CafcassReferral,
];
