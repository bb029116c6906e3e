import { registerEnumType } from "type-graphql";
import { AppointmentRole } from "../appointments/appointments.module";

/** The court documents the hub carries (domain reference section 4). */
export enum DocumentType {
  C110A_APPLICATION = "C110A_APPLICATION",
  SOCIAL_WORK_CHRONOLOGY = "SOCIAL_WORK_CHRONOLOGY",
  SOCIAL_WORK_STATEMENT = "SOCIAL_WORK_STATEMENT",
  GENOGRAM = "GENOGRAM",
  THRESHOLD_DOCUMENT = "THRESHOLD_DOCUMENT",
  CASE_SUMMARY = "CASE_SUMMARY",
  INTERIM_CARE_PLAN = "INTERIM_CARE_PLAN",
  FINAL_CARE_PLAN = "FINAL_CARE_PLAN",
  FINAL_EVIDENCE = "FINAL_EVIDENCE",
  POSITION_STATEMENT = "POSITION_STATEMENT",
  EXPERT_ASSESSMENT = "EXPERT_ASSESSMENT",
  PARENTING_ASSESSMENT = "PARENTING_ASSESSMENT",
  VIABILITY_ASSESSMENT = "VIABILITY_ASSESSMENT",
  STANDARD_DIRECTIONS = "STANDARD_DIRECTIONS",
  CASE_MANAGEMENT_ORDER = "CASE_MANAGEMENT_ORDER",
  INTERIM_CARE_ORDER = "INTERIM_CARE_ORDER",
  FINAL_ORDER = "FINAL_ORDER",
  JUDGMENT = "JUDGMENT",
  GUARDIAN_INITIAL_ANALYSIS = "GUARDIAN_INITIAL_ANALYSIS",
  GUARDIAN_FINAL_ANALYSIS = "GUARDIAN_FINAL_ANALYSIS",
  /** Built by the hub from the filed papers (court-bundles), never uploaded. */
  COURT_BUNDLE = "COURT_BUNDLE",
}
registerEnumType(DocumentType, { name: "DocumentType", description: "A kind of court document (see distributionRules)" });

export enum Confidentiality {
  OPEN = "OPEN",
  RESTRICTED = "RESTRICTED",
}
registerEnumType(Confidentiality, {
  name: "Confidentiality",
  description: "OPEN: everyone the type's rule names. RESTRICTED: only the roles named on the document (e.g. a placement address)",
});

export interface DistributionRule {
  type: DocumentType;
  description: string;
  /** Who files it: the legal department, the court, the guardian. */
  filedBy: readonly AppointmentRole[];
  /** Who receives it (a delivery each, to acknowledge), besides whoever filed it. */
  recipients: readonly AppointmentRole[];
}

const { LA_LEGAL_DEPARTMENT: LA, COURT, GUARDIAN, IRO } = AppointmentRole;

// The legal department's papers go to the court, the guardian and the IRO (FPR 12.73(1)(a)
// lets the IRO receive them without the court's permission); court papers to the parties and
// the IRO; the guardian's analyses to the court, the legal department and the IRO.
// The legal department is a party and reads every paper on its cases, but the matrix gives it
// no deliveries to acknowledge; so are social workers absent (they are not recipients here).
const LA_PAPER = { filedBy: [LA], recipients: [COURT, GUARDIAN, IRO] } as const;
const COURT_PAPER = { filedBy: [COURT], recipients: [GUARDIAN, IRO] } as const;
const GUARDIAN_PAPER = { filedBy: [GUARDIAN], recipients: [COURT, IRO] } as const;
const PARTY_PAPER = { filedBy: [LA, GUARDIAN], recipients: [COURT, GUARDIAN, IRO] } as const;

