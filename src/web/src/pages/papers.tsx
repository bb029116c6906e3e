// Papers delivered to me: what is unread, unacknowledged or overdue, with download and
// acknowledgement in place.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { DocumentType, PaperFilter } from "../gql/graphql";
import { useAction } from "../lib/forms";
import { usePageTitle } from "../lib/page";
import { Link, navigate, useLocation } from "../lib/router";
import { download } from "../lib/download";
import { formatDate, formatDateTime, words } from "../lib/format";
import { Button, ErrorSummary, Loading, Radios, Select, Table, Tag } from "../govuk/components";
import { ScanTag } from "../lib/scan";

const MY_PAPERS = graphql(`
  query MyPapers($filter: PaperFilter!, $type: DocumentType, $proceedingsId: ID, $oldestFirst: Boolean) {
    myPapers(filter: $filter, first: 100, type: $type, proceedingsId: $proceedingsId, oldestFirst: $oldestFirst) {
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
        scanStatus
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

const PAPER_CHOICES = graphql(`
  query PaperChoices {
    myPaperCaseload {
      proceedings {
        id
        courtCaseNumber
      }
    }
    distributionRules {
      type
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
  const caseId = search.get("case") ?? "";
  const type = search.get("type") ?? "";
  const order = search.get("order") === "oldest" ? "oldest" : "newest";
  // Each choice is kept in the address (a reload, a new tab or a shared link keeps it).
  const choose = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value && !(key === "filter" && value === "ALL") && !(key === "order" && value === "newest")) next.set(key, value);
    else next.delete(key);
    navigate(next.size ? `/papers?${next}` : "/papers", { replace: true });
  };
  const { data, loading, error, refetch } = useQuery(MY_PAPERS, {
    variables: { filter, type: (type || null) as DocumentType | null, proceedingsId: caseId || null, oldestFirst: order === "oldest" },
  });
  const { data: choices } = useQuery(PAPER_CHOICES);
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
        onChange={(v) => choose("filter", v)}
        options={[
          { value: "ALL", text: "All" },
          { value: "UNREAD", text: "Unread" },
          { value: "UNACKNOWLEDGED", text: "Not acknowledged" },
          { value: "OVERDUE", text: "Overdue" },
        ]}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <Select
            id="case"
            label="Case"
            labelClass="govuk-label--s"
            value={caseId}
            onChange={(v) => choose("case", v)}
            placeholder="All cases"
            options={(choices?.myPaperCaseload ?? []).map((c) => ({ value: c.proceedings.id, text: c.proceedings.courtCaseNumber }))}
          />
        </div>
        <div className="govuk-grid-column-one-third">
          <Select
            id="type"
            label="Type"
            labelClass="govuk-label--s"
            value={type}
            onChange={(v) => choose("type", v)}
            placeholder="All types"
            options={(choices?.distributionRules ?? []).map((r) => ({ value: r.type, text: words(r.type) }))}
          />
        </div>
        <div className="govuk-grid-column-one-third">
          <Select
            id="order"
            label="Order"
            labelClass="govuk-label--s"
            value={order}
            onChange={(v) => choose("order", v)}
            options={[
              { value: "newest", text: "Newest delivered first" },
              { value: "oldest", text: "Oldest delivered first" },
            ]}
          />
        </div>
      </div>
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
            <>
              <Link to={`/papers/${p.document.id}`}>{p.document.title ?? words(p.document.type)}</Link>
              <ScanTag status={p.document.scanStatus} />
            </>,
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
                  // A download marks the paper read: the list says so at once.
                  onClick={() =>
                    void download(p.document.downloadUrl!, p.document.fileName ?? "paper")
                      .then(() => refetch())
                      .catch((e) => setDownloadError(e.message))
                  }
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
