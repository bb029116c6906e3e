import { startTestHub, TestHub, codes } from "../../../test/support/test-hub";
import { generateNationalData, NationalData } from "../../demo/national-data";

// The balcony view against a generated data set whose answers the generator counted itself
// (in JavaScript, with the calendar module), independently of the SQL under test.
describe("protocol compliance figures", () => {
  let hub: TestHub;
  let data: NationalData;
  const TODAY = "2026-11-30";

  beforeAll(async () => {
    hub = await startTestHub({ today: TODAY, seed: false });
    const [{ id: issuerId }] = await hub.sql("SELECT id FROM trusted_issuer");
    data = await generateNationalData(hub.dataSource.manager, hub.runtime.calendar, {
      localAuthorities: 12,
      childrenPerYear: 600,
      years: 2,
      today: TODAY,
      issuerId,
      seed: 7,
    });
    const [{ id: hubOrg }] = await hub.sql("INSERT INTO organisation (name, kind, issuer_id) VALUES ('Hub', 'HUB', $1) RETURNING id", [issuerId]);
    await hub.sql("INSERT INTO hub_user (organisation_id, issuer_id, subject, display_name, email, roles) VALUES ($1, $2, 'admin', 'Admin', 'a@x.uk', '{HUB_ADMIN}')", [hubOrg, issuerId]);
  }, 120_000);
  afterAll(() => hub.stop());

  const QUERY = `query($scope: ComplianceScope, $from: LocalDate!, $to: LocalDate!) { protocolCompliance(scope: $scope, from: $from, to: $to) {
    scope children papersReachedIroInTime childrenWithIroAndGuardian contactWithinTenWorkingDays childrenWithFinalHearing viewsBeforeFinalHearing
    outstandingActions overdueActions iros averageCaseload irosUnder50 irosWithin50To70 irosOver70
    sharePapersReachedIroInTime shareContactWithinTenWorkingDays shareViewsBeforeFinalHearing } }`;

  it("national figures match the generator's own count", async () => {
    const res = await hub.gql("admin", QUERY, { scope: "NATIONAL", from: data.from, to: data.to });
    expect(res.errors).toBeUndefined();
    const f = res.data.protocolCompliance;
    expect(f).toMatchObject(data.national);
    expect(f.children).toBe(1200);
    expect(f.sharePapersReachedIroInTime).toBeCloseTo(data.national.papersReachedIroInTime / 1200);
    expect(f.iros).toBe(120);
    expect(f.irosUnder50 + f.irosWithin50To70 + f.irosOver70).toBe(f.iros);
    // Aggregates only: nothing that identifies a child.
    expect(JSON.stringify(f)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("an IRO manager sees their own service's figures only", async () => {
    const res = await hub.gql(data.firstService.managerSubject, QUERY, { from: data.from, to: data.to });
    const { managerSubject: _m, ...expected } = data.firstService;
    expect(res.data.protocolCompliance).toMatchObject({ scope: "IRO service", ...expected });
    expect(res.data.protocolCompliance.iros).toBe(10);
    expect(codes(await hub.gql(data.firstService.managerSubject, QUERY, { scope: "NATIONAL", from: data.from, to: data.to }))).toEqual(["FORBIDDEN"]);
    expect(codes(await hub.gql("nat-iro-0-0", QUERY, { from: data.from, to: data.to }))).toEqual(["FORBIDDEN"]);
  });

  it("a Cafcass manager sees their area's courts", async () => {
    const res = await hub.gql(data.firstArea.managerSubject, QUERY, { from: data.from, to: data.to });
    const { managerSubject: _m, ...expected } = data.firstArea;
    expect(res.data.protocolCompliance).toMatchObject({ scope: "Cafcass area", ...expected });
  });
});
