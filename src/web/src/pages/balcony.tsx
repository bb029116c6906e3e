// The balcony view: how well the protocol's joins are working across a service, an area or the
// country, over a period, as figures, bars and a CSV download.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { ComplianceScope } from "../gql/graphql";
import { useMe } from "../lib/me";
import { usePageTitle } from "../lib/page";
import { formatDate, percent, today } from "../lib/format";
import { Button, DateInput, ErrorSummary, Loading, Radios, Table, Tag, isDate, type FieldError } from "../govuk/components";

const COMPLIANCE = graphql(`
  query ProtocolCompliance($scope: ComplianceScope!, $from: LocalDate!, $to: LocalDate!) {
    protocolCompliance(scope: $scope, from: $from, to: $to) {
      scope
      from
      to
      children
      childrenWithIroAndGuardian
      papersReachedIroInTime
      sharePapersReachedIroInTime
      contactWithinTenWorkingDays
      contactPending
      shareContactWithinTenWorkingDays
      childrenWithFinalHearing
      viewsBeforeFinalHearing
      shareViewsBeforeFinalHearing
      outstandingActions
      overdueActions
      iros
      averageCaseload
      irosUnder50
      irosWithin50To70
      irosOver70
    }
  }
`);
const CASELOADS = graphql(`
  query BalconyCaseloads {
    iroCaseloads {
      iroId
      displayName
      children
      withinBenchmark
    }
  }
`);

function yearAgo(): string {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d.toISOString().slice(0, 10);
}

function Bar({ share, label }: { share: number | null | undefined; label: string }) {
  return (
    <div className="govuk-!-margin-bottom-4">
      <p className="govuk-body govuk-!-margin-bottom-1">
        {label}: <strong>{percent(share)}</strong>
      </p>
      <div className="app-bar-track" aria-hidden="true">
        {/* No bar at all for nothing (a share of 0 or no data): an empty track, not a sliver. */}
        {!!share && <span className="app-bar" style={{ width: `${Math.max(0.5, share * 100)}%` }} />}
      </div>
    </div>
  );
}

type Figures = NonNullable<ReturnType<typeof useCompliance>["data"]>["protocolCompliance"];
const useCompliance = (v: { scope: ComplianceScope; from: string; to: string }) => useQuery(COMPLIANCE, { variables: v });

function rowsOf(f: Figures): [string, string | number][] {
  return [
    ["Children", f.children],
    ["Children with an IRO and a guardian", f.childrenWithIroAndGuardian],
    ["Children whose IRO received the application within 1 working day", f.papersReachedIroInTime],
    ["Share of papers reaching the IRO in time", percent(f.sharePapersReachedIroInTime)],
    ["IRO and guardian in contact within 10 working days", f.contactWithinTenWorkingDays],
    ["Window still open, no contact yet (left out of the share)", f.contactPending],
    ["Share in contact within 10 working days", percent(f.shareContactWithinTenWorkingDays)],
    ["Children with a final hearing", f.childrenWithFinalHearing],
    ["Care plan views shared before the final hearing", f.viewsBeforeFinalHearing],
    ["Share with views before the final hearing", percent(f.shareViewsBeforeFinalHearing)],
    ["Agreed actions outstanding", f.outstandingActions],
    ["Agreed actions overdue", f.overdueActions],
    ["IROs", f.iros],
    ["Average caseload", f.averageCaseload === null ? "no data" : f.averageCaseload.toFixed(1)],
    ["IROs under 50 children", f.irosUnder50],
    ["IROs with 50 to 70 children", f.irosWithin50To70],
    ["IROs over 70 children", f.irosOver70],
  ];
}