export const DISTRIBUTION_RULES: Record<DocumentType, DistributionRule> = {
  C110A_APPLICATION: { type: DocumentType.C110A_APPLICATION, description: "Application (form C110A)", ...LA_PAPER },
  SOCIAL_WORK_CHRONOLOGY: { type: DocumentType.SOCIAL_WORK_CHRONOLOGY, description: "Social work chronology (annex)", ...LA_PAPER },
  SOCIAL_WORK_STATEMENT: { type: DocumentType.SOCIAL_WORK_STATEMENT, description: "Social work statement / evidence template (SWET)", ...LA_PAPER },
  GENOGRAM: { type: DocumentType.GENOGRAM, description: "Genogram (annex)", ...LA_PAPER },
  THRESHOLD_DOCUMENT: { type: DocumentType.THRESHOLD_DOCUMENT, description: "Threshold document (annex)", ...LA_PAPER },
  CASE_SUMMARY: { type: DocumentType.CASE_SUMMARY, description: "Local authority case summary (annex)", ...LA_PAPER },
  INTERIM_CARE_PLAN: { type: DocumentType.INTERIM_CARE_PLAN, description: "Interim care plan (annex)", ...LA_PAPER },
  FINAL_CARE_PLAN: { type: DocumentType.FINAL_CARE_PLAN, description: "Final care plan", ...LA_PAPER },
  FINAL_EVIDENCE: { type: DocumentType.FINAL_EVIDENCE, description: "Final evidence", ...LA_PAPER },
  POSITION_STATEMENT: { type: DocumentType.POSITION_STATEMENT, description: "Position statement", ...PARTY_PAPER },
  EXPERT_ASSESSMENT: { type: DocumentType.EXPERT_ASSESSMENT, description: "Expert assessment", ...PARTY_PAPER },
  PARENTING_ASSESSMENT: { type: DocumentType.PARENTING_ASSESSMENT, description: "Parenting assessment", ...PARTY_PAPER },
  VIABILITY_ASSESSMENT: { type: DocumentType.VIABILITY_ASSESSMENT, description: "Viability assessment", ...PARTY_PAPER },
  STANDARD_DIRECTIONS: { type: DocumentType.STANDARD_DIRECTIONS, description: "Standard directions on issue", ...COURT_PAPER },
  CASE_MANAGEMENT_ORDER: { type: DocumentType.CASE_MANAGEMENT_ORDER, description: "Case management order", ...COURT_PAPER },
  INTERIM_CARE_ORDER: { type: DocumentType.INTERIM_CARE_ORDER, description: "Interim care order (C33)", ...COURT_PAPER },
  FINAL_ORDER: { type: DocumentType.FINAL_ORDER, description: "Final order (C32A, A70, C43A, C35A...)", ...COURT_PAPER },
  JUDGMENT: { type: DocumentType.JUDGMENT, description: "Judgment", ...COURT_PAPER },
  GUARDIAN_INITIAL_ANALYSIS: { type: DocumentType.GUARDIAN_INITIAL_ANALYSIS, description: "Guardian's initial analysis", ...GUARDIAN_PAPER },
  GUARDIAN_FINAL_ANALYSIS: { type: DocumentType.GUARDIAN_FINAL_ANALYSIS, description: "Guardian's final analysis / report", ...GUARDIAN_PAPER },
  COURT_BUNDLE: { type: DocumentType.COURT_BUNDLE, description: "Court bundle for a hearing (FPR PD27A), built by the hub from the filed papers", ...LA_PAPER },
};

/** Who reads a document: whoever files that type, its recipients, and the legal department; narrowed by a restriction. */
export function readersOf(type: DocumentType, filedBy: AppointmentRole, restrictedTo: readonly AppointmentRole[] | null): AppointmentRole[] {
  const rule = DISTRIBUTION_RULES[type];
  const all = new Set<AppointmentRole>([filedBy, LA, ...rule.recipients]);
  return [...all].filter((r) => r === filedBy || !restrictedTo || restrictedTo.includes(r));
}

/** Who gets a delivery to acknowledge. */
export function recipientsOf(type: DocumentType, filedBy: AppointmentRole, restrictedTo: readonly AppointmentRole[] | null): AppointmentRole[] {
  return DISTRIBUTION_RULES[type].recipients.filter((r) => r !== filedBy && (!restrictedTo || restrictedTo.includes(r)));
}
