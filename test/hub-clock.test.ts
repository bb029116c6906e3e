import { startTestHub, TestHub, codes, DEMO_USERS } from "./support/test-hub";
import { eventually } from "./support/hub-process";

// The hub's clock, moved from outside the process: every date rule and job follows it.
describe("the hub's clock", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ today: "2026-11-30" });
  });
  afterAll(() => hub.stop());

  const CLOCK = `{ hubClock { today settable offsetSeconds } }`;
  const WEEKS = `{ myCases(first: 5) { edges { node { courtCaseNumber timetable { weeksRunning } } } } }`;
  const weeks = async () =>
    Object.fromEntries(
      (await hub.gql(DEMO_USERS.court, WEEKS)).data.myCases.edges.map((e: { node: { courtCaseNumber: string; timetable: { weeksRunning: number } } }) => [
        e.node.courtCaseNumber,
        e.node.timetable.weeksRunning,
      ]),
    );

  it("is stepped by an administrator through the API; deadlines and jobs follow at once", async () => {
    expect((await hub.gql(DEMO_USERS.court, CLOCK)).data.hubClock).toMatchObject({ today: "2026-11-30", settable: true });
    const before = await weeks();
    const overdue = async () => (await hub.sql("SELECT count(*)::int AS n FROM overdue_notice"))[0].n as number;
    const overdueBefore = await overdue();

    expect(codes(await hub.gql(DEMO_USERS.iroManager, `mutation { setHubClock(advanceDays: 1) { today } }`))).toEqual(["FORBIDDEN"]);
    expect(codes(await hub.gql(DEMO_USERS.admin, `mutation { setHubClock(advanceDays: 1, reset: true) { today } }`))).toEqual(["BAD_USER_INPUT"]);

    // A day, across a month end.
    expect((await hub.gql(DEMO_USERS.admin, `mutation { setHubClock(advanceDays: 1) { today } }`)).data.setHubClock.today).toBe("2026-12-01");
    // A week: the timetable moves by one week.
    const res = await hub.gql(DEMO_USERS.admin, `mutation { setHubClock(advanceDays: 6) { today offsetSeconds } }`);
    expect(res.data.setHubClock.today).toBe("2026-12-07");
    const after = await weeks();
    for (const [number, w] of Object.entries(before)) expect(after[number]).toBe((w as number) + 1);
    // A year: the jobs run at once on the new day, and raise what has become overdue.
    await hub.gql(DEMO_USERS.admin, `mutation { setHubClock(advanceDays: 365) { today } }`);
    await eventually(async () => (await overdue()) > overdueBefore, 10_000, "overdue notices for the new day");
    // Back to a set time.
    const set = await hub.gql(DEMO_USERS.admin, `mutation { setHubClock(to: "2027-03-01T10:00:00Z") { today } }`);
    expect(set.data.setHubClock.today).toBe("2027-03-01");
  });

  it("cannot be set in production: refused, and the attempt logged", async () => {
    const prod = await startTestHub({ config: { mode: "production" }, attachTo: hub });
    try {
      expect((await prod.gql(DEMO_USERS.admin, CLOCK)).data.hubClock.settable).toBe(false);
      expect(codes(await prod.gql(DEMO_USERS.admin, `mutation { setHubClock(advanceDays: 1) { today } }`))).toEqual(["FORBIDDEN"]);
    } finally {
      await prod.stop();
    }
  });
});
