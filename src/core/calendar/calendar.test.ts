import { Calendar, addMonths, todayInEngland, isLocalDate } from "./calendar";
import { bankHolidays, easterSunday } from "./bank-holidays";
import { proceedingsTimetable, reviewSchedule } from "./deadlines";

describe("England and Wales bank holidays", () => {
  it.each([
    [2020, "2020-04-12"],
    [2021, "2021-04-04"],
    [2022, "2022-04-17"],
    [2023, "2023-04-09"],
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2028, "2028-04-16"],
    [2029, "2029-04-01"],
    [2030, "2030-04-21"],
  ])("Easter Sunday %i is %s", (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  // Published lists (GOV.UK) for years with weekend substitutes, moved days and one-offs.
  it.each([
    [2020, ["2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28"]],
    [2021, ["2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28"]],
    [2022, ["2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"]],
    [2023, ["2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"]],
    [2024, ["2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"]],
    [2025, ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"]],
    [2026, ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"]],
    [2027, ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"]],
  ])("%i", (year, expected) => {
    expect(bankHolidays(year)).toEqual(expected);
  });

  it("treats configured one-off holidays as non-working days", () => {
    const plain = new Calendar();
    const withExtra = new Calendar(["2031-06-06"]);
    expect(plain.isWorkingDay("2031-06-06")).toBe(true);
    expect(withExtra.isWorkingDay("2031-06-06")).toBe(false);
    expect(() => new Calendar(["2031-02-30"])).toThrow(RangeError);
  });
});

describe("working-day arithmetic", () => {
  const cal = new Calendar();

  it("skips weekends", () => {
    expect(cal.addWorkingDays("2024-06-07", 1)).toBe("2024-06-10"); // Fri -> Mon
    expect(cal.addWorkingDays("2024-06-10", -1)).toBe("2024-06-07");
    expect(cal.addWorkingDays("2024-06-08", 0)).toBe("2024-06-08");
  });

  it("skips Easter and the Christmas substitute days", () => {
    expect(cal.addWorkingDays("2024-03-28", 1)).toBe("2024-04-02"); // Thu before Good Friday
    expect(cal.addWorkingDays("2021-12-24", 1)).toBe("2021-12-29");
    expect(cal.addWorkingDays("2022-12-23", 2)).toBe("2022-12-29");
  });

  it("skips the 2022 state funeral and the 2023 coronation", () => {
    expect(cal.addWorkingDays("2022-09-16", 1)).toBe("2022-09-20");
    expect(cal.addWorkingDays("2023-05-05", 1)).toBe("2023-05-09");
  });

  it("counts 20 working days across a year end", () => {
    // 2026-12-14 (Mon) + 20 working days: Christmas Fri 25, Boxing substitute Mon 28, New Year Fri 1.
    expect(cal.addWorkingDays("2026-12-14", 20)).toBe("2027-01-14");
    expect(cal.workingDaysBetween("2026-12-14", "2027-01-14")).toBe(20);
    expect(cal.workingDaysBetween("2027-01-14", "2026-12-14")).toBe(0);
  });

  it("rolls non-working days forward and back", () => {
    expect(cal.nextWorkingDayOnOrAfter("2025-12-25")).toBe("2025-12-29");
    expect(cal.workingDayOnOrBefore("2025-12-28")).toBe("2025-12-24");
  });

  it("adds calendar months, clamping to the month end", () => {
    expect(addMonths("2024-08-31", 6)).toBe("2025-02-28");
    expect(addMonths("2023-08-31", 6)).toBe("2024-02-29");
    expect(addMonths("2024-11-15", 3)).toBe("2025-02-15");
  });

  it("validates dates", () => {
    expect(isLocalDate("2024-02-29")).toBe(true);
    expect(isLocalDate("2023-02-29")).toBe(false);
    expect(isLocalDate("2023-2-1")).toBe(false);
  });

  it("knows today's date in England across the BST midnight", () => {
    expect(todayInEngland(new Date("2024-06-30T23:30:00Z"))).toBe("2024-07-01");
    expect(todayInEngland(new Date("2024-12-31T23:30:00Z"))).toBe("2024-12-31");
  });
});

describe("PLO timetable", () => {
  const cal = new Calendar();

  it("ends the 26-week period on its last day, the issue day being the first (s32(1)(a)), plus extensions", () => {
    // Issued Monday 8 January 2024: the period's days are 8 January to Sunday 7 July.
    const t = proceedingsTimetable(cal, "2024-01-08", 0, "2024-02-05");
    expect(t.twentySixWeekDate).toBe("2024-07-07");
    expect(t.twentySixWeeksAfterIssue).toBe("2024-07-08");
    expect(t.finalHearingDueDate).toBe("2024-07-07");
    expect(t.weeksRunning).toBe(4);
    // An 8-week extension: the period's last day moves 56 days on.
    expect(proceedingsTimetable(cal, "2024-01-08", 8, "2024-02-05").finalHearingDueDate).toBe("2024-09-01");
    // Across the clocks changing and a leap day: issued 29 February 2024, last day 28 August.
    expect(proceedingsTimetable(cal, "2024-02-29", 0, "2024-03-01").twentySixWeekDate).toBe("2024-08-28");
  });

  it("counts the CMH as day 12 in working days with the issue day as day 1", () => {
    // Issue Mon 2024-03-25: Good Friday 29th and Easter Monday 1 April are not counted.
    const t = proceedingsTimetable(cal, "2024-03-25", 0, "2024-03-25");
    expect(t.cmhDueDate).toBe("2024-04-11");
    expect(t.advocatesMeetingDueDate).toBe("2024-04-09");
    expect(t.weeksRunning).toBe(0);
  });
});

describe("statutory review schedule", () => {
  const cal = new Calendar();

  it("puts the first review 20 working days after the child became looked after, across Christmas and New Year", () => {
    const [first] = reviewSchedule(cal, "2026-12-14", []);
    expect(first).toEqual({ number: 1, dueOn: "2027-01-14", heldOn: null });
  });

  it("runs each later deadline from the previous review as held: 3 months, then 6", () => {
    const s = reviewSchedule(cal, "2026-12-14", ["2027-01-10", "2027-04-30", "2027-10-31"]);
    expect(s.map((r) => [r.number, r.dueOn, r.heldOn])).toEqual([
      [1, "2027-01-14", "2027-01-10"],
      [2, "2027-04-10", "2027-04-30"], // held late: the next deadline runs from when it was held
      [3, "2027-10-30", "2027-10-31"],
      [4, "2028-04-30", null],
    ]);
  });

  it("clamps to the month's end (31 August + 6 months = 28 February)", () => {
    const s = reviewSchedule(cal, "2026-07-01", ["2026-07-20", "2026-08-31"]);
    expect(s[2].dueOn).toBe("2027-02-28");
  });
});