function downloadCsv(f: Figures) {
  const quote = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;
  const lines = [["figure", "value"], ["scope", f.scope], ["from", f.from], ["to", f.to], ...rowsOf(f)].map((r) => r.map(quote).join(","));
  const blob = new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  // A file name without spaces: "protocol-compliance-northshire-iro-service-2025-12-07-to-2026-12-07.csv".
  a.download = `protocol-compliance-${f.scope
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}-${f.from}-to-${f.to}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export default function Balcony() {
  usePageTitle("Balcony view");
  const { has } = useMe();
  // A manager's own service or area; an administrator who manages none, the whole country.
  const [draft, setDraft] = useState({
    scope: (has("IRO_MANAGER", "CAFCASS_MANAGER") ? "MY_SERVICE" : "NATIONAL") as ComplianceScope,
    from: yearAgo(),
    to: today(),
  });
  const [applied, setApplied] = useState(draft);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const { data, loading, error } = useCompliance(applied);
  const caseloads = useQuery(CASELOADS, { skip: !has("IRO_MANAGER") });
  const f = data?.protocolCompliance;
  const maxLoad = Math.max(70, ...(caseloads.data?.iroCaseloads.map((c) => c.children) ?? []));
  return (
    <>
      <h1 className="govuk-heading-xl">Balcony view</h1>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const problems: FieldError[] = [];
          if (!isDate(draft.from)) problems.push({ id: "from", message: "Enter the start of the period" });
          if (!isDate(draft.to)) problems.push({ id: "to", message: "Enter the end of the period" });
          if (isDate(draft.from) && isDate(draft.to) && draft.from > draft.to) problems.push({ id: "from", message: "The start must be before the end" });
          setErrors(problems);
          if (!problems.length) setApplied(draft);
        }}
      >
        <ErrorSummary errors={[...errors, ...(error ? [{ id: null, message: error.message }] : [])]} />
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half-from-desktop">
            <DateInput id="from" legend="From" errors={errors} value={draft.from} onChange={(v) => setDraft({ ...draft, from: v })} />
          </div>
          <div className="govuk-grid-column-one-half-from-desktop">
            <DateInput id="to" legend="To" errors={errors} value={draft.to} onChange={(v) => setDraft({ ...draft, to: v })} />
          </div>
        </div>
        {/* A choice only where there is one: a manager sees their own service or area. */}
        {has("HUB_ADMIN") && has("IRO_MANAGER", "CAFCASS_MANAGER") && (
          <Radios
            id="scope"
            legend="Scope"
            inline
            small
            value={draft.scope}
            onChange={(v) => setDraft({ ...draft, scope: v as ComplianceScope })}
            options={[
              ...(has("IRO_MANAGER", "CAFCASS_MANAGER") ? [{ value: "MY_SERVICE", text: has("CAFCASS_MANAGER") ? "My Cafcass area" : "My IRO service" }] : []),
              ...(has("HUB_ADMIN") ? [{ value: "NATIONAL", text: "The whole country" }] : []),
            ]}
          />
        )}
        <Button type="submit">Show the figures</Button>
      </form>
      {loading && !f && <Loading />}
      {f && (
        <>
          <h2 className="govuk-heading-l">
            {f.scope === "national" ? "England" : f.scope}, {formatDate(f.from)} to {formatDate(f.to)}
          </h2>
          <p className="govuk-body">
            <span className="app-stat">{f.children}</span> children in proceedings issued in the period, {f.childrenWithIroAndGuardian} with an IRO and a
            guardian.
          </p>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-two-thirds-from-desktop">
              <Bar share={f.sharePapersReachedIroInTime} label="Papers reaching the IRO within 1 working day" />
              <Bar share={f.shareContactWithinTenWorkingDays} label="IRO and guardian in contact within 10 working days" />
              <Bar share={f.shareViewsBeforeFinalHearing} label="Care plan views shared before the final hearing" />
            </div>
          </div>
          <Table caption="The figures" head={["Figure", "Value"]} rows={rowsOf(f).map(([k, v]) => [k, String(v)])} />
          <Button variant="secondary" onClick={() => downloadCsv(f)}>
            Download these figures (CSV)
          </Button>
        </>
      )}
      {caseloads.data && (
        <>
          <h2 className="govuk-heading-l">Each IRO's caseload</h2>
          <p className="govuk-body">Against the benchmark of 50 to 70 children for a full-time IRO.</p>
          <Table
            caption={<span className="govuk-visually-hidden">Caseloads</span>}
            head={["IRO", "Children", "Against 50-70", "Chart"]}
            rows={caseloads.data.iroCaseloads.map((c) => [
              c.displayName,
              c.children,
              c.withinBenchmark ? <Tag colour="green">Within</Tag> : c.children > 70 ? <Tag colour="red">Over 70</Tag> : <Tag colour="blue">Under 50</Tag>,
              <div className="app-bar-track" aria-hidden="true" style={{ minWidth: "8rem" }}>
                <span className="app-bar" style={{ width: `${Math.round((c.children / maxLoad) * 100)}%` }} />
              </div>,
            ])}
          />
        </>
      )}
    </>
  );
}
