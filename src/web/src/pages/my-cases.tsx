import { useEffect, useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import { Link, navigate } from "../lib/router";
import { usePageTitle } from "../lib/page";
import { useMe } from "../lib/me";
import { formatDate, words } from "../lib/format";
import { Button, Loading, Table, Tag, ErrorSummary } from "../govuk/components";

const MY_CASES = graphql(`
  query MyCases($after: String) {
    myCases(first: 20, after: $after) {
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
    unacknowledgedPapers: myPapers(filter: UNACKNOWLEDGED, first: 100) {
      id
      overdue
    }
    changes: myPostOrderChanges(filter: UNACKNOWLEDGED, first: 100) {
      id
      overdue
    }
  }
`);

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

function NeedsAttention() {
  const { has } = useMe();
  const receives = has("IRO", "GUARDIAN", "COURT");
  const { data, loading: loadingPapers, error: papersError } = useQuery(ATTENTION, { skip: !receives });
  const { data: iro, loading: loadingIro, error: iroError } = useQuery(IRO_ATTENTION, { skip: !has("IRO") });
  // Never a false all-clear: "nothing is waiting" only once every list has answered.
  const failed = papersError ?? iroError;
  const loading = (receives && loadingPapers && !data) || (has("IRO") && loadingIro && !iro);
  const items: { text: string; to: string; urgent: boolean }[] = [];
  if (data) {
    const papers = data.unacknowledgedPapers;
    if (papers.length)
      items.push({
        text: `${plural(papers.length, "court paper")} to acknowledge${papers.some((p) => p.overdue) ? `, ${papers.filter((p) => p.overdue).length} overdue` : ""}`,
        to: "/papers?filter=UNACKNOWLEDGED",
        urgent: papers.some((p) => p.overdue),
      });
    const changes = data.changes;
    if (changes.length)
      items.push({
        text: `${plural(changes.length, "post-order change")} to acknowledge${changes.some((c) => c.overdue) ? `, ${changes.filter((c) => c.overdue).length} overdue` : ""}`,
        to: "/changes",
        urgent: changes.some((c) => c.overdue),
      });
  }
  if (iro) {
    const late = iro.myCaseload.filter((c) => c.reviewOverdue).length;
    const decisions = iro.myCaseload.reduce((n, c) => n + c.overdueDecisions, 0);
    const disputes = iro.myCaseload.reduce((n, c) => n + c.openDisputes, 0);
    if (late) items.push({ text: `${plural(late, "review")} overdue`, to: "/caseload", urgent: true });
    if (decisions) items.push({ text: `${plural(decisions, "review decision")} overdue`, to: "/caseload", urgent: true });
    if (disputes) items.push({ text: `${plural(disputes, "open dispute")}`, to: "/caseload", urgent: false });
  }
  if (!receives && !has("IRO")) return null;
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
              <Link to={i.to}>{i.text}</Link> {i.urgent && <Tag colour="red">Overdue</Tag>}
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
    else if (roles.length && roles.every((r) => r === "HUB_ADMIN")) navigate("/admin", { replace: true });
  }, [roles]);
  const [after, setAfter] = useState<string | null>(null);
  const { data, loading, error } = useQuery(MY_CASES, { variables: { after } });
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
      {error && <ErrorSummary errors={[{ id: null, message: error.message }]} />}
      {loading && !data && <Loading />}
      {data && (
        <Table
          caption={<span className="govuk-visually-hidden">Your cases</span>}
          head={["Case", "Children", "Court", "Issued", "Week", "Final hearing due", "Status"]}
          empty="You are not on any cases yet."
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
