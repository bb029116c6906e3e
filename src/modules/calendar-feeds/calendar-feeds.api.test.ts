import type ICALModule from "ical.js" with { "resolution-mode": "import" };
// ical.js is an ES module with a CommonJS build; the tests are compiled to CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL: typeof ICALModule = require("ical.js");
import { startTestHub, TestHub, codes, DEMO_USERS } from "../../../test/support/test-hub";
import { STEP_TITLES } from "../liaison/liaison.module";

const CREATE = `mutation { createCalendarFeed { url createdAt } }`;

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents("vevent").map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      start: e.startDate.toString(),
      allDay: e.startDate.isDate,
      url: String(v.getFirstPropertyValue("url")),
      description: e.description,
    };
  });
}

describe("calendar feeds: a person's deadlines in the calendar they use", () => {
  let hub: TestHub;
  const PUBLIC = "https://hub.example.gov.uk";

  beforeAll(async () => {
    hub = await startTestHub({ config: { publicUrl: PUBLIC } });
  });
  afterAll(() => hub.stop());

  const fetchFeed = async (url: string) => {
    const res = await fetch(new URL(new URL(url).pathname, hub.server.url));
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  };

  it("gives an IRO a private feed of hearings and review dates that calendars can read: case numbers, never a child's name", async () => {
    const res = await hub.gql(DEMO_USERS.iroAlex, CREATE);
    expect(res.errors).toBeUndefined();
    const { url } = res.data.createCalendarFeed;
    expect(url).toMatch(new RegExp(`^${PUBLIC}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    const feed = await fetchFeed(url);
    expect(feed.status).toBe(200);
    expect(feed.type).toBe("text/calendar; charset=utf-8");
    expect(feed.text).not.toMatch(/Amber|Jay|Example/);
    process.stdout.write(
      `calendar entry as read by a calendar:\n${feed.text.slice(feed.text.indexOf("BEGIN:VEVENT"), feed.text.indexOf("END:VEVENT") + 10)}\n`,
    );

    const events = parse(feed.text);
    // The hearings of the last month and the year ahead, as the database holds them.
    const hearings = await hub.sql(
      `SELECT h.id, h.type, h.date::text AS date FROM hearing h JOIN proceedings p ON p.id = h.proceedings_id
        WHERE p.court_case_number = 'NS26C00041' AND h.date BETWEEN $1::date - 31 AND $1::date + 366`,
      [hub.clock.today()],
    );
    expect(hearings.length).toBeGreaterThan(0);
    for (const h of hearings) {
      expect(events).toContainEqual(
        expect.objectContaining({ uid: `hearing-${h.id}@proceedings-hub`, summary: `Hearing (${h.type}): case NS26C00041`, start: h.date, allDay: true }),
      );
    }
    // Jay's next review (Alex is his IRO), as the API computes it.
    const [{ id: jay }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Jay'");
    const schedule = (await hub.gql(DEMO_USERS.iroAlex, `query($id: ID!) { reviewSchedule(childId: $id) { nextDueOn } }`, { id: jay })).data.reviewSchedule;
    expect(events).toContainEqual(
      expect.objectContaining({ summary: "Review due: case NS26C00041", start: schedule.nextDueOn, url: `${PUBLIC}/children/${jay}/reviews` }),
    );
    // Every read of the feed is audited, against the cases it showed.
    const audited = await hub.sql("SELECT count(*)::int AS n FROM audit_entry WHERE operation = 'HTTP.calendarFeed' AND proceedings_id IS NOT NULL");
    expect(audited[0].n).toBeGreaterThan(0);
    const mine = await hub.gql(DEMO_USERS.iroAlex, `{ myCalendarFeed { createdAt lastFetchedAt } }`);
    expect(mine.data.myCalendarFeed.lastFetchedAt).not.toBeNull();
  });

  it("shows the court what it must acknowledge, and nobody else's deadlines", async () => {
    const [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    const doc = await hub.filePaper(caseId);
    const [{ by }] = await hub.sql("SELECT acknowledge_by::text AS by FROM paper_delivery WHERE document_id = $1 AND user_id IS NULL", [doc]);

    const court = parse((await fetchFeed((await hub.gql(DEMO_USERS.court, CREATE)).data.createCalendarFeed.url)).text);
    expect(court).toContainEqual(expect.objectContaining({ summary: "Acknowledge court paper: case NS26C00041", start: by, url: `${PUBLIC}/papers/${doc}` }));
    expect(court.every((e) => !e.summary.startsWith("Review due"))).toBe(true);
    // Bea reviews only the other case's child: none of case NS26C00041's reviews or papers are hers.
    const bea = parse((await fetchFeed((await hub.gql(DEMO_USERS.iroBea, CREATE)).data.createCalendarFeed.url)).text);
    expect(bea.filter((e) => !e.summary.startsWith("Hearing")).every((e) => e.summary.endsWith("NS26C00057"))).toBe(true);
  });

  it("shows a newly appointed IRO the protocol steps still to do, and keeps them once overdue until done", async () => {
    // Bea becomes Amber's IRO today: the early protocol steps fall due in the coming days.
    const [{ id: amber }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Amber'");
    const bea = await hub.userId(DEMO_USERS.iroBea);
    const appointed = await hub.gql(DEMO_USERS.iroManager, `mutation($i: AppointPersonInput!) { appointIro(input: $i) { id } }`, {
      i: { childId: amber, userId: bea, startsOn: hub.clock.today() },
    });
    expect(appointed.errors).toBeUndefined();
    const rows = (await hub.gql(DEMO_USERS.iroBea, `query($id: ID!) { protocolChecklist(childId: $id) { step status dueOn } }`, { id: amber })).data
      .protocolChecklist as { step: string; status: string; dueOn: string | null }[];
    const due = rows.filter((r) => r.status === "DUE" && r.dueOn);
    expect(due.length).toBeGreaterThan(0);
    const events = parse((await fetchFeed((await hub.gql(DEMO_USERS.iroBea, CREATE)).data.createCalendarFeed.url)).text);
    for (const r of due) {
      expect(events).toContainEqual(
        expect.objectContaining({
          summary: `Protocol ${STEP_TITLES[r.step as keyof typeof STEP_TITLES]}: case NS26C00041`,
          start: r.dueOn,
          url: `${PUBLIC}/children/${amber}/checklist`,
        }),
      );
    }

    // Past their dates, not done: still in the calendar, said to be overdue, on their day.
    const latest = due
      .map((r) => r.dueOn!)
      .sort()
      .at(-1)!;
    const before = hub.clock.today();
    hub.clock.setToday(new Date(Date.parse(latest) + 86_400_000).toISOString().slice(0, 10));
    try {
      const later = (await hub.gql(DEMO_USERS.iroBea, `query($id: ID!) { protocolChecklist(childId: $id) { step status dueOn } }`, { id: amber })).data
        .protocolChecklist as { step: string; status: string; dueOn: string | null }[];
      const overdue = later.filter((r) => r.status === "OVERDUE" && due.some((d) => d.step === r.step));
      expect(overdue.length).toBeGreaterThan(0);
      const feed = parse((await fetchFeed((await hub.gql(DEMO_USERS.iroBea, CREATE)).data.createCalendarFeed.url)).text);
      for (const r of overdue) {
        const uid = `protocol-${amber}-${r.step}-${r.dueOn}@proceedings-hub`;
        expect(feed).toContainEqual(
          expect.objectContaining({ uid, summary: `Protocol ${STEP_TITLES[r.step as keyof typeof STEP_TITLES]} (overdue): case NS26C00041`, start: r.dueOn }),
        );
      }
    } finally {
      hub.clock.setToday(before);
    }
  });

  it("stops at once when revoked or replaced, and a guessed URL finds nothing", async () => {
    const first = (await hub.gql(DEMO_USERS.guardianGrace, CREATE)).data.createCalendarFeed.url;
    expect((await fetchFeed(first)).status).toBe(200);
    const second = (await hub.gql(DEMO_USERS.guardianGrace, CREATE)).data.createCalendarFeed.url;
    expect((await fetchFeed(first)).status).toBe(404);
    expect((await fetchFeed(second)).status).toBe(200);
    expect((await hub.gql(DEMO_USERS.guardianGrace, `mutation { revokeCalendarFeed }`)).data.revokeCalendarFeed).toBe(true);
    expect((await fetchFeed(second)).status).toBe(404);
    expect((await fetchFeed(`${PUBLIC}/calendar/${"A".repeat(43)}.ics`)).status).toBe(404);
    expect((await fetchFeed(`${PUBLIC}/calendar/short.ics`)).status).toBe(404);
    expect(codes(await hub.gql(null, CREATE))).toEqual(["UNAUTHENTICATED"]);
  });

  it("ends with the person's access", async () => {
    const url = (await hub.gql(DEMO_USERS.guardianGil, CREATE)).data.createCalendarFeed.url;
    expect((await fetchFeed(url)).status).toBe(200);
    const gil = await hub.userId(DEMO_USERS.guardianGil);
    await hub.gql(DEMO_USERS.admin, `mutation($id: ID!) { deactivateUser(userId: $id) { active } }`, { id: gil });
    expect((await fetchFeed(url)).status).toBe(404);
    // For good, like revoking it: reactivating the person does not bring the old link back.
    const back = await hub.gql(DEMO_USERS.admin, `mutation($id: ID!) { reactivateUser(userId: $id) { active } }`, { id: gil });
    expect(back.data.reactivateUser.active).toBe(true);
    expect((await fetchFeed(url)).status).toBe(404);
    expect((await hub.gql(DEMO_USERS.guardianGil, `{ myCalendarFeed { createdAt } }`)).data.myCalendarFeed).toBeNull();
  });
});
