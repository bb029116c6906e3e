import { compareDates, LocalDate } from "./calendar/calendar";
import { badInput } from "./errors";
import { Principal, hasRole } from "./auth/principal";
import { Role } from "./access/roles";

/** Dates of things that happened (issue, birth, contact, order) cannot be in the future. */
export function notInFuture(today: LocalDate, field: string, date: LocalDate): void {
  if (compareDates(date, today) > 0) throw badInput(field, "Must not be in the future");
}

/**
 * Whether the caller answers for a recipient row (a delivery, a post-order change): their own
 * when it names a person, their court's when it names the court.
 */
export function answersFor(p: Principal, recipient: { userId: string | null; role: string; organisationId: string }): boolean {
  if (recipient.userId) return recipient.userId === p.userId;
  return recipient.role === "COURT" && recipient.organisationId === p.organisationId && hasRole(p, Role.COURT);
}
