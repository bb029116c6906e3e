import fs from "node:fs";
import { GraphQLObjectType } from "graphql";
import { hubSchema } from "../src/schema";
import { printHubSchema, SCHEMA_FILE } from "../src/scripts/print-schema";
import { describePolicy, policyFor } from "../src/core/access/policy";

describe("the committed SDL", () => {
  it("is what the code generates (run `npm run schema` after changing the API)", async () => {
    expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(await printHubSchema());
  });

  it("describes every type", async () => {
    const sdl = fs.readFileSync(SCHEMA_FILE, "utf8");
    for (const name of ["Proceedings", "Child", "Party", "ProtocolNotice", "AuditEntry", "PloTimetable"]) {
      expect(sdl).toMatch(new RegExp(`"""[^"]+"""\\ntype ${name} `));
    }
  });
});

// Every operation and who may call it. A new operation must be added here on purpose: that is
// the review of its access policy.
const EXPECTED_POLICIES: Record<string, string> = {
  "Query.me": "SIGNED_IN",
  "Query.hubClock": "SIGNED_IN",
  "Query.needsMyAttention": "SIGNED_IN",
  "Mutation.setHubClock": "SET_CLOCK",
  "Query.signInOptions": "PUBLIC",
  "Query.caseEventCursor": "READ_CASE",
  "Query.trustedIssuers": "MANAGE_DIRECTORY",
  "Query.disputeEscalationOptions": "RAISE_CHALLENGE",
  "Mutation.signInAsDemoUser": "PUBLIC",
  "Query.organisations": "SIGNED_IN",
  "Query.colleagues": "LIST_COLLEAGUES",
  "Query.organisationUsers": "MANAGE_DIRECTORY",
  "Query.myCases": "SIGNED_IN",
  "Query.proceedings": "READ_CASE",
  "Query.child": "READ_CASE",
  "Query.caseAuditTrail": "READ_AUDIT_TRAIL",
  "Mutation.registerTrustedIssuer": "MANAGE_DIRECTORY",
  "Mutation.registerOrganisation": "MANAGE_DIRECTORY",
  "Mutation.registerUser": "MANAGE_DIRECTORY",
  "Mutation.deactivateUser": "MANAGE_DIRECTORY",
  "Mutation.reactivateUser": "MANAGE_DIRECTORY",
  "Mutation.registerProceedings": "REGISTER_PROCEEDINGS",
  "Mutation.addChild": "REGISTER_PROCEEDINGS",
  "Mutation.recordHearing": "RECORD_HEARING",
  "Mutation.recordTimetableExtension": "RECORD_TIMETABLE_EXTENSION",
  "Mutation.appointIro": "APPOINT_IRO",
  "Mutation.allocateGuardian": "ALLOCATE_GUARDIAN",
  "Mutation.allocateSocialWorker": "ALLOCATE_SOCIAL_WORKER",
  "Mutation.endAppointment": "END_APPOINTMENT",
  "Query.caseEventFeed": "READ_CASE",
  "Subscription.caseEvents": "READ_CASE",
  "Subscription.carePlanChanged": "READ_CASE",
  "Mutation.recordCarePlanVersion": "RECORD_CARE_PLAN",
  "Query.carePlanHistory": "READ_CARE_PLAN",
  "Query.carePlanDiff": "READ_CARE_PLAN",
  "Mutation.recordFinalOutcome": "RECORD_FINAL_OUTCOME",
  "Mutation.recordSignificantEvent": "RECORD_SIGNIFICANT_EVENT",
  "Query.significantEvents": "READ_SIGNIFICANT_EVENTS",
  "Mutation.acknowledgePostOrderChange": "ACKNOWLEDGE_POST_ORDER_CHANGE",
  "Query.postOrderChanges": "READ_POST_ORDER_CHANGES",
  "Query.myPostOrderChanges": "ACKNOWLEDGE_POST_ORDER_CHANGE",
  "Query.distributionRules": "SIGNED_IN",
  "Mutation.createUploadSlot": "FILE_COURT_PAPERS",
  "Query.caseDocuments": "READ_COURT_PAPERS",
  "Query.courtDocument": "READ_COURT_PAPERS",
  "Query.myPapers": "RECEIVE_COURT_PAPERS",
  "Query.myPaperCaseload": "RECEIVE_COURT_PAPERS",
  "Query.iroPaperReport": "READ_IRO_PAPER_REPORT",
  "Mutation.acknowledgePaper": "RECEIVE_COURT_PAPERS",
  "Mutation.withdrawDocument": "FILE_COURT_PAPERS",
  "Mutation.recordLiaison": "WRITE_LIAISON",
  "Mutation.updateLiaison": "WRITE_LIAISON",
  "Mutation.confirmLiaison": "WRITE_LIAISON",
  "Mutation.completeLiaisonAction": "WRITE_LIAISON",
  "Query.liaison": "READ_LIAISON",
  "Query.protocolChecklist": "READ_LIAISON",
  "Query.protocolCompliance": "READ_COMPLIANCE",
  "Mutation.recordLookedAfterSince": "RECORD_LOOKED_AFTER",
  "Mutation.statePostOrderReviewDate": "RECORD_REVIEW",
  "Mutation.recordReview": "RECORD_REVIEW",
  "Mutation.requestExtraReview": "RECORD_REVIEW",
  "Mutation.completeReviewDecision": "RECORD_REVIEW",
  "Query.reviewSchedule": "READ_REVIEWS",
  "Query.reviews": "READ_REVIEWS",
  "Query.myCaseload": "READ_CASELOAD",
  "Query.iroCaseloads": "READ_IRO_PAPER_REPORT",
  "Mutation.updateAssuranceStatement": "RECORD_REVIEW",
  "Mutation.releaseAssuranceStatement": "RECORD_REVIEW",
  "Query.assuranceStatements": "READ_CASE",
  "Query.courtAssurance": "READ_COURT_ASSURANCE",
  "Query.courtBundles": "BUILD_COURT_BUNDLES",
  "Query.recordsDueForDisposal": "MANAGE_RECORDS",
  "Query.subjectAccessRequests": "MANAGE_RECORDS",
  "Mutation.recordSubjectAccessRequest": "MANAGE_RECORDS",
  "Mutation.extendSubjectAccessRequest": "MANAGE_RECORDS",
  "Mutation.completeSubjectAccessRequest": "MANAGE_RECORDS",
  "Query.accessReport": "MANAGE_RECORDS",
  "Query.accessReportCsv": "MANAGE_RECORDS",
  "Query.childRetention": "MANAGE_RECORDS",
  "Query.notLookedAfterRetentionAge": "MANAGE_RECORDS",
  "Query.disposalCertificates": "MANAGE_RECORDS",
  "Mutation.setNotLookedAfterRetentionAge": "MANAGE_RECORDS",
  "Mutation.placeLegalHold": "MANAGE_RECORDS",
  "Mutation.liftLegalHold": "MANAGE_RECORDS",
  "Mutation.disposeOfRecords": "MANAGE_RECORDS",
  "Query.courtBundleForHearing": "BUILD_COURT_BUNDLES",
  "Query.suggestedBundle": "BUILD_COURT_BUNDLES",
  "Mutation.saveCourtBundle": "BUILD_COURT_BUNDLES",
  "Mutation.buildCourtBundle": "BUILD_COURT_BUNDLES",
  "Mutation.raiseConcern": "RAISE_CHALLENGE",
  "Mutation.escalateDispute": "RAISE_CHALLENGE",
  "Mutation.respondToDispute": "RESPOND_DISPUTE",
  "Mutation.resolveDispute": "RAISE_CHALLENGE",
  "Query.disputes": "READ_DISPUTES",
  "Mutation.referToCafcass": "RAISE_CHALLENGE",
  "Mutation.handleReferral": "HANDLE_REFERRAL",
  "Mutation.recordReferralDecision": "RECORD_REFERRAL_DECISION",
  "Mutation.recordReferralOutcome": "RECORD_REFERRAL_DECISION",
  "Query.cafcassReferrals": "READ_REFERRALS",
  // Notices, calendars and integrations (issue 13): a person's own notices and feed; an
  // organisation's systems managed by its administrator; the outbox by hub administrators.
  "Query.myNotices": "SIGNED_IN",
  "Mutation.markNoticesRead": "SIGNED_IN",
  "Query.myNotificationPreferences": "SIGNED_IN",
  "Mutation.setNotificationPreference": "SIGNED_IN",
  "Query.emailOutbox": "READ_EMAIL_OUTBOX",
  "Mutation.retryEmail": "READ_EMAIL_OUTBOX",
  "Query.myCalendarFeed": "SIGNED_IN",
  "Mutation.createCalendarFeed": "SIGNED_IN",
  "Mutation.revokeCalendarFeed": "SIGNED_IN",
  "Query.serviceAccounts": "MANAGE_INTEGRATIONS",
  "Mutation.registerServiceAccount": "MANAGE_INTEGRATIONS",
  "Mutation.rotateServiceAccountKeys": "MANAGE_INTEGRATIONS",
  "Mutation.setServiceAccountActive": "MANAGE_INTEGRATIONS",
  "Query.webhookEndpoints": "MANAGE_INTEGRATIONS",
  "Mutation.registerWebhookEndpoint": "MANAGE_INTEGRATIONS",
  "Mutation.pauseWebhookEndpoint": "MANAGE_INTEGRATIONS",
  "Mutation.resumeWebhookEndpoint": "MANAGE_INTEGRATIONS",
  "Mutation.deleteWebhookEndpoint": "MANAGE_INTEGRATIONS",
};

describe("operation policies", () => {
  it("every Query, Mutation and Subscription field declares the policy listed here", async () => {
    const schema = await hubSchema();
    const actual: Record<string, string> = {};
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      if (!root) continue;
      for (const field of Object.keys((root as GraphQLObjectType).getFields())) {
        const policy = policyFor(field);
        actual[`${root.name}.${field}`] = policy ? describePolicy(policy) : "NONE";
      }
    }
    expect(actual).toEqual(EXPECTED_POLICIES);
  });
});
