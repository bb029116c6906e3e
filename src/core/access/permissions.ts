import { Role } from "./roles";

// The permission matrix of the domain reference (section 1), as capabilities. A role's
// capability says what kind of thing someone may do; whether they may do it on *this* case is
// decided by their appointments (see case-access.ts).
export enum Capability {
  READ_CASE = "READ_CASE",
  REGISTER_PROCEEDINGS = "REGISTER_PROCEEDINGS",
  RECORD_HEARING = "RECORD_HEARING",
  RECORD_TIMETABLE_EXTENSION = "RECORD_TIMETABLE_EXTENSION",
  APPOINT_IRO = "APPOINT_IRO",
  ALLOCATE_GUARDIAN = "ALLOCATE_GUARDIAN",
  ALLOCATE_SOCIAL_WORKER = "ALLOCATE_SOCIAL_WORKER",
  END_APPOINTMENT = "END_APPOINTMENT",
  LIST_COLLEAGUES = "LIST_COLLEAGUES",
  RECORD_CARE_PLAN = "RECORD_CARE_PLAN",
  READ_CARE_PLAN = "READ_CARE_PLAN",
  RECORD_FINAL_OUTCOME = "RECORD_FINAL_OUTCOME",
  RECORD_SIGNIFICANT_EVENT = "RECORD_SIGNIFICANT_EVENT",
  READ_SIGNIFICANT_EVENTS = "READ_SIGNIFICANT_EVENTS",
  READ_POST_ORDER_CHANGES = "READ_POST_ORDER_CHANGES",
  ACKNOWLEDGE_POST_ORDER_CHANGE = "ACKNOWLEDGE_POST_ORDER_CHANGE",
  FILE_COURT_PAPERS = "FILE_COURT_PAPERS",
  READ_COURT_PAPERS = "READ_COURT_PAPERS",
  BUILD_COURT_BUNDLES = "BUILD_COURT_BUNDLES",
  MANAGE_RECORDS = "MANAGE_RECORDS",
  RECEIVE_COURT_PAPERS = "RECEIVE_COURT_PAPERS",
  READ_IRO_PAPER_REPORT = "READ_IRO_PAPER_REPORT",
  WRITE_LIAISON = "WRITE_LIAISON",
  READ_LIAISON = "READ_LIAISON",
  READ_COMPLIANCE = "READ_COMPLIANCE",
  RECORD_LOOKED_AFTER = "RECORD_LOOKED_AFTER",
  RECORD_REVIEW = "RECORD_REVIEW",
  READ_REVIEWS = "READ_REVIEWS",
  READ_COURT_ASSURANCE = "READ_COURT_ASSURANCE",
  RAISE_CHALLENGE = "RAISE_CHALLENGE",
  RESPOND_DISPUTE = "RESPOND_DISPUTE",
  READ_DISPUTES = "READ_DISPUTES",
  HANDLE_REFERRAL = "HANDLE_REFERRAL",
  RECORD_REFERRAL_DECISION = "RECORD_REFERRAL_DECISION",
  READ_REFERRALS = "READ_REFERRALS",
  READ_CASELOAD = "READ_CASELOAD",
  READ_AUDIT_TRAIL = "READ_AUDIT_TRAIL",
  MANAGE_DIRECTORY = "MANAGE_DIRECTORY",
  MANAGE_INTEGRATIONS = "MANAGE_INTEGRATIONS",
  READ_EMAIL_OUTBOX = "READ_EMAIL_OUTBOX",
  SET_CLOCK = "SET_CLOCK",
}

const CASE_ROLES = [Role.LA_LEGAL, Role.SOCIAL_WORKER, Role.IRO, Role.IRO_MANAGER, Role.GUARDIAN, Role.CAFCASS_MANAGER, Role.COURT] as const;

