// Post-order changes waiting for me (the IRO, the court, the guardian while still involved).
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { PostOrderChangeFilter } from "../gql/graphql";
import { useAction } from "../lib/forms";
import { useMe } from "../lib/me";
import { usePageTitle } from "../lib/page";
import { Link, navigate, useLocation } from "../lib/router";
import { formatDate, formatDateTime, words } from "../lib/format";
import { Button, ErrorSummary, Loading, Radios, Table, Tag } from "../govuk/components";
import { ACKNOWLEDGE_CHANGE } from "./child-post-order";

const MY_CHANGES = graphql(`
  query MyPostOrderChanges($filter: PostOrderChangeFilter!) {
    myPostOrderChanges(filter: $filter, first: 100) {
      id
      raisedAt
      acknowledgeBy
      overdue
      child {
        id
        givenName
        familyName
        proceedings {
          id
          courtCaseNumber
        }
      }
      carePlanVersion {
        id
        version
        changeSummary
      }
      significantEvent {
        id
        kind
        summary
      }
      recipients {
        role
        acknowledgedAt
        person {
          id
        }
        organisation {
          id
        }
      }
    }
  }
`);

export default function Changes() {
  usePageTitle("Post-order changes");
  const { me } = useMe();
  const { search } = useLocation();
  const filter = (search.get("filter") ?? "UNACKNOWLEDGED") as PostOrderChangeFilter;
  const { data, loading, error } = useQuery(MY_CHANGES, { variables: { filter } });
  const ack = useAction(ACKNOWLEDGE_CHANGE);
  return (
    <>
      <h1 className="govuk-heading-xl">Post-order changes</h1>
      <p className="govuk-body">Changes to a child's care plan after the final order, which you are asked to acknowledge.</p>
      <Radios
        id="filter"
        legend="Show"
        inline
        small
        value={filter}
        onChange={(v) => navigate(`/changes?filter=${v}`, { replace: true })}
        options={[
          { value: "UNACKNOWLEDGED", text: "Not acknowledged" },
          { value: "OVERDUE", text: "Overdue" },
          { value: "ALL", text: "All" },
        ]}
      />
      <ErrorSummary errors={[...ack.errors, ...(error ? [{ id: null, message: error.message }] : [])]} />
      {loading && !data && <Loading />}
      {data && (
        <Table
          caption={<span className="govuk-visually-hidden">Changes</span>}
          empty="Nothing to show."
          head={["Child", "Case", "Change", "Raised", "Acknowledge by", ""]}
          rows={data.myPostOrderChanges.map((p) => {
            const mine = p.recipients.find((r) => (r.person ? r.person.id === me?.user.id : r.organisation.id === me?.organisation.id));
            return [
              <Link to={`/children/${p.child.id}/post-order`}>
                {p.child.givenName} {p.child.familyName}
              </Link>,
              p.child.proceedings.courtCaseNumber,
              p.carePlanVersion
                ? `Care plan version ${p.carePlanVersion.version}: ${p.carePlanVersion.changeSummary}`
                : `${words(p.significantEvent?.kind)}: ${p.significantEvent?.summary}`,
              formatDateTime(p.raisedAt),
              <>
                {formatDate(p.acknowledgeBy)} {p.overdue && <Tag colour="red">Overdue</Tag>}
              </>,
              mine?.acknowledgedAt ? (
                <Tag colour="green">Acknowledged</Tag>
              ) : (
                <Button onClick={() => void ack.run({ changeId: p.id })}>
                  Acknowledge<span className="govuk-visually-hidden"> the change for {p.child.givenName}</span>
                </Button>
              ),
            ];
          })}
        />
      )}
    </>
  );
}
