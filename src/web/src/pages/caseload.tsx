// Caseloads: an IRO's own children with what needs attention; a manager's view of each IRO
// against the 50-70 benchmark and of papers reaching them.
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import { useMe } from "../lib/me";
import { usePageTitle } from "../lib/page";
import { Link } from "../lib/router";
import { formatDate, percent } from "../lib/format";
import { ErrorSummary, Loading, Table, Tag } from "../govuk/components";

const MY_CASELOAD = graphql(`
  query MyCaseload {
    myCaseload {
      childId
      child {
        id
        givenName
        familyName
      }
      courtCaseNumber
      nextReviewDueOn
      reviewOverdue
      overdueDecisions
      openDisputes
      unacknowledgedPapers
      unacknowledgedChanges
    }
    myPaperCaseload {
      proceedings {
        id
        courtCaseNumber
      }
      delivered
      unread
      unacknowledged
      overdue
    }
  }
`);
const MANAGER = graphql(`
  query ManagerCaseloads {
    iroCaseloads {
      iroId
      displayName
      children
      withinBenchmark
    }
    iroPaperReport {
      iro {
        id
        displayName
      }
      cases
      delivered
      unread
      unacknowledged
      overdue
      reachedInTime
      shareReachedInTime
    }
  }
`);
function IroCaseload() {
  const { data, loading, error } = useQuery(MY_CASELOAD);
  if (loading && !data) return <Loading />;
  if (error) return <ErrorSummary errors={[{ id: null, message: error.message }]} />;
  const kids = data!.myCaseload;
  return (
    <>
      <p className="govuk-body">{kids.length} children on your caseload (the benchmark for a full-time IRO is 50 to 70).</p>
      <Table
        caption="Your children"
        head={["Child", "Case", "Next review", "Overdue decisions", "Open disputes", "Papers to acknowledge", "Changes to acknowledge"]}
        empty="No children on your caseload."
        rows={kids.map((k) => [
          <Link to={`/children/${k.childId}`}>
            {k.child.givenName} {k.child.familyName}
          </Link>,
          k.courtCaseNumber,
          k.nextReviewDueOn ? (
            <>
              {formatDate(k.nextReviewDueOn)} {k.reviewOverdue && <Tag colour="red">Overdue</Tag>}
            </>
          ) : (
            "—"
          ),
          k.overdueDecisions ? <Tag colour="red">{k.overdueDecisions}</Tag> : "0",
          String(k.openDisputes),
          String(k.unacknowledgedPapers),
          String(k.unacknowledgedChanges),
        ])}
      />
      <Table
        caption="Papers by case"
        head={["Case", "Delivered", "Unread", "Not acknowledged", "Overdue"]}
        empty="No papers yet."
        rows={data!.myPaperCaseload.map((p) => [
          <Link to={`/cases/${p.proceedings.id}/papers`}>{p.proceedings.courtCaseNumber}</Link>,
          p.delivered,
          p.unread,
          p.unacknowledged,
          p.overdue ? <Tag colour="red">{p.overdue}</Tag> : "0",
        ])}
      />
    </>
  );
}

function ManagerView() {
  const { data, loading, error } = useQuery(MANAGER);
  if (loading && !data) return <Loading />;
  if (error) return <ErrorSummary errors={[{ id: null, message: error.message }]} />;
  return (
    <>
      <Table
        caption="Each IRO's caseload"
        head={["IRO", "Children", "Against 50-70"]}
        rows={data!.iroCaseloads.map((i) => [
          i.displayName,
          i.children,
          i.withinBenchmark ? <Tag colour="green">Within</Tag> : i.children > 70 ? <Tag colour="red">Over 70</Tag> : <Tag colour="blue">Under 50</Tag>,
        ])}
      />
      <Table
        caption="Papers reaching each IRO"
        head={["IRO", "Cases", "Delivered", "Within 1 working day", "Unread", "Not acknowledged", "Overdue"]}
        rows={data!.iroPaperReport.map((r) => [
          r.iro.displayName,
          r.cases,
          r.delivered,
          `${r.reachedInTime} (${percent(r.shareReachedInTime)})`,
          r.unread,
          r.unacknowledged,
          r.overdue,
        ])}
      />
    </>
  );
}

export default function Caseload() {
  const { has } = useMe();
  usePageTitle("Caseload");
  return (
    <>
      <h1 className="govuk-heading-xl">Caseload</h1>
      {has("IRO") && <IroCaseload />}
      {has("IRO_MANAGER") && <ManagerView />}
    </>
  );
}
