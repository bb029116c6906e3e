// One court paper: its details, who received, read and acknowledged it, and (for whoever filed
// it) withdrawal with a reason or a corrected version.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { AppointmentRole } from "../gql/graphql";
import { useAction } from "../lib/forms";
import { useMe } from "../lib/me";
import { usePageTitle } from "../lib/page";
import { Link, navigate } from "../lib/router";
import { download } from "../lib/download";
import { formatDate, formatDateTime, words, fileSize } from "../lib/format";
import { BackLink, Button, Details, ErrorSummary, Loading, NotificationBanner, SummaryList, Table, Tag, Textarea, WarningText } from "../govuk/components";
import { FilePaper } from "./upload";
import { ScanTag, scanExplanation } from "../lib/scan";
import { ACKNOWLEDGE_PAPER } from "./papers";

const PAPER = graphql(`
  query Paper($id: ID!) {
    courtDocument(id: $id) {
      id
      type
      title
      documentDate
      status
      confidentiality
      restrictedTo
      fileName
      contentType
      sizeBytes
      sha256
      downloadUrl
      scanStatus
      scanSignature
      scanProblem
      filedAt
      filedByRole
      withdrawnAt
      withdrawnReason
      supersedesId
      filedBy {
        id
        displayName
      }
      proceedings {
        id
        courtCaseNumber
        children {
          id
          givenName
          familyName
        }
      }
      children {
        id
        givenName
        familyName
      }
      deliveries {
        id
        role
        deliveredAt
        readAt
        acknowledgedAt
        acknowledgeBy
        overdue
        reachedInTime
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

const WITHDRAW = graphql(`
  mutation WithdrawDocument($documentId: ID!, $reason: String!) {
    withdrawDocument(documentId: $documentId, reason: $reason) {
      id
      status
    }
  }
`);

export default function PaperPage({ params }: { params: Record<string, string> }) {
  const { me, has } = useMe();
  const { data, loading, error } = useQuery(PAPER, { variables: { id: params.id } });
  const d = data?.courtDocument;
  usePageTitle(d ? (d.title ?? words(d.type)) : "Court paper");
  const withdraw = useAction(WITHDRAW, { reason: "withdraw-reason" });
  const ack = useAction(ACKNOWLEDGE_PAPER);
  const [reason, setReason] = useState("");
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (loading && !d) return <Loading />;
  if (!d) return <ErrorSummary errors={[{ id: null, message: error?.message ?? "Paper not found" }]} />;
  const filer = d.filedBy.id === me?.user.id || (has("LA_LEGAL") && d.filedByRole === "LA_LEGAL_DEPARTMENT");
  const myDelivery = d.deliveries.find((x) => (x.person ? x.person.id === me?.user.id : x.organisation.id === me?.organisation.id));
  const filedByRole: AppointmentRole | null = has("LA_LEGAL") ? "LA_LEGAL_DEPARTMENT" : has("COURT") ? "COURT" : has("GUARDIAN") ? "GUARDIAN" : null;
  return (
    <>
      <BackLink to={`/cases/${d.proceedings.id}/papers`}>Case {d.proceedings.courtCaseNumber}</BackLink>
      <span className="govuk-caption-l">{words(d.type)}</span>
      <h1 className="govuk-heading-l">{d.title ?? words(d.type)}</h1>
      {done && <NotificationBanner success>{<p className="govuk-notification-banner__heading">{done}</p>}</NotificationBanner>}
      {d.status === "WITHDRAWN" && (
        <WarningText>
          Withdrawn {formatDateTime(d.withdrawnAt)}: {d.withdrawnReason}
        </WarningText>
      )}
      {scanExplanation(d) &&
        (d.scanStatus === "NOT_SCANNED" ? <p className="govuk-body">{scanExplanation(d)}</p> : <WarningText>{scanExplanation(d)}</WarningText>)}
      <ErrorSummary errors={[...ack.errors, ...(downloadError ? [{ id: null, message: downloadError }] : [])]} />
      <SummaryList
        rows={[
          ["Case", <Link to={`/cases/${d.proceedings.id}`}>{d.proceedings.courtCaseNumber}</Link>],
          ["About", d.children.map((c) => `${c.givenName} ${c.familyName}`).join(", ") || "The whole case"],
          ["Dated", formatDate(d.documentDate)],
          ["Filed", `${formatDateTime(d.filedAt)} by ${d.filedBy.displayName} (${words(d.filedByRole)})`],
          [
            "Status",
            <>
              <Tag colour={d.status === "ACTIVE" ? "green" : d.status === "WITHDRAWN" ? "red" : "grey"}>{words(d.status)}</Tag>
              <ScanTag status={d.scanStatus} />
            </>,
          ],
          [
            "Who may see it",
            d.confidentiality === "RESTRICTED" ? `Restricted to ${(d.restrictedTo ?? []).map(words).join(", ")}` : "Everyone its type goes to",
          ],
          d.fileName ? ["File", `${d.fileName} (${d.contentType}, ${fileSize(d.sizeBytes ?? 0)})`] : null,
          d.sha256 ? ["SHA-256", <code className="app-pre">{d.sha256}</code>] : null,
          d.supersedesId ? ["Corrects", <Link to={`/papers/${d.supersedesId}`}>the earlier version</Link>] : null,
        ]}
      />
      <div className="app-actions">
        {d.downloadUrl && (
          <Button onClick={() => void download(d.downloadUrl!, d.fileName ?? "paper").catch((e) => setDownloadError(e.message))}>Download</Button>
        )}
        {myDelivery && !myDelivery.acknowledgedAt && d.status === "ACTIVE" && (
          <Button variant="secondary" onClick={() => void ack.run({ documentId: d.id }).then((x) => x && setDone("Acknowledged"))}>
            Acknowledge receipt
          </Button>
        )}
      </div>
      <Table
        caption="Who received it"
        head={["Recipient", "Delivered", "Within target", "Read", "Acknowledged", "Acknowledge by"]}
        empty="It has not been delivered to anyone."
        rows={d.deliveries.map((x) => [
          `${x.person?.displayName ?? x.organisation.name} (${words(x.role)})`,
          formatDateTime(x.deliveredAt),
          x.reachedInTime ? "Yes" : <Tag colour="orange">No</Tag>,
          x.readAt ? formatDateTime(x.readAt) : "Not yet",
          x.acknowledgedAt ? formatDateTime(x.acknowledgedAt) : x.overdue ? <Tag colour="red">Overdue</Tag> : "Not yet",
          formatDate(x.acknowledgeBy),
        ])}
      />
      {filer && d.status === "ACTIVE" && filedByRole && (
        <>
          <Details summary="Upload a corrected version">
            <p className="govuk-body">The corrected paper replaces this one and is delivered again to everyone it goes to.</p>
            <FilePaper
              proceedingsId={d.proceedings.id}
              children={d.proceedings.children}
              filedBy={filedByRole}
              supersedes={{ id: d.id, type: d.type, title: d.title }}
              onDone={(id) => navigate(`/papers/${id}`)}
            />
          </Details>
          <Details summary="Withdraw this paper">
            <WarningText>Recipients lose access at once and are told why. The record stays; the content is deleted.</WarningText>
            <form
              noValidate
              onSubmit={async (e) => {
                e.preventDefault();
                if (!reason.trim()) return withdraw.setErrors([{ id: "withdraw-reason", message: "Say why the paper is withdrawn" }]);
                if (await withdraw.run({ documentId: d.id, reason: reason.trim() })) setDone("Withdrawn");
              }}
            >
              <ErrorSummary errors={withdraw.errors} />
              <Textarea id="withdraw-reason" label="Reason, shown to every recipient" errors={withdraw.errors} value={reason} onChange={setReason} rows={3} />
              <Button type="submit" variant="warning" disabled={withdraw.pending}>
                Withdraw the paper
              </Button>
            </form>
          </Details>
        </>
      )}
    </>
  );
}
