import { useEffect, useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import { Link, navigate, useLocation } from "../lib/router";
import { usePageTitle } from "../lib/page";
import { useMe } from "../lib/me";
import { formatDate, words } from "../lib/format";
import { Button, Checkboxes, Loading, Select, Table, Tag, TextInput, ErrorSummary } from "../govuk/components";
import type { AttentionKind, CaseSort, ProceedingsStatus } from "../gql/graphql";

const MY_CASES = graphql(`
  query MyCases($after: String, $search: String, $status: ProceedingsStatus, $iroId: ID, $needsAttention: Boolean, $sort: CaseSort) {
    myCases(first: 20, after: $after, search: $search, status: $status, iroId: $iroId, needsAttention: $needsAttention, sort: $sort) {
      edges {
        node {
          id
          courtCaseNumber
          issueDate
          status
          applicationType
          court {
            id
            name
          }
          timetable {
            weeksRunning
            finalHearingDueDate
          }
          children {
            id
            givenName
            familyName
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const ATTENTION = graphql(`
  query Attention {
    needsMyAttention {
      kind
      count
      overdue
    }
  }
`);

const SERVICE_IROS = graphql(`
  query ServiceIros {
    iroCaseloads {
      iroId
      displayName
    }
  }
`);

const SORTS: { value: CaseSort; text: string }[] = [
  { value: "NEWEST_ISSUE", text: "Newest issued first" },
  { value: "OLDEST_ISSUE", text: "Longest running first" },
  { value: "FINAL_HEARING_SOONEST", text: "Final hearing due soonest" },
];

/** What the list shows, kept in the address so a reload, a new tab or a shared link keeps it. */
function useCaseFilters() {
  const { search } = useLocation();
  return {
    search: search.get("q") ?? "",
    status: search.get("status") ?? "",
    iroId: search.get("iro") ?? "",
    needsAttention: search.get("attention") === "1",
    sort: (SORTS.find((s) => s.value === search.get("sort"))?.value ?? "NEWEST_ISSUE") as CaseSort,
  };
}
type CaseFilters = ReturnType<typeof useCaseFilters>;

function FindCases({ current }: { current: CaseFilters }) {
  const { has } = useMe();
  const [q, setQ] = useState(current.search);
  const [status, setStatus] = useState(current.status);
  const [iroId, setIroId] = useState(current.iroId);
  const [attention, setAttention] = useState(current.needsAttention ? ["1"] : []);
  const [sort, setSort] = useState<string>(current.sort);
  const { data: iros } = useQuery(SERVICE_IROS, { skip: !has("IRO_MANAGER") });
  const apply = () => {
    const params = new URLSearchParams();
    if (q.trim()) params.set("q", q.trim());
    if (status) params.set("status", status);
    if (iroId) params.set("iro", iroId);
    if (attention.length) params.set("attention", "1");
    if (sort !== "NEWEST_ISSUE") params.set("sort", sort);
    navigate(params.size ? `/?${params}` : "/");
  };
  return (
    <form
      role="search"
      aria-label="Find cases"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <TextInput id="q" label="Case number, child's name or LA reference" labelClass="govuk-label--s" value={q} onChange={setQ} type="search" />
        </div>
        <div className="govuk-grid-column-one-quarter">
          <Select
            id="status"
            label="Status"
            labelClass="govuk-label--s"
            value={status}
            onChange={setStatus}
            placeholder="Any"
            options={[
              { value: "OPEN", text: "Open" },
              { value: "CLOSED", text: "Closed" },
            ]}
          />
        </div>
        <div className="govuk-grid-column-one-quarter">
          <Select id="sort" label="Sort by" labelClass="govuk-label--s" value={sort} onChange={setSort} options={SORTS} />
        </div>
      </div>
      {iros && iros.iroCaseloads.length > 0 && (
        <Select
          id="iro"
          label="IRO"
          labelClass="govuk-label--s"
          value={iroId}
          onChange={setIroId}
          placeholder="Any IRO"
          options={iros.iroCaseloads.map((i) => ({ value: i.iroId, text: i.displayName }))}
        />
      )}
      <Checkboxes
        id="attention"
        legend="Show"
        values={attention}
        onChange={setAttention}
        small
        options={[{ value: "1", text: "Only cases that need my attention" }]}
      />
      <div className="app-actions">
        <Button type="submit" variant="secondary">
          Find cases
        </Button>
        {(current.search || current.status || current.iroId || current.needsAttention || current.sort !== "NEWEST_ISSUE") && <Link to="/">Clear</Link>}
      </div>
    </form>
  );
}

const IRO_ATTENTION = graphql(`
  query IroAttention {
    myCaseload {
      childId
      reviewOverdue
      overdueDecisions
      openDisputes
    }
  }
`);

function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** What each kind of waiting work says, and where the person acts on it. */
const ATTENTION_TEXT: Record<AttentionKind, { one: string; many?: string; to?: string }> = {
  PAPERS_TO_ACKNOWLEDGE: { one: "court paper to acknowledge", many: "court papers to acknowledge", to: "/papers?filter=UNACKNOWLEDGED" },
  PAPERS_NOT_ACKNOWLEDGED_BY_RECIPIENTS: {
    one: "delivery of a paper you filed not acknowledged in time",
    many: "deliveries of papers you filed not acknowledged in time",
    to: "/?attention=1",
  },
  POST_ORDER_CHANGES_TO_ACKNOWLEDGE: { one: "post-order change to acknowledge", many: "post-order changes to acknowledge", to: "/changes" },
  CHILDREN_WITHOUT_IRO: { one: "child without an IRO", many: "children without an IRO" },
  CHILDREN_WITHOUT_GUARDIAN: { one: "child without a guardian", many: "children without a guardian" },
  IROS_OVER_BENCHMARK: { one: "IRO with more than 70 children", many: "IROs with more than 70 children", to: "/caseload" },
  HEARINGS_THIS_WEEK: { one: "hearing in the next seven days", many: "hearings in the next seven days" },
  DISPUTE_STAGES_TO_ANSWER: { one: "dispute stage naming you to answer", many: "dispute stages naming you to answer", to: "/notifications" },
  TEAM_PAPERS_OVERDUE: {
    one: "court paper your team has not acknowledged in time",
    many: "court papers your team has not acknowledged in time",
    to: "/?attention=1",
  },
  TEAM_CHANGES_OVERDUE: {
    one: "post-order change your team has not acknowledged in time",
    many: "post-order changes your team has not acknowledged in time",
    to: "/?attention=1",
  },
  TEAM_DECISIONS_OVERDUE: { one: "review decision overdue across your IROs", many: "review decisions overdue across your IROs", to: "/?attention=1" },
  FAILED_EMAILS: { one: "notice email that failed", many: "notice emails that failed", to: "/admin/emails" },
  PAPERS_HELD_BY_SCANNER: { one: "paper held: the virus scanner cannot be reached", many: "papers held: the virus scanner cannot be reached" },
  PAUSED_WEBHOOKS: { one: "paused webhook endpoint", many: "paused webhook endpoints", to: "/integrations" },
  SERVICE_ACCOUNTS_WAITING: { one: "service account waiting to be switched on", many: "service accounts waiting to be switched on", to: "/integrations" },
};

function NeedsAttention() {
  const { has } = useMe();
  const { data, loading: loadingItems, error: itemsError } = useQuery(ATTENTION);
  const { data: iro, loading: loadingIro, error: iroError } = useQuery(IRO_ATTENTION, { skip: !has("IRO") });
  // Never a false all-clear: "nothing is waiting" only once every list has answered.
  const failed = itemsError ?? iroError;
  const loading = (loadingItems && !data) || (has("IRO") && loadingIro && !iro);
  const items: { text: string; to?: string; urgent: boolean }[] = [];
  for (const i of data?.needsMyAttention ?? []) {
    const t = ATTENTION_TEXT[i.kind];
    items.push({
      text: `${i.count} ${i.count === 1 ? t.one : (t.many ?? t.one)}${i.overdue && i.overdue !== i.count ? `, ${i.overdue} overdue` : ""}`,
      to: t.to,
      urgent: i.overdue > 0,
    });
  }
  if (iro) {
    const late = iro.myCaseload.filter((c) => c.reviewOverdue).length;
    const decisions = iro.myCaseload.reduce((n, c) => n + c.overdueDecisions, 0);
    const disputes = iro.myCaseload.reduce((n, c) => n + c.openDisputes, 0);
    if (late) items.push({ text: `${plural(late, "review")} overdue`, to: "/caseload", urgent: true });
    // Straight to the child where there is one; the caseload where there are several.
    const withDecisions = iro.myCaseload.filter((c) => c.overdueDecisions > 0);
    if (decisions)
      items.push({
        text: `${plural(decisions, "review decision")} overdue`,
        to: withDecisions.length === 1 ? `/children/${withDecisions[0].childId}/reviews` : "/caseload",
        urgent: true,
      });
    if (disputes) items.push({ text: `${plural(disputes, "open dispute")}`, to: "/caseload", urgent: false });
  }
  return (
    <section aria-labelledby="attention-heading">
      <h2 className="govuk-heading-m" id="attention-heading">
        Needs your attention
      </h2>
      {failed ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            What needs you could not be checked just now ({failed.message}). Reload the page to try again.
          </strong>
        </div>
      ) : loading ? (
        <p className="govuk-body" role="status">
          Checking what needs you…
        </p>
      ) : items.length ? (
        <ul className="govuk-list govuk-list--bullet">
          {items.map((i) => (
            <li key={i.text}>
              {i.to ? <Link to={i.to}>{i.text}</Link> : i.text} {i.urgent && <Tag colour="red">Overdue</Tag>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">Nothing is waiting for you.</p>
      )}
    </section>
  );
}

export default function MyCases() {
  usePageTitle("My cases");
  const { has, roles } = useMe();
  // Administrators have no cases: their work is the integrations page (an organisation's) or
  // the administration pages (the hub's), not an empty list.
  useEffect(() => {
    if (roles.length && roles.every((r) => r === "ORGANISATION_ADMIN")) navigate("/integrations", { replace: true });
    if (roles.length && roles.every((r) => r === "RECORDS_MANAGER")) navigate("/records", { replace: true });
    else if (roles.length && roles.every((r) => r === "HUB_ADMIN")) navigate("/admin", { replace: true });
  }, [roles]);
  const filters = useCaseFilters();
  const [after, setAfter] = useState<string | null>(null);
  const key = JSON.stringify(filters);
  useEffect(() => setAfter(null), [key]);
  const { data, loading, error } = useQuery(MY_CASES, {
    variables: {
      after,
      search: filters.search || null,
      status: (filters.status || null) as ProceedingsStatus | null,
      iroId: filters.iroId || null,
      needsAttention: filters.needsAttention || null,
      sort: filters.sort,
    },
  });
  const filtered = key !== JSON.stringify({ search: "", status: "", iroId: "", needsAttention: false, sort: "NEWEST_ISSUE" });
  return (
    <>
      <h1 className="govuk-heading-xl">My cases</h1>
      <NeedsAttention />
      <h2 className="govuk-heading-m">Cases</h2>
      {has("LA_LEGAL") && (
        <p className="govuk-body">
          <Link to="/cases/new" className="govuk-button" role="button" draggable={false}>
            Register proceedings
          </Link>
        </p>
      )}
      <FindCases key={key} current={filters} />
      {error && <ErrorSummary errors={[{ id: null, message: error.message }]} />}
      {loading && !data && <Loading />}
      {data && (
        <Table
          caption={<span className="govuk-visually-hidden">Your cases</span>}
          head={["Case", "Children", "Court", "Issued", "Week", "Final hearing due", "Status"]}
          empty={filtered ? "No cases match. Try fewer words, or clear the filters." : "You are not on any cases yet."}
          rows={data.myCases.edges.map(({ node: p }) => [
            <Link to={`/cases/${p.id}`}>{p.courtCaseNumber}</Link>,
            p.children.map((c, i) => (
              <span key={c.id}>
                {i > 0 && ", "}
                <Link to={`/children/${c.id}`}>
                  {c.givenName} {c.familyName}
                </Link>
              </span>
            )),
            p.court.name,
            <span className="app-nowrap">{formatDate(p.issueDate)}</span>,
            p.timetable.weeksRunning,
            <span className="app-nowrap">{formatDate(p.timetable.finalHearingDueDate)}</span>,
            <Tag colour={p.status === "OPEN" ? "blue" : "grey"}>{words(p.status)}</Tag>,
          ])}
        />
      )}
      {data && (after || data.myCases.pageInfo.hasNextPage) && (
        <div className="app-actions">
          {after && (
            <Button variant="secondary" onClick={() => setAfter(null)}>
              First page
            </Button>
          )}
          {data.myCases.pageInfo.hasNextPage && (
            <Button variant="secondary" onClick={() => setAfter(data.myCases.pageInfo.endCursor)}>
              Next page
            </Button>
          )}
        </div>
      )}
    </>
  );
}
