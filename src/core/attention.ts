import { registerEnumType } from "type-graphql";

// "Needs your attention": what waits for the signed-in person, whatever their role. Each module
// says what of its own waits (module.ts: attentionItems); the list asks them all.

export enum AttentionKind {
  PAPERS_TO_ACKNOWLEDGE = "PAPERS_TO_ACKNOWLEDGE",
  PAPERS_NOT_ACKNOWLEDGED_BY_RECIPIENTS = "PAPERS_NOT_ACKNOWLEDGED_BY_RECIPIENTS",
  POST_ORDER_CHANGES_TO_ACKNOWLEDGE = "POST_ORDER_CHANGES_TO_ACKNOWLEDGE",
  CHILDREN_WITHOUT_IRO = "CHILDREN_WITHOUT_IRO",
  CHILDREN_WITHOUT_GUARDIAN = "CHILDREN_WITHOUT_GUARDIAN",
  IROS_OVER_BENCHMARK = "IROS_OVER_BENCHMARK",
  HEARINGS_THIS_WEEK = "HEARINGS_THIS_WEEK",
  DISPUTE_STAGES_TO_ANSWER = "DISPUTE_STAGES_TO_ANSWER",
  TEAM_PAPERS_OVERDUE = "TEAM_PAPERS_OVERDUE",
  TEAM_CHANGES_OVERDUE = "TEAM_CHANGES_OVERDUE",
  TEAM_DECISIONS_OVERDUE = "TEAM_DECISIONS_OVERDUE",
  FAILED_EMAILS = "FAILED_EMAILS",
  PAUSED_WEBHOOKS = "PAUSED_WEBHOOKS",
  SERVICE_ACCOUNTS_WAITING = "SERVICE_ACCOUNTS_WAITING",
  PAPERS_HELD_BY_SCANNER = "PAPERS_HELD_BY_SCANNER",
}

registerEnumType(AttentionKind, {
  name: "AttentionKind",
  description: "Something that waits for you",
  valuesConfig: {
    PAPERS_TO_ACKNOWLEDGE: { description: "Court papers delivered to you (or your court) not yet acknowledged" },
    PAPERS_NOT_ACKNOWLEDGED_BY_RECIPIENTS: { description: "Papers your organisation filed that a recipient has not acknowledged by the date due" },
    POST_ORDER_CHANGES_TO_ACKNOWLEDGE: { description: "Post-order care plan changes you (or your court) have not acknowledged" },
    CHILDREN_WITHOUT_IRO: { description: "Children of open proceedings you are on (or manage) with no IRO today" },
    CHILDREN_WITHOUT_GUARDIAN: { description: "Children of open proceedings you are on (or manage) with no guardian today" },
    IROS_OVER_BENCHMARK: { description: "IROs of your service with more than 70 children today" },
    HEARINGS_THIS_WEEK: { description: "Hearings in the next seven days on your cases" },
    DISPUTE_STAGES_TO_ANSWER: { description: "Dispute stages naming you that you have not answered" },
    TEAM_PAPERS_OVERDUE: { description: "Managers: court papers delivered to people of your service not acknowledged by the date due" },
    TEAM_CHANGES_OVERDUE: { description: "Managers: post-order changes people of your service have not acknowledged by the date due" },
    TEAM_DECISIONS_OVERDUE: { description: "IRO managers: review decisions past their date on children your service's IROs review" },
    FAILED_EMAILS: { description: "Notice emails that failed (administrators)" },
    PAUSED_WEBHOOKS: { description: "Webhook endpoints paused after failures" },
    PAPERS_HELD_BY_SCANNER: { description: "Hub administrators: papers held because the virus scanner cannot be reached (nothing is released unscanned)" },
    SERVICE_ACCOUNTS_WAITING: { description: "Service accounts waiting for a hub administrator to switch them on" },
  },
});

export interface AttentionItem {
  kind: AttentionKind;
  /** How many things wait. */
  count: number;
  /** Of those, how many are past their date (0 where there is no date). */
  overdue: number;
}

/** An item only when something waits. */
export function attentionIf(kind: AttentionKind, row: { count: number; overdue?: number } | undefined): AttentionItem[] {
  return row && row.count > 0 ? [{ kind, count: row.count, overdue: row.overdue ?? 0 }] : [];
}