export const PERMISSIONS: Record<Capability, readonly Role[]> = {
  [Capability.READ_CASE]: CASE_ROLES,
  [Capability.REGISTER_PROCEEDINGS]: [Role.LA_LEGAL],
  [Capability.RECORD_HEARING]: [Role.LA_LEGAL, Role.COURT],
  [Capability.RECORD_TIMETABLE_EXTENSION]: [Role.LA_LEGAL, Role.COURT],
  [Capability.APPOINT_IRO]: [Role.IRO_MANAGER],
  [Capability.ALLOCATE_GUARDIAN]: [Role.CAFCASS_MANAGER],
  [Capability.ALLOCATE_SOCIAL_WORKER]: [Role.LA_LEGAL],
  // Whoever may make an appointment may end it (checked per appointment role in the service).
  [Capability.END_APPOINTMENT]: [Role.IRO_MANAGER, Role.CAFCASS_MANAGER, Role.LA_LEGAL],
  // Care plans: the social worker (or LA legal) writes; the court reads final and post-order
  // versions only (enforced per version in the care-plans service); Cafcass managers do not read.
  [Capability.RECORD_CARE_PLAN]: [Role.SOCIAL_WORKER, Role.LA_LEGAL],
  [Capability.READ_CARE_PLAN]: [Role.LA_LEGAL, Role.SOCIAL_WORKER, Role.IRO, Role.IRO_MANAGER, Role.GUARDIAN, Role.COURT],
  [Capability.RECORD_FINAL_OUTCOME]: [Role.LA_LEGAL, Role.COURT],
  [Capability.RECORD_SIGNIFICANT_EVENT]: [Role.SOCIAL_WORKER],
  // Guardians read them while on the case (in proceedings, and the post-order window).
  [Capability.READ_SIGNIFICANT_EVENTS]: [Role.SOCIAL_WORKER, Role.IRO, Role.IRO_MANAGER, Role.GUARDIAN],
  [Capability.READ_POST_ORDER_CHANGES]: [Role.LA_LEGAL, Role.SOCIAL_WORKER, Role.IRO, Role.IRO_MANAGER, Role.GUARDIAN, Role.COURT],
  [Capability.ACKNOWLEDGE_POST_ORDER_CHANGE]: [Role.IRO, Role.GUARDIAN, Role.COURT],
  // Court papers: LA legal files, the court files orders, the guardian files their analyses
  // (which types each may file is the distribution rule's business).
  [Capability.FILE_COURT_PAPERS]: [Role.LA_LEGAL, Role.COURT, Role.GUARDIAN],
  // Managers see papers' details and delivery status; only readers download.
  [Capability.BUILD_COURT_BUNDLES]: [Role.LA_LEGAL],
  [Capability.MANAGE_RECORDS]: [Role.RECORDS_MANAGER],
  [Capability.READ_COURT_PAPERS]: [Role.LA_LEGAL, Role.COURT, Role.GUARDIAN, Role.IRO, Role.IRO_MANAGER, Role.CAFCASS_MANAGER],
  [Capability.RECEIVE_COURT_PAPERS]: [Role.IRO, Role.GUARDIAN, Role.COURT],
  [Capability.READ_IRO_PAPER_REPORT]: [Role.IRO_MANAGER],
  // Liaison: the IRO and the guardian write; the matrix lets LA legal and both managers read;
  // social workers and the court do not see the liaison notes.
  [Capability.WRITE_LIAISON]: [Role.IRO, Role.GUARDIAN],
  [Capability.READ_LIAISON]: [Role.LA_LEGAL, Role.IRO, Role.IRO_MANAGER, Role.GUARDIAN, Role.CAFCASS_MANAGER],
  [Capability.READ_COMPLIANCE]: [Role.IRO_MANAGER, Role.CAFCASS_MANAGER, Role.HUB_ADMIN],
  // Reviews and assurance: the IRO writes; the court reads released statements only.
  [Capability.RECORD_LOOKED_AFTER]: [Role.SOCIAL_WORKER, Role.LA_LEGAL],
  [Capability.RECORD_REVIEW]: [Role.IRO],
  [Capability.READ_REVIEWS]: [Role.LA_LEGAL, Role.SOCIAL_WORKER, Role.IRO, Role.IRO_MANAGER, Role.GUARDIAN],
  [Capability.READ_COURT_ASSURANCE]: [Role.COURT],
  // Challenges: the IRO raises disputes and referrals; the local authority answers disputes;
  // Cafcass handles referrals; the guardian sees the referral they were appointed for.
  [Capability.RAISE_CHALLENGE]: [Role.IRO],
  [Capability.RESPOND_DISPUTE]: [Role.SOCIAL_WORKER, Role.LA_LEGAL],
  [Capability.READ_DISPUTES]: [Role.SOCIAL_WORKER, Role.LA_LEGAL, Role.IRO, Role.IRO_MANAGER],
  [Capability.HANDLE_REFERRAL]: [Role.CAFCASS_MANAGER],
  [Capability.RECORD_REFERRAL_DECISION]: [Role.GUARDIAN],
  [Capability.READ_REFERRALS]: [Role.IRO, Role.IRO_MANAGER, Role.GUARDIAN, Role.CAFCASS_MANAGER],
  [Capability.READ_CASELOAD]: [Role.IRO, Role.IRO_MANAGER],
  [Capability.LIST_COLLEAGUES]: [Role.LA_LEGAL, Role.IRO_MANAGER, Role.CAFCASS_MANAGER, Role.HUB_ADMIN],
  [Capability.READ_AUDIT_TRAIL]: [Role.IRO_MANAGER, Role.HUB_ADMIN],
  [Capability.MANAGE_DIRECTORY]: [Role.HUB_ADMIN],
  // An organisation's systems: its administrator registers them for its own organisation (the
  // hub administrator for any); webhooks hear only of cases the organisation can see.
  [Capability.MANAGE_INTEGRATIONS]: [Role.ORGANISATION_ADMIN, Role.HUB_ADMIN],
  [Capability.READ_EMAIL_OUTBOX]: [Role.HUB_ADMIN],
  // Outside production only (the service refuses it in production, and logs the attempt).
  [Capability.SET_CLOCK]: [Role.HUB_ADMIN],
};

export function can(roles: readonly Role[], capability: Capability): boolean {
  return roles.some((r) => PERMISSIONS[capability].includes(r));
}
