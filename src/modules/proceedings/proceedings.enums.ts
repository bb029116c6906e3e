import { registerEnumType } from "type-graphql";

export enum ApplicationType {
  CARE_ORDER = "CARE_ORDER",
  SUPERVISION_ORDER = "SUPERVISION_ORDER",
  CARE_OR_SUPERVISION_ORDER = "CARE_OR_SUPERVISION_ORDER",
  PLACEMENT_ORDER = "PLACEMENT_ORDER",
  DISCHARGE_OF_CARE_ORDER = "DISCHARGE_OF_CARE_ORDER",
  OTHER = "OTHER",
}
registerEnumType(ApplicationType, { name: "ApplicationType", description: "What the local authority applied for" });

export enum ProceedingsStatus {
  OPEN = "OPEN",
  CLOSED = "CLOSED",
}
registerEnumType(ProceedingsStatus, {
  name: "ProceedingsStatus",
  description: "OPEN until every child has a final order or decision",
});

export enum HearingType {
  CMH = "CMH",
  IRH = "IRH",
  FINAL = "FINAL",
  OTHER = "OTHER",
}
registerEnumType(HearingType, {
  name: "HearingType",
  description: "Case Management Hearing, Issues Resolution Hearing, final hearing, or another hearing",
});

export enum CaseSort {
  NEWEST_ISSUE = "NEWEST_ISSUE",
  OLDEST_ISSUE = "OLDEST_ISSUE",
  FINAL_HEARING_SOONEST = "FINAL_HEARING_SOONEST",
}

registerEnumType(CaseSort, {
  name: "CaseSort",
  description: "How a case list is ordered",
  valuesConfig: {
    NEWEST_ISSUE: { description: "Most recently issued first (the default)" },
    OLDEST_ISSUE: { description: "Longest running first (most weeks since issue)" },
    FINAL_HEARING_SOONEST: { description: "The final hearing due date (26 weeks plus extensions) soonest first" },
  },
});
