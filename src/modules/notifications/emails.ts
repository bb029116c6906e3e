import { LocalDate } from "../../core/calendar/calendar";
import { formatLongDate } from "../../core/calendar/local-date";
import { NoticeKind } from "./notice.entity";

// Emails leave the secure perimeter: they say what kind of thing happened on which case number,
// and link to the console, where the person signs in to see it. No child's name, no content.

const WHAT: Record<NoticeKind, string> = {
  [NoticeKind.PAPER_DELIVERED]: "A court paper has been delivered to you",
  [NoticeKind.POST_ORDER_CHANGE]: "A care plan change after the final order needs your acknowledgement",
  [NoticeKind.DISPUTE_STAGE_NAMES_YOU]: "A stage of an IRO's dispute names you to respond",
  [NoticeKind.PROTOCOL_STEP_OVERDUE]: "A step of the IRO-Cafcass protocol is overdue",
  [NoticeKind.REVIEW_OVERDUE]: "A child's review is overdue",
  [NoticeKind.REVIEW_DECISION_OVERDUE]: "A review decision is past its deadline",
  [NoticeKind.DISPUTE_STAGE_OVERDUE]: "A dispute stage has not been answered in time",
  [NoticeKind.REFERRAL_DECISION_OVERDUE]: "A decision on a Cafcass referral is overdue",
  [NoticeKind.ASSURANCE_STATEMENT_RELEASED]: "An assurance statement has been released to the court",
  [NoticeKind.DEADLINE_APPROACHING]: "Something you must do is due soon",
  [NoticeKind.PAPER_QUARANTINED]: "A court paper filed by you or your organisation was quarantined by the virus scanner and not delivered",
};

export function describeNotice(kind: NoticeKind): string {
  return WHAT[kind];
}

export interface NoticeLine {
  kind: NoticeKind;
  courtCaseNumber: string;
  link: string;
  dueOn: LocalDate | null;
  detail?: string | null;
}

/** One notice, or a day's digest of several. */
export function emailFor(publicUrl: string, notices: NoticeLine[], digestOn?: LocalDate): { subject: string; text: string } {
  const footer = [
    "",
    "Sign in to Proceedings Hub to see the details. This email holds no personal information by design.",
    `Choose what you are emailed about: ${publicUrl}/notifications`,
  ];
  const line = (n: NoticeLine) =>
    [
      `${WHAT[n.kind]}${n.detail ? `: ${n.detail.charAt(0).toLowerCase()}${n.detail.slice(1)}` : ""}.`,
      `Case: ${n.courtCaseNumber}`,
      ...(n.dueOn ? [`Due: ${formatLongDate(n.dueOn)}`] : []),
      `Open: ${publicUrl}${n.link}`,
    ].join("\n");
  if (!digestOn) {
    const [n] = notices;
    return { subject: `${WHAT[n.kind]} (case ${n.courtCaseNumber})`, text: [line(n), ...footer].join("\n") };
  }
  return {
    subject: `Proceedings Hub daily digest for ${formatLongDate(digestOn)}: ${notices.length} ${notices.length === 1 ? "item" : "items"}`,
    text: [`${notices.length} ${notices.length === 1 ? "thing needs" : "things need"} you:`, "", ...notices.map((n) => line(n) + "\n"), ...footer].join("\n"),
  };
}
