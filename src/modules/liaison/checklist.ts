import { Calendar, LocalDate, compareDates } from "../../core/calendar/calendar";
import { ProtocolChecklistStep as Step } from "./liaison.entity";

// The protocol checklist as a pure rule over what the hub knows about one child: unit-testable
// without a database, and the same rule for the API, the overdue job and the tests.

export enum ChecklistStatus {
  DONE = "DONE",
  DUE = "DUE",
  OVERDUE = "OVERDUE",
  NOT_APPLICABLE = "NOT_APPLICABLE",
}

export interface Evidence {
  kind: "NOTICE" | "LIAISON" | "DELIVERY" | "POST_ORDER_CHANGE";
  id: string;
  on: LocalDate;
}

export interface ChecklistRow {
  step: Step;
  status: ChecklistStatus;
  dueOn: LocalDate | null;
  evidence: Evidence | null;
  note: string | null;
}

export interface ChildFacts {
  issueDate: LocalDate;
  iroStartsOn: LocalDate | null;
  guardianStartsOn: LocalDate | null;
  /** When the child's first IRO and first guardian started (the current ones' starts when not given). */
  firstIroStartsOn?: LocalDate | null;
  firstGuardianStartsOn?: LocalDate | null;
  notices: { step: "IRO_KNOWN_TO_COURT" | "GUARDIAN_AND_IRO_INTRODUCED"; id: string; on: LocalDate }[];
  liaisons: { id: string; occurredOn: LocalDate; topics: string[]; authorRole: string; protocolStep?: string | null }[];
  /** Deliveries to the child's current IRO, by document type. */
  iroDeliveries: { id: string; type: string; on: LocalDate }[];
  keyHearings: { type: "CMH" | "IRH" | "FINAL"; date: LocalDate }[];
  outcome: { orderType: string; orderDate: LocalDate } | null;
  /** firstOverdueDue: the earliest acknowledge-by date the IRO missed (a stable due date for step 8). */
  postOrder: { overdueForIro: number; firstOverdueDue: LocalDate | null; lastAcknowledged: { id: string; on: LocalDate } | null };
}

const later = (a: LocalDate, b: LocalDate) => (compareDates(a, b) >= 0 ? a : b);

/** A record of care plan views: on the CARE_PLAN topic, or recorded for step 5 (the balcony view counts the same). */
export const careplanViews = (l: { topics: string[]; protocolStep?: string | null }) =>
  l.topics.includes("CARE_PLAN") || l.protocolStep === Step.CARE_PLAN_VIEWS_BEFORE_HEARINGS;

