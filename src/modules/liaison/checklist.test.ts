import { Calendar } from "../../core/calendar/calendar";
import { ChildFacts, computeChecklist } from "./checklist";

const cal = new Calendar();
const base: ChildFacts = {
  issueDate: "2026-09-21",
  iroStartsOn: null,
  guardianStartsOn: null,
  notices: [],
  liaisons: [],
  iroDeliveries: [],
  keyHearings: [],
  outcome: null,
  postOrder: { overdueForIro: 0, firstOverdueDue: null, lastAcknowledged: null },
};
const status = (f: ChildFacts, today = "2026-11-30") => Object.fromEntries(computeChecklist(cal, f, today).map((r) => [r.step, r]));

describe("protocol checklist rules", () => {
  it("nothing applies before anyone is appointed, except nothing", () => {
    const s = status(base);
    expect(Object.values(s).every((r) => r.status === "NOT_APPLICABLE")).toBe(true);
  });

  it("counts the early-contact deadline in working days from the later appointment, across bank holidays", () => {
    // Guardian from Tue 2026-12-22: 10 working days skip Christmas, Boxing Day (Mon 28) and New Year.
    const f = { ...base, iroStartsOn: "2026-12-01", guardianStartsOn: "2026-12-22" };
    expect(status(f, "2026-12-22").EARLY_CONTACT).toMatchObject({ status: "DUE", dueOn: "2027-01-08" });
    expect(status(f, "2027-01-11").EARLY_CONTACT.status).toBe("OVERDUE");
    const met = { ...f, liaisons: [{ id: "l1", occurredOn: "2027-01-05", topics: ["CONTACT"], authorRole: "GUARDIAN" }] };
    expect(status(met, "2027-01-11").EARLY_CONTACT).toMatchObject({ status: "DONE", evidence: { kind: "LIAISON", id: "l1" } });
  });

  it("keeps the early-contact window of the child's first IRO and guardian when either is replaced", () => {
    // First pair from Tue 1 Sep; a contact on 8 Sep was in time. A new IRO from 30 Nov does not reopen it.
    const f: ChildFacts = {
      ...base,
      iroStartsOn: "2026-11-30",
      guardianStartsOn: "2026-09-01",
      firstIroStartsOn: "2026-08-28",
      firstGuardianStartsOn: "2026-09-01",
      liaisons: [{ id: "early", occurredOn: "2026-09-08", topics: ["CONTACT"], authorRole: "IRO" }],
    };
    expect(status(f).EARLY_CONTACT).toMatchObject({ status: "DONE", dueOn: "2026-09-15", evidence: { id: "early" } });
  });

  it("takes care plan views recorded for step 5 under any topic", () => {
    const f: ChildFacts = {
      ...base,
      iroStartsOn: "2026-09-01",
      guardianStartsOn: "2026-09-23",
      keyHearings: [{ type: "CMH", date: "2026-10-06" }],
      liaisons: [{ id: "v", occurredOn: "2026-10-01", topics: ["CONTACT"], authorRole: "IRO", protocolStep: "CARE_PLAN_VIEWS_BEFORE_HEARINGS" }],
    };
    expect(status(f).CARE_PLAN_VIEWS_BEFORE_HEARINGS).toMatchObject({ status: "DONE", evidence: { id: "v" } });
  });

  it("asks for care plan views before each key hearing in turn", () => {
    const f: ChildFacts = {
      ...base,
      iroStartsOn: "2026-09-01",
      guardianStartsOn: "2026-09-23",
      keyHearings: [
        { type: "CMH", date: "2026-10-06" },
        { type: "IRH", date: "2027-01-25" },
        { type: "FINAL", date: "2027-03-15" },
      ],
      liaisons: [
        { id: "a", occurredOn: "2026-10-01", topics: ["CARE_PLAN"], authorRole: "IRO" },
        { id: "b", occurredOn: "2027-01-20", topics: ["CARE_PLAN"], authorRole: "GUARDIAN" },
      ],
    };
    expect(status(f).CARE_PLAN_VIEWS_BEFORE_HEARINGS).toMatchObject({ status: "DUE", dueOn: "2027-03-12", note: "Views before the FINAL on 2027-03-15" });
    const all = { ...f, liaisons: [...f.liaisons, { id: "c", occurredOn: "2027-03-10", topics: ["CARE_PLAN"], authorRole: "IRO" }] };
    expect(status(all).CARE_PLAN_VIEWS_BEFORE_HEARINGS).toMatchObject({ status: "DONE", evidence: { id: "c" } });
    // Views given before the CMH do not count again for the IRH.
    const stale = { ...f, liaisons: [f.liaisons[0]] };
    expect(status(stale, "2027-02-01").CARE_PLAN_VIEWS_BEFORE_HEARINGS).toMatchObject({ status: "OVERDUE", dueOn: "2027-01-22" });
  });

  it("treats no order as nothing to monitor", () => {
    const f = { ...base, iroStartsOn: "2026-09-01", outcome: { orderType: "NO_ORDER", orderDate: "2026-11-20" } };
    expect(status(f).POST_ORDER_MONITORING.status).toBe("NOT_APPLICABLE");
    expect(status(f).OUTCOME_TO_IRO).toMatchObject({ status: "OVERDUE", dueOn: "2026-11-24" });
  });
});
