import { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { wrapRootOperations } from "./core/operation";
import { DirectoryResolver, UserFieldsResolver } from "./modules/directory/directory.resolver";
import { ChildResolver, ProceedingsResolver } from "./modules/proceedings/proceedings.resolver";
import {
  AppointmentsResolver,
  ChildPartiesResolver,
  ProceedingsPartiesResolver,
} from "./modules/appointments/appointments.resolver";
import { ChildNoticesResolver, ProceedingsNoticesResolver, ProtocolNoticeResolver } from "./modules/protocol/protocol.resolver";
import { AuditTrailResolver } from "./modules/audit-trail/audit-trail.resolver";
import { CaseEventsResolver } from "./modules/case-events/case-events.resolver";
import { CarePlansResolver } from "./modules/care-plans/care-plans.resolver";
import { ChildOutcomeResolver, FinalOutcomesResolver } from "./modules/final-outcomes/final-outcomes.resolver";
import { SignificantEventsResolver } from "./modules/significant-events/significant-events.resolver";
import { PostOrderChangesResolver, RecipientResolver } from "./modules/post-order-changes/post-order-changes.resolver";
import {
  CasePaperCountsResolver,
  CourtPapersResolver,
  IroPaperFiguresResolver,
  PaperDeliveryResolver,
  UploadSlotResolver,
} from "./modules/court-papers/court-papers.resolver";
import { LiaisonActionResolver, LiaisonResolver } from "./modules/liaison/liaison.resolver";
import { CaseloadChildResolver, ReviewsResolver } from "./modules/reviews/reviews.resolver";
import { AssuranceResolver, CourtAssuranceResolver } from "./modules/assurance/assurance.resolver";
import { ChallengesResolver, DisputeStageResolver } from "./modules/challenges/challenges.resolver";
import { SignInResolver } from "./modules/sign-in/sign-in.resolver";

export const RESOLVERS = [
  DirectoryResolver,
  UserFieldsResolver,
  ProceedingsResolver,
  ChildResolver,
  AppointmentsResolver,
  ProceedingsPartiesResolver,
  ChildPartiesResolver,
  ProtocolNoticeResolver,
  ProceedingsNoticesResolver,
  ChildNoticesResolver,
  AuditTrailResolver,
  CaseEventsResolver,
  CarePlansResolver,
  FinalOutcomesResolver,
  ChildOutcomeResolver,
  SignificantEventsResolver,
  PostOrderChangesResolver,
  RecipientResolver,
  CourtPapersResolver,
  PaperDeliveryResolver,
  UploadSlotResolver,
  CasePaperCountsResolver,
  IroPaperFiguresResolver,
  LiaisonResolver,
  LiaisonActionResolver,
  ReviewsResolver,
  CaseloadChildResolver,
  AssuranceResolver,
  CourtAssuranceResolver,
  ChallengesResolver,
  DisputeStageResolver,
  SignInResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The hub's schema, built once per process from the type-graphql resolvers. */
export function hubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS,
    validate: { forbidUnknownValues: false },
    // type-graphql insists on a PubSub once any subscription exists. Ours all bring their own
    // `subscribe` (the case-event outbox via the EventHub), so a topic-based one is a bug.
    pubSub: {
      publish() {
        throw new Error("Publish case events with recordCaseEvent, in the writing transaction");
      },
      subscribe() {
        throw new Error("Subscriptions must declare `subscribe`");
      },
    },
  }).then(wrapRootOperations);
  return built;
}