export function computeChecklist(calendar: Calendar, f: ChildFacts, today: LocalDate): ChecklistRow[] {
  const row = (step: Step, dueOn: LocalDate | null, evidence: Evidence | null, note: string | null = null): ChecklistRow => ({
    step,
    dueOn,
    evidence,
    note,
    status: evidence ? ChecklistStatus.DONE : dueOn && compareDates(today, dueOn) > 0 ? ChecklistStatus.OVERDUE : ChecklistStatus.DUE,
  });
  const na = (step: Step, note: string): ChecklistRow => ({ step, status: ChecklistStatus.NOT_APPLICABLE, dueOn: null, evidence: null, note });
  const notice = (s: ChildFacts["notices"][number]["step"]): Evidence | null => {
    const n = f.notices.find((x) => x.step === s);
    return n ? { kind: "NOTICE", id: n.id, on: n.on } : null;
  };
  const liaison = (pred: (l: ChildFacts["liaisons"][number]) => boolean): Evidence | null => {
    const l = [...f.liaisons].sort((a, b) => compareDates(a.occurredOn, b.occurredOn)).find(pred);
    return l ? { kind: "LIAISON", id: l.id, on: l.occurredOn } : null;
  };
  const delivery = (type: string): Evidence | null => {
    const d = f.iroDeliveries.find((x) => x.type === type);
    return d ? { kind: "DELIVERY", id: d.id, on: d.on } : null;
  };
  const rows: ChecklistRow[] = [];
  const iro = f.iroStartsOn;
  const guardian = f.guardianStartsOn;
  const both = iro && guardian ? later(iro, guardian) : null;
  // Early contact is the start of the relationship: from when the child first had both an IRO
  // and a guardian. A later change of either is step 2's introduction again, not a new window
  // (the balcony view's contact figure reads it the same way).
  const firstIro = f.firstIroStartsOn !== undefined ? f.firstIroStartsOn : iro;
  const firstGuardian = f.firstGuardianStartsOn !== undefined ? f.firstGuardianStartsOn : guardian;
  const firstPair = both && firstIro && firstGuardian ? later(firstIro, firstGuardian) : null;

  rows.push(
    iro
      ? row(Step.IRO_KNOWN_TO_COURT, calendar.addWorkingDays(later(iro, f.issueDate), 1), notice("IRO_KNOWN_TO_COURT"))
      : na(Step.IRO_KNOWN_TO_COURT, "No IRO appointed yet"),
  );
  rows.push(
    both
      ? row(Step.GUARDIAN_AND_IRO_INTRODUCED, calendar.addWorkingDays(both, 1), notice("GUARDIAN_AND_IRO_INTRODUCED"))
      : na(Step.GUARDIAN_AND_IRO_INTRODUCED, "Needs both an IRO and a guardian"),
  );
  rows.push(
    both
      ? row(
          Step.EARLY_CONTACT,
          calendar.addWorkingDays(firstPair ?? both, 10),
          liaison((l) => compareDates(l.occurredOn, firstPair ?? both) >= 0),
        )
      : na(Step.EARLY_CONTACT, "Needs both an IRO and a guardian"),
  );
  rows.push(
    iro
      ? row(Step.PAPERS_REACH_IRO, calendar.addWorkingDays(later(iro, f.issueDate), 1), delivery("C110A_APPLICATION"))
      : na(Step.PAPERS_REACH_IRO, "No IRO appointed yet"),
  );

  // Step 5: views exchanged (careplanViews) before each CMH, IRH and final hearing.
  if (!both || !f.keyHearings.length) {
    rows.push(na(Step.CARE_PLAN_VIEWS_BEFORE_HEARINGS, !both ? "Needs both an IRO and a guardian" : "No CMH, IRH or final hearing listed"));
  } else {
    const hearings = [...f.keyHearings].sort((a, b) => compareDates(a.date, b.date));
    let previous: LocalDate = "0000-01-01";
    let result: ChecklistRow | null = null;
    let lastEvidence: Evidence | null = null;
    for (const h of hearings) {
      const from = previous;
      const ev = liaison((l) => careplanViews(l) && compareDates(l.occurredOn, from) >= 0 && compareDates(l.occurredOn, h.date) < 0);
      const dueOn = calendar.addWorkingDays(h.date, -1);
      if (!ev) {
        result = row(Step.CARE_PLAN_VIEWS_BEFORE_HEARINGS, dueOn, null, `Views before the ${h.type} on ${h.date}`);
        break;
      }
      lastEvidence = ev;
      previous = h.date;
    }
    rows.push(result ?? row(Step.CARE_PLAN_VIEWS_BEFORE_HEARINGS, null, lastEvidence, "Views shared before every listed key hearing"));
  }

  rows.push(
    both
      ? row(
          Step.REVIEWS_IN_PROCEEDINGS,
          calendar.addWorkingDays(both, 10),
          liaison((l) => l.topics.includes("REVIEW_DATES") && l.authorRole === "IRO"),
        )
      : na(Step.REVIEWS_IN_PROCEEDINGS, "Needs both an IRO and a guardian"),
  );

  if (!f.outcome) {
    rows.push(na(Step.OUTCOME_TO_IRO, "No final outcome yet"));
    rows.push(na(Step.POST_ORDER_MONITORING, "No final order yet"));
  } else {
    const order = delivery("FINAL_ORDER");
    const plan = delivery("FINAL_CARE_PLAN");
    const handover = guardian ? liaison((l) => l.topics.includes("HANDOVER") && l.authorRole === "GUARDIAN") : null;
    const missing = [!order && "final order", !plan && "final care plan", guardian && !handover && "guardian's handover note"].filter(Boolean);
    const done = missing.length ? null : (order ?? plan);
    rows.push(row(Step.OUTCOME_TO_IRO, calendar.addWorkingDays(f.outcome.orderDate, 2), done, missing.length ? `Waiting for: ${missing.join(", ")}` : null));
    if (f.outcome.orderType === "NO_ORDER") {
      rows.push(na(Step.POST_ORDER_MONITORING, "No order was made"));
    } else if (f.postOrder.overdueForIro > 0) {
      rows.push({
        step: Step.POST_ORDER_MONITORING,
        status: ChecklistStatus.OVERDUE,
        dueOn: f.postOrder.firstOverdueDue,
        evidence: null,
        note: `${f.postOrder.overdueForIro} post-order change(s) not acknowledged by the IRO in time`,
      });
    } else {
      const last = f.postOrder.lastAcknowledged;
      rows.push({
        step: Step.POST_ORDER_MONITORING,
        status: ChecklistStatus.DONE,
        dueOn: null,
        evidence: last ? { kind: "POST_ORDER_CHANGE", id: last.id, on: last.on } : null,
        note: "Every post-order change reached the IRO in time",
      });
    }
  }
  return rows;
}
