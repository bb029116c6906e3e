import { LocalDate, addDays } from "../../core/calendar/calendar";

// How long a child's records are kept, and why: one rule per retention class, each with its
// source, decided by the proceedings' final outcome for the child (a later outcome recomputes it).

export enum RetentionClass {
  /** A care or placement order: the child became looked after. */
  LOOKED_AFTER = "LOOKED_AFTER",
  /** Proceedings that ended without the child becoming looked after. */
  NOT_LOOKED_AFTER = "NOT_LOOKED_AFTER",
  /** No final outcome yet: nothing is due. */
  OPEN = "OPEN",
}

export const LOOKED_AFTER_ORDERS = ["CARE_ORDER", "PLACEMENT_ORDER"];

export const RULES: Record<RetentionClass, string> = {
  [RetentionClass.LOOKED_AFTER]:
    "Kept until the 75th anniversary of the child's date of birth, or 15 years from death if the child died before 18 (Care Planning, Placement and Case Review (England) Regulations 2010, reg. 50)",
  [RetentionClass.NOT_LOOKED_AFTER]:
    "Kept until the child's birthday of the age the local authority's schedule sets (default 25th, as the IRMS retention guidelines for children's social care records of children not looked after)",
  [RetentionClass.OPEN]: "Not yet due: the proceedings have no final outcome for the child",
};

const addYears = (date: LocalDate, years: number): LocalDate => {
  const [y, m, d] = date.split("-").map(Number);
  // 29 February counts on to 1 March in a year without one.
  const target = new Date(Date.UTC(y + years, m - 1, d));
  return target.toISOString().slice(0, 10) as LocalDate;
};

export interface Retention {
  retentionClass: RetentionClass;
  /** The first day the records may be disposed of (null while open). */
  disposeOn: LocalDate | null;
  rule: string;
}

export function retentionOf(child: { dateOfBirth: LocalDate; diedOn?: LocalDate | null }, orderType: string | null, ageNotLookedAfter: number): Retention {
  if (!orderType) return { retentionClass: RetentionClass.OPEN, disposeOn: null, rule: RULES.OPEN };
  if (LOOKED_AFTER_ORDERS.includes(orderType)) {
    const diedYoung = child.diedOn && child.diedOn < addYears(child.dateOfBirth, 18);
    const keptUntil = diedYoung ? addYears(child.diedOn!, 15) : addYears(child.dateOfBirth, 75);
    return { retentionClass: RetentionClass.LOOKED_AFTER, disposeOn: addDays(keptUntil, 1), rule: RULES.LOOKED_AFTER };
  }
  return {
    retentionClass: RetentionClass.NOT_LOOKED_AFTER,
    disposeOn: addDays(addYears(child.dateOfBirth, ageNotLookedAfter), 1),
    rule: RULES.NOT_LOOKED_AFTER,
  };
}
