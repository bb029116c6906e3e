// Papers delivered to me: what is unread, unacknowledged or overdue, with download and
// acknowledgement in place.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { PaperFilter } from "../gql/graphql";
import { useAction } from "../lib/forms";
import { usePageTitle } from "../lib/page";
import { Link, navigate, useLocation } from "../lib/router";
import { download } from "../lib/download";
import { formatDate, formatDateTime, words } from "../lib/format";
import { Button, ErrorSummary, Loading, Radios, Table, Tag } from "../govuk/components";

const MY_PAPERS = graphql(`
  query MyPapers($filter: PaperFilter!) {
    myPapers(filter: $filter, first: 100) {
      id
      role
      deliveredAt
      readAt
      acknowledgedAt
      acknowledgeBy
      overdue
      document {
        id
        title
        type
        status
        documentDate
        downloadUrl
        fileName
        proceedings {
          id
          courtCaseNumber
        }
        children {
          id
          givenName
        }
      }
    }
  }
`);

export const ACKNOWLEDGE_PAPER = graphql(`
  mutation AcknowledgePaper($documentId: ID!) {
    acknowledgePaper(documentId: $documentId) {
      id
      acknowledgedAt
    }
  }
`);

export default function Papers() {
  usePageTitle("Papers");
  const { search } = useLocation();
  const filter = (search.get("filter") ?? "ALL") as PaperFilter;
  const { data, loading, error } = useQuery(MY_PAPERS, { variables: { filter } });
  const ack = useAction(ACKNOWLEDGE_PAPER);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  return (
    <>
      <h1 className="govuk-heading-xl">Papers delivered to you</h1>
      <Radios
        id="filter"
        legend="Show"
        inline
        small
        value={filter}
        onChange={(v) => navigate(`/papers?filter=${v}`, { replace: true })}
        options={[
          { value: "ALL", text: "All" },
          { value: "UNREAD", text: "Unread" },
          { value: "UNACKNOWLEDGED", text: "Not acknowledged" },
          { value: "OVERDUE", text: "Overdue" },
        ]}
      />
      <ErrorSummary
        errors={[...ack.errors, ...(downloadError ? [{ id: null, message: downloadError }] : []), ...(error ? [{ id: null, message: error.message }] : [])]}
      />
      {loading && !data && <Loading />}
      {data && (
        <Table
          caption={<span className="govuk-visually-hidden">Papers</span>}
          empty="No papers here."
          head={["Paper", "Case", "Delivered", "Status", "Acknowledge by", "Actions"]}
          rows={data.myPapers.map((p) => [
            <Link to={`/papers/${p.document.id}`}>{p.document.title ?? words(p.document.type)}</Link>,
            <Link to={`/cases/${p.document.proceedings.id}`}>{p.document.proceedings.courtCaseNumber}</Link>,
            formatDateTime(p.deliveredAt),
            <>
              {p.document.status !== "ACTIVE" ? (
                <Tag colour={p.document.status === "WITHDRAWN" ? "red" : "grey"}>{words(p.document.status)}</Tag>
              ) : p.acknowledgedAt ? (
                <Tag colour="green">Acknowledged</Tag>
              ) : p.readAt ? (
                <Tag colour="blue">Read</Tag>
              ) : (
                <Tag colour="yellow">Unread</Tag>
              )}
              {p.overdue && (
                <>
                  {" "}
                  <Tag colour="red">Overdue</Tag>
                </>
              )}
            </>,
            formatDate(p.acknowledgeBy),
            <div className="app-actions">
              {p.document.downloadUrl && (
                <Button
                  variant="secondary"
                  onClick={() => void download(p.document.downloadUrl!, p.document.fileName ?? "paper").catch((e) => setDownloadError(e.message))}
                >
                  Download<span className="govuk-visually-hidden"> {p.document.title}</span>
                </Button>
              )}
              {!p.acknowledgedAt && p.document.status === "ACTIVE" && (
                <Button onClick={() => void ack.run({ documentId: p.document.id })}>
                  Acknowledge<span className="govuk-visually-hidden"> {p.document.title}</span>
                </Button>
              )}
            </div>,
          ])}
        />
      )}
    </>
  );
}
