import { randomUUID } from "node:crypto";
import { EntityManager } from "typeorm";
import { Calendar, LocalDate, addDays, addWeeks, compareDates } from "../core/calendar/calendar";
import type { ComplianceFigures } from "../modules/liaison/liaison.module";

// A synthetic national data set for the compliance view: local authorities with their IRO
// services and courts, Cafcass areas, and children in proceedings over several years with
// appointments, application papers, liaison, final hearings and agreed actions. It is made
// with a seeded random generator, and while it writes it counts the figures the compliance view
// should report (with the calendar module, in JavaScript), so tests can check the SQL against
// an independent answer and the benchmark can run at national scale.

export interface NationalDataOptions {
  localAuthorities: number;
  childrenPerYear: number;
  years: number;
  today: LocalDate;
  issuerId: string;
  seed?: number;
}

/** The compliance counts the generator works out for itself (caseloads aside). */
export type ExpectedFigures = Pick<
  ComplianceFigures,
  | "children"
  | "papersReachedIroInTime"
  | "childrenWithIroAndGuardian"
  | "contactWithinTenWorkingDays"
  | "contactPending"
  | "childrenWithFinalHearing"
  | "viewsBeforeFinalHearing"
  | "outstandingActions"
  | "overdueActions"
>;

export interface NationalData {
  from: LocalDate;
  to: LocalDate;
  national: ExpectedFigures;
  /** The first local authority's figures, and the subject of its IRO manager. */
  firstService: ExpectedFigures & { managerSubject: string };
  /** The first Cafcass area's figures (local authorities 1-10), and the subject of its manager. */
  firstArea: ExpectedFigures & { managerSubject: string };
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const zero = (): ExpectedFigures => ({
  children: 0,
  papersReachedIroInTime: 0,
  childrenWithIroAndGuardian: 0,
  contactWithinTenWorkingDays: 0,
  contactPending: 0,
  childrenWithFinalHearing: 0,
  viewsBeforeFinalHearing: 0,
  outstandingActions: 0,
  overdueActions: 0,
});

/**
 * Inserts rows column-wise with unnest: one statement per batch, whatever the row count.
 * Array columns (type ending in []) travel as array literals in text and are cast in SQL.
 */
async function bulk(em: EntityManager, table: string, columns: [string, string][], rows: unknown[][]): Promise<void> {
  const unnestAs = (t: string) => (t.endsWith("[]") ? "text" : t);
  for (let i = 0; i < rows.length; i += 5000) {
    const batch = rows.slice(i, i + 5000);
    const params = columns.map((_, c) => batch.map((r) => r[c]));
    await em.query(
      `INSERT INTO ${table} (${columns.map(([n]) => n).join(", ")})
       SELECT ${columns.map(([, t], c) => `u.c${c}::${t}`).join(", ")}
         FROM unnest(${columns.map(([, t], c) => `$${c + 1}::${unnestAs(t)}[]`).join(", ")}) AS u(${columns.map((_, c) => `c${c}`).join(", ")})`,
      params,
    );
  }
}

export async function generateNationalData(em: EntityManager, calendar: Calendar, o: NationalDataOptions): Promise<NationalData> {
  const rand = rng(o.seed ?? 42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const from = addDays(o.today, -365 * o.years);
  const to = o.today;
  const span = 365 * o.years;

  const orgs: unknown[][] = [];
  const users: unknown[][] = [];
  const las: { la: string; iroService: string; court: string; legal: string; iros: string[]; guardians: string[] }[] = [];
  const areas: { id: string; guardians: string[] }[] = [];
  for (let a = 0; a < Math.ceil(o.localAuthorities / 10); a++) {
    const id = randomUUID();
    orgs.push([id, `Cafcass area ${a + 1}`, "CAFCASS_AREA", null, null, o.issuerId]);
    const guardians = Array.from({ length: 25 }, (_, g) => {
      const uid = randomUUID();
      users.push([uid, id, o.issuerId, `nat-guardian-${a}-${g}`, `Guardian ${a}-${g}`, `g${a}-${g}@example.org.uk`, "{GUARDIAN}"]);
      return uid;
    });
    users.push([randomUUID(), id, o.issuerId, `nat-cafcassmgr-${a}`, `Cafcass manager ${a}`, `cm${a}@example.org.uk`, "{CAFCASS_MANAGER}"]);
    areas.push({ id, guardians });
  }
  for (let l = 0; l < o.localAuthorities; l++) {
    const area = areas[Math.floor(l / 10)];
    const la = randomUUID();
    const iroService = randomUUID();
    const court = randomUUID();
    orgs.push([la, `Local authority ${l + 1}`, "LOCAL_AUTHORITY", null, null, o.issuerId]);
    orgs.push([iroService, `IRO service ${l + 1}`, "IRO_SERVICE", la, null, o.issuerId]);
    orgs.push([court, `Family court ${l + 1}`, "COURT", null, area.id, o.issuerId]);
    const legal = randomUUID();
    users.push([legal, la, o.issuerId, `nat-legal-${l}`, `Legal ${l}`, `legal${l}@example.org.uk`, "{LA_LEGAL}"]);
    users.push([randomUUID(), iroService, o.issuerId, `nat-iromgr-${l}`, `IRO manager ${l}`, `iromgr${l}@example.org.uk`, "{IRO_MANAGER}"]);
    const iros = Array.from({ length: 10 }, (_, i) => {
      const uid = randomUUID();
      users.push([uid, iroService, o.issuerId, `nat-iro-${l}-${i}`, `IRO ${l}-${i}`, `iro${l}-${i}@example.org.uk`, "{IRO}"]);
      return uid;
    });
    las.push({ la, iroService, court, legal, iros, guardians: area.guardians });
  }
  // Parents before children: the IRO services and courts refer to LAs and areas.
  orgs.sort((a, b) => (a[3] || a[4] ? 1 : 0) - (b[3] || b[4] ? 1 : 0));
  await bulk(
    em,
    "organisation",
    [
      ["id", "uuid"],
      ["name", "text"],
      ["kind", "organisation_kind"],
      ["local_authority_id", "uuid"],
      ["cafcass_area_id", "uuid"],
      ["issuer_id", "uuid"],
    ],
    orgs,
  );
  await bulk(
    em,
    "hub_user",
    [
      ["id", "uuid"],
      ["organisation_id", "uuid"],
      ["issuer_id", "uuid"],
      ["subject", "text"],
      ["display_name", "text"],
      ["email", "text"],
      ["roles", "role[]"],
    ],
    users,
  );

  const proceedings: unknown[][] = [];
  const children: unknown[][] = [];
  const appointments: unknown[][] = [];
  const documents: unknown[][] = [];
  const deliveries: unknown[][] = [];
  const hearings: unknown[][] = [];
  const liaisons: unknown[][] = [];
  const actions: unknown[][] = [];
  const national = zero();
  const first = zero();
  const firstArea = zero();
  const total = o.childrenPerYear * o.years;

  for (let n = 0; n < total; n++) {
    const l = Math.floor(rand() * o.localAuthorities);
    const site = las[l];
    const tallies = [national, ...(l === 0 ? [first] : []), ...(l < 10 ? [firstArea] : [])];
    const count = (k: keyof ExpectedFigures) => tallies.forEach((t) => t[k]++);
    const drawn = calendar.workingDayOnOrBefore(addDays(from, Math.floor(rand() * span)));
    const issue = compareDates(drawn, from) < 0 ? calendar.nextWorkingDayOnOrAfter(from) : drawn;
    const pid = randomUUID();
    const cid = randomUUID();
    proceedings.push([pid, site.court, `NAT${n}`, site.la, issue, "CARE_ORDER", "OPEN", site.legal]);
    children.push([cid, pid, "Child", `N${n}`, "2015-01-01", `NAT-${n}`]);
    count("children");

    const iro = pick(site.iros);
    const iroStart = addDays(issue, -Math.floor(rand() * 30));
    // Older cases' IROs have moved on; recent ones make up today's caseloads.
    const iroEnds = compareDates(issue, addDays(o.today, -400)) < 0 ? addDays(issue, 300) : null;
    appointments.push([randomUUID(), pid, cid, "IRO", iro, site.iroService, iroStart, iroEnds]);
    const hasGuardian = rand() < 0.9;
    const guardianStart = calendar.addWorkingDays(issue, 1 + Math.floor(rand() * 4));
    // A guardian appointed to start after today does not count yet (nor does their window).
    const guardianStarted = hasGuardian && compareDates(guardianStart, o.today) <= 0;
    if (hasGuardian) {
      appointments.push([randomUUID(), pid, cid, "GUARDIAN", pick(site.guardians), areas[Math.floor(l / 10)].id, guardianStart, null]);
      if (guardianStarted) count("childrenWithIroAndGuardian");
    }

    if (rand() < 0.85) {
      const docId = randomUUID();
      const inTime = rand() < 0.6;
      documents.push([
        docId,
        pid,
        "C110A_APPLICATION",
        "Application",
        issue,
        "{}",
        "OPEN",
        "LA_LEGAL_DEPARTMENT",
        site.legal,
        site.la,
        "ACTIVE",
        "c110a.pdf",
        "application/pdf",
        1000,
        "0".repeat(64),
        `documents/${pid}/${docId}`,
      ]);
      const deliveredOn = inTime ? issue : calendar.addWorkingDays(issue, 2 + Math.floor(rand() * 5));
      deliveries.push([
        randomUUID(),
        docId,
        pid,
        "IRO",
        iro,
        site.iroService,
        `${deliveredOn}T12:00:00Z`,
        deliveredOn,
        calendar.addWorkingDays(deliveredOn, 2),
      ]);
      if (inTime) count("papersReachedIroInTime");
    }

    if (hasGuardian) {
      const bothFrom = compareDates(iroStart, guardianStart) >= 0 ? iroStart : guardianStart;
      // In time means on or before the 10th working day after the later appointment, as the
      // calendar module counts it (a weekend after that day is late).
      const deadline = calendar.addWorkingDays(bothFrom, 10);
      let inTime = false;
      if (rand() < 0.75) {
        const on = addDays(bothFrom, Math.floor(rand() * 21));
        if (compareDates(on, o.today) <= 0) {
          const lid = randomUUID();
          liaisons.push([lid, pid, cid, on, "CALL", "{Guardian,IRO}", "{CONTACT}", iro, "IRO", `${on}T12:00:00Z`]);
          inTime = compareDates(on, deadline) <= 0;
          if (inTime) count("contactWithinTenWorkingDays");
          if (rand() < 0.3) {
            const due = addDays(on, 14);
            const done = rand() < 0.5;
            actions.push([randomUUID(), lid, pid, cid, "Agreed action", "IRO", due, done ? `${on}T12:00:00Z` : null]);
            if (!done) {
              count("outstandingActions");
              if (compareDates(due, o.today) < 0) count("overdueActions");
            }
          }
        }
      }
      // No contact yet and the window still open: pending, not late.
      if (guardianStarted && !inTime && compareDates(deadline, o.today) >= 0) count("contactPending");
      const finalDate = calendar.workingDayOnOrBefore(addWeeks(issue, 26 + Math.floor(rand() * 20)));
      if (compareDates(finalDate, o.today) <= 0) {
        hearings.push([randomUUID(), pid, "FINAL", finalDate, site.legal]);
        count("childrenWithFinalHearing");
        if (rand() < 0.6) {
          const on = addDays(finalDate, -1 - Math.floor(rand() * 10));
          liaisons.push([randomUUID(), pid, cid, on, "MEETING", "{Guardian,IRO}", "{CARE_PLAN}", iro, "IRO", `${on}T12:00:00Z`]);
          count("viewsBeforeFinalHearing");
        }
      }
    }
  }

  await bulk(
    em,
    "proceedings",
    [
      ["id", "uuid"],
      ["court_id", "uuid"],
      ["court_case_number", "text"],
      ["local_authority_id", "uuid"],
      ["issue_date", "date"],
      ["application_type", "application_type"],
      ["status", "proceedings_status"],
      ["registered_by_id", "uuid"],
    ],
    proceedings,
  );
  await bulk(
    em,
    "child",
    [
      ["id", "uuid"],
      ["proceedings_id", "uuid"],
      ["given_name", "text"],
      ["family_name", "text"],
      ["date_of_birth", "date"],
      ["la_reference", "text"],
    ],
    children,
  );
  await bulk(
    em,
    "appointment",
    [
      ["id", "uuid"],
      ["proceedings_id", "uuid"],
      ["child_id", "uuid"],
      ["role", "appointment_role"],
      ["user_id", "uuid"],
      ["organisation_id", "uuid"],
      ["starts_on", "date"],
      ["ends_on", "date"],
    ],
    appointments,
  );
  await bulk(
    em,
    "court_document",
    [
      ["id", "uuid"],
      ["proceedings_id", "uuid"],
      ["type", "document_type"],
      ["title", "text"],
      ["document_date", "date"],
      ["child_ids", "uuid[]"],
      ["confidentiality", "confidentiality"],
      ["filed_by_role", "appointment_role"],
      ["filed_by_id", "uuid"],
      ["filed_by_organisation_id", "uuid"],
      ["status", "document_status"],
      ["file_name", "text"],
      ["content_type", "text"],
      ["size_bytes", "bigint"],
      ["sha256", "text"],
      ["storage_key", "text"],
    ],
    documents,
  );
  await bulk(
    em,
    "paper_delivery",
    [
      ["id", "uuid"],
      ["document_id", "uuid"],
      ["proceedings_id", "uuid"],
      ["role", "appointment_role"],
      ["user_id", "uuid"],
      ["organisation_id", "uuid"],
      ["delivered_at", "timestamptz"],
      ["delivered_on", "date"],
      ["acknowledge_by", "date"],
    ],
    deliveries,
  );
  await bulk(
    em,
    "hearing",
    [
      ["id", "uuid"],
      ["proceedings_id", "uuid"],
      ["type", "hearing_type"],
      ["date", "date"],
      ["recorded_by_id", "uuid"],
    ],
    hearings,
  );
  await bulk(
    em,
    "liaison_record",
    [
      ["id", "uuid"],
      ["proceedings_id", "uuid"],
      ["child_id", "uuid"],
      ["occurred_on", "date"],
      ["method", "liaison_method"],
      ["participants", "text[]"],
      ["topics", "liaison_topic[]"],
      ["author_id", "uuid"],
      ["author_role", "appointment_role"],
      ["editable_until", "timestamptz"],
    ],
    liaisons,
  );
  await bulk(
    em,
    "liaison_action",
    [
      ["id", "uuid"],
      ["liaison_id", "uuid"],
      ["proceedings_id", "uuid"],
      ["child_id", "uuid"],
      ["description", "text"],
      ["owner", "action_owner"],
      ["due_on", "date"],
      ["completed_at", "timestamptz"],
    ],
    actions,
  );
  await em.query("ANALYZE");
  return {
    from,
    to,
    national,
    firstService: { ...first, managerSubject: "nat-iromgr-0" },
    firstArea: { ...firstArea, managerSubject: "nat-cafcassmgr-0" },
  };
}
