// The case page's records: its court papers (and filing one), and who read or changed it.
import { ScanTag } from "../lib/scan";
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { AppointmentRole } from "../gql/graphql";
import { useMe } from "../lib/me";
import { Link } from "../lib/router";
import { formatDate, formatDateTime, words } from "../lib/format";
import { Button, Loading, Table, Tag } from "../govuk/components";
import { FilePaper } from "./upload";
import type { CaseData } from "./case";

const PAPERS = graphql(`
  query CasePapers($id: ID!) {
    caseDocuments(proceedingsId: $id) {
      scanStatus
      id
      type
      title
      documentDate
      status
      confidentiality
      filedAt
      filedByRole
      filedBy {
        id
        displayName
      }
      children {
        id
        givenName
      }
      deliveries {
        id
        role
        readAt
        acknowledgedAt
        overdue
        person {
          id
          displayName
        }
        organisation {
          id
          name
        }
      }
    }
  }
`);

const AUDIT = graphql(`
  query CaseAudit($id: ID!, $after: String) {
    caseAuditTrail(proceedingsId: $id, first: 50, after: $after) {
      edges {
        node {
          id
          occurredAt
          operation
          outcome
          childId
          user {
            id
            displayName
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

export function Papers({ p }: { p: CaseData }) {
  const { has } = useMe();
  const { data, loading } = useQuery(PAPERS, { variables: { id: p.id } });
  const filedBy: AppointmentRole | null = has("LA_LEGAL") ? "LA_LEGAL_DEPARTMENT" : has("COURT") ? "COURT" : has("GUARDIAN") ? "GUARDIAN" : null;
  return (
    <>
      {loading && !data && <Loading />}
      {data && (
        <Table
          caption="Court papers"
          empty="No papers filed yet."
          head={["Paper", "Type", "Dated", "Filed by", "Status", "Delivered to"]}
          rows={data.caseDocuments.map((d) => [
            <Link to={`/papers/${d.id}`}>{d.title ?? words(d.type)}</Link>,
            words(d.type),
            <span className="app-nowrap">{formatDate(d.documentDate)}</span>,
            `${d.filedBy.displayName} (${words(d.filedByRole)})`,
            <>
              <Tag colour={d.status === "ACTIVE" ? "green" : d.status === "WITHDRAWN" ? "red" : "grey"}>{words(d.status)}</Tag>
              <ScanTag status={d.scanStatus} />
              {d.confidentiality === "RESTRICTED" && (
                <>
                  {" "}
                  <Tag colour="purple">Restricted</Tag>
                </>
              )}
            </>,
            d.deliveries
              .map(
                (x) =>
                  `${x.person?.displayName ?? x.organisation.name}: ${x.acknowledgedAt ? "acknowledged" : x.readAt ? "read" : "not read"}${x.overdue ? " (overdue)" : ""}`,
              )
              .join("; "),
          ])}
        />
      )}
      {filedBy && p.status === "OPEN" && (
        <>
          <h2 className="govuk-heading-m">File a court paper</h2>
          <FilePaper proceedingsId={p.id} children={p.children} filedBy={filedBy} />
        </>
      )}
    </>
  );
}

export function Audit({ id }: { id: string }) {
  const [after, setAfter] = useState<string | null>(null);
  const { data, loading } = useQuery(AUDIT, { variables: { id, after } });
  if (loading && !data) return <Loading />;
  if (!data) return null;
  return (
    <>
      <Table
        caption="Who read or changed this case, newest first"
        head={["When", "Who", "What", "Outcome"]}
        rows={data.caseAuditTrail.edges.map(({ node: e }) => [
          formatDateTime(e.occurredAt),
          e.user?.displayName ?? "—",
          e.operation.replace(/^(Query|Mutation|Subscription|HTTP)\./, ""),
          e.outcome === "OK" ? "OK" : <Tag colour="red">{e.outcome}</Tag>,
        ])}
      />
      <div className="app-actions">
        {after && (
          <Button variant="secondary" onClick={() => setAfter(null)}>
            Newest
          </Button>
        )}
        {data.caseAuditTrail.pageInfo.hasNextPage && (
          <Button variant="secondary" onClick={() => setAfter(data.caseAuditTrail.pageInfo.endCursor)}>
            Older entries
          </Button>
        )}
      </div>
    </>
  );
}
