// The court's assurance after the final order: for each child, that reviews are held, the plan
// is on track, and whether the IRO's challenge route is in use. Never the IRO's review notes.
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import { usePageTitle } from "../lib/page";
import { Link } from "../lib/router";
import { formatDate, formatDateTime, words } from "../lib/format";
import { Details, ErrorSummary, Loading, SummaryList, Table, Tag } from "../govuk/components";

const COURT_ASSURANCE = graphql(`
  query CourtAssurance {
    courtAssurance {
      child {
        id
        givenName
        familyName
        proceedings {
          id
          courtCaseNumber
        }
      }
      outcome {
        id
        orderType
        orderDate
      }
      firstPostOrderReviewOn
      nextReviewDueOn
      reviewOverdue
      openDisputes
      referralStatus
      latestStatement {
        id
        heldOn
        dueOn
        heldOnTime
        planOnTrack
        openDisputes
        openReferrals
        summaryForCourt
        releasedAt
      }
    }
  }
`);

export default function Assurance() {
  usePageTitle("Assurance");
  const { data, loading, error } = useQuery(COURT_ASSURANCE);
  return (
    <>
      <h1 className="govuk-heading-xl">Post-order assurance</h1>
      <p className="govuk-body">
        For each child with a final order in your court's cases: whether the care plan is reviewed on time and on track, and whether the IRO's challenge route
        is in use.
      </p>
      {error && <ErrorSummary errors={[{ id: null, message: error.message }]} />}
      {loading && !data && <Loading />}
      {data && (
        <>
          <Table
            caption={<span className="govuk-visually-hidden">Children</span>}
            empty="No child in your cases has a final order yet."
            head={["Child", "Case", "Order", "First review after the order", "Next review", "Open disputes", "Cafcass referral", "Latest statement"]}
            rows={data.courtAssurance.map((a) => [
              <Link to={`/children/${a.child.id}/post-order`}>
                {a.child.givenName} {a.child.familyName}
              </Link>,
              a.child.proceedings.courtCaseNumber,
              `${words(a.outcome.orderType)}, ${formatDate(a.outcome.orderDate)}`,
              a.firstPostOrderReviewOn ? formatDate(a.firstPostOrderReviewOn) : "Not stated",
              a.nextReviewDueOn ? (
                <>
                  {formatDate(a.nextReviewDueOn)} {a.reviewOverdue && <Tag colour="red">Overdue</Tag>}
                </>
              ) : (
                "—"
              ),
              a.openDisputes ? <Tag colour="orange">{a.openDisputes}</Tag> : "None",
              a.referralStatus ? words(a.referralStatus) : "None",
              a.latestStatement ? `Released ${formatDateTime(a.latestStatement.releasedAt)}` : "None yet",
            ])}
          />
          {data.courtAssurance
            .filter((a) => a.latestStatement)
            .map((a) => (
              <Details
                key={a.latestStatement!.id}
                summary={`Assurance statement for ${a.child.givenName} ${a.child.familyName} (${a.child.proceedings.courtCaseNumber})`}
              >
                <SummaryList
                  rows={[
                    [
                      "Review held",
                      `${formatDate(a.latestStatement!.heldOn)}${a.latestStatement!.heldOnTime ? ", on time" : `, late (due ${formatDate(a.latestStatement!.dueOn)})`}`,
                    ],
                    ["Plan on track", a.latestStatement!.planOnTrack ? "Yes" : "No"],
                    ["Open disputes", String(a.latestStatement!.openDisputes)],
                    ["Open Cafcass referrals", String(a.latestStatement!.openReferrals)],
                    ["Summary for the court", <span className="app-pre">{a.latestStatement!.summaryForCourt}</span>],
                    ["Released", formatDateTime(a.latestStatement!.releasedAt)],
                  ]}
                />
              </Details>
            ))}
        </>
      )}
    </>
  );
}
