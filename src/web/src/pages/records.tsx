// The local authority's records manager: whose records are due for disposal (the case number,
// the authority's own reference, the rule: never the content), legal holds placed and lifted
// with a reason, disposal approved for the ones chosen, and the certificates that remain.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import { usePageTitle } from "../lib/page";
import { useAction } from "../lib/forms";
import { formatDate, formatDateTime, today, words } from "../lib/format";
import { Button, Checkbox, DateInput, Details, ErrorSummary, Loading, NotificationBanner, Table, Tag, Textarea, WarningText } from "../govuk/components";

const RECORDS = graphql(`
  query RecordsPage {
    recordsDueForDisposal {
      childId
      courtCaseNumber
      laReference
      retentionClass
      disposeOn
      rule
      hold {
        reason
        placedAt
      }
    }
    notLookedAfterRetentionAge
    subjectAccessRequests {
      id
      description
      receivedOn
      dueOn
      overdue
      extendedMonths
      completedOn
    }
    disposalCertificates(first: 20) {
      id
      courtCaseNumber
      retentionClass
      filesRemoved
      disposedAt
      removed {
        kind
        count
      }
    }
  }
`);

const HOLD = graphql(`
  mutation PlaceLegalHold($childId: ID!, $reason: String!) {
    placeLegalHold(childId: $childId, reason: $reason) {
      childId
    }
  }
`);

const LIFT = graphql(`
  mutation LiftLegalHold($childId: ID!, $reason: String!) {
    liftLegalHold(childId: $childId, reason: $reason) {
      childId
    }
  }
`);

const RECORD_SAR = graphql(`
  mutation RecordSubjectAccessRequest($input: RecordSubjectAccessRequestInput!) {
    recordSubjectAccessRequest(input: $input) {
      id
    }
  }
`);

const COMPLETE_SAR = graphql(`
  mutation CompleteSubjectAccessRequest($id: ID!, $completedOn: LocalDate!) {
    completeSubjectAccessRequest(id: $id, completedOn: $completedOn) {
      id
    }
  }
`);

const DISPOSE = graphql(`
  mutation DisposeOfRecords($childIds: [ID!]!) {
    disposeOfRecords(childIds: $childIds) {
      id
    }
  }
`);

export default function RecordsPage() {
  usePageTitle("Records management");
  const { data, loading, error } = useQuery(RECORDS);
  const [chosen, setChosen] = useState<string[]>([]);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const hold = useAction(HOLD, { reason: "hold-reason" });
  const lift = useAction(LIFT, { reason: "hold-reason" });
  const dispose = useAction(DISPOSE);
  const recordSar = useAction(RECORD_SAR, { description: "sar-description", receivedOn: "sar-received" });
  const completeSar = useAction(COMPLETE_SAR);
  const [sarText, setSarText] = useState("");
  const [sarReceived, setSarReceived] = useState("");
  if (loading && !data) return <Loading />;
  if (!data) return <ErrorSummary errors={[{ id: null, message: error?.message ?? "Could not load the records" }]} />;
  const due = data.recordsDueForDisposal;
  const reasonFor = (id: string) => reasons[id] ?? "";
  // Done: say so, and start the next reason afresh.
  const settled = (id: string, message: string) => {
    setDone(message);
    setReasons({ ...reasons, [id]: "" });
  };
  return (
    <>
      <h1 className="govuk-heading-l">Records due for disposal</h1>
      {done && (
        <NotificationBanner success>
          <p className="govuk-notification-banner__heading">{done}</p>
        </NotificationBanner>
      )}
      <ErrorSummary errors={[...hold.errors, ...lift.errors, ...dispose.errors, ...recordSar.errors, ...completeSar.errors]} />
      <p className="govuk-body">
        A looked-after child's records are kept until the 75th anniversary of their birth (Care Planning, Placement and Case Review (England) Regulations 2010,
        reg. 50); other children's until their {data.notLookedAfterRetentionAge}th birthday, your authority's schedule. A legal hold stops disposal whatever the
        date.
      </p>
      <Table
        caption="Due today"
        head={["Case", "Child's reference", "Rule", "Due since", "Hold", "Choose"]}
        empty="No records are due for disposal."
        rows={due.map((r) => [
          r.courtCaseNumber,
          r.laReference,
          words(r.retentionClass),
          r.disposeOn ? formatDate(r.disposeOn) : "",
          r.hold ? (
            <>
              <Tag colour="orange">On hold</Tag> {r.hold.reason}
              <Details
                summary={
                  <>
                    Lift the hold<span className="govuk-visually-hidden"> on {r.laReference}</span>
                  </>
                }
              >
                <Textarea
                  id={`lift-${r.childId}`}
                  label="Why it is lifted"
                  value={reasonFor(r.childId)}
                  onChange={(v) => setReasons({ ...reasons, [r.childId]: v })}
                />
                <Button
                  variant="secondary"
                  onClick={() =>
                    void lift.run({ childId: r.childId, reason: reasonFor(r.childId) }).then((x) => x && settled(r.childId, `Hold lifted on ${r.laReference}`))
                  }
                >
                  Lift the hold
                </Button>
              </Details>
            </>
          ) : (
            <Details
              summary={
                <>
                  Place a legal hold<span className="govuk-visually-hidden"> on {r.laReference}</span>
                </>
              }
            >
              <Textarea
                id={`hold-${r.childId}`}
                label="Why (litigation, an inquiry, a complaint)"
                value={reasonFor(r.childId)}
                onChange={(v) => setReasons({ ...reasons, [r.childId]: v })}
              />
              <Button
                variant="secondary"
                onClick={() =>
                  void hold.run({ childId: r.childId, reason: reasonFor(r.childId) }).then((x) => x && settled(r.childId, `Hold placed on ${r.laReference}`))
                }
              >
                Place the hold
              </Button>
            </Details>
          ),
          r.hold ? (
            ""
          ) : (
            <Checkbox
              id={`dispose-${r.childId}`}
              label={<span className="govuk-visually-hidden">Dispose of {r.laReference}</span>}
              checked={chosen.includes(r.childId)}
              onChange={(v) => setChosen(v ? [...chosen, r.childId] : chosen.filter((c) => c !== r.childId))}
            />
          ),
        ])}
      />
      {chosen.length > 0 && (
        <>
          <WarningText>
            Disposal removes everything the hub holds about {chosen.length === 1 ? "this child" : `these ${chosen.length} children`}: records, papers and their
            files. It cannot be undone. A certificate remains.
          </WarningText>
          <Button
            variant="warning"
            onClick={() =>
              void dispose.run({ childIds: chosen }).then((x) => {
                if (x) {
                  setDone(`Disposed of ${x.disposeOfRecords.length} ${x.disposeOfRecords.length === 1 ? "child's records" : "children's records"}`);
                  setChosen([]);
                }
              })
            }
          >
            Dispose of the chosen records
          </Button>
        </>
      )}
      <Table
        caption="Subject access requests"
        head={["Request", "Received", "Due", "Answered"]}
        empty="No subject access requests recorded."
        rows={data.subjectAccessRequests.map((r) => [
          r.description,
          formatDate(r.receivedOn),
          <>
            {formatDate(r.dueOn)}
            {r.extendedMonths > 0 && ` (extended by ${r.extendedMonths} month${r.extendedMonths > 1 ? "s" : ""})`}{" "}
            {r.overdue && <Tag colour="red">Overdue</Tag>}
          </>,
          r.completedOn ? (
            formatDate(r.completedOn)
          ) : (
            <Button variant="secondary" onClick={() => void completeSar.run({ id: r.id, completedOn: today() }).then((x) => x && setDone("Marked answered"))}>
              Answered today<span className="govuk-visually-hidden">: {r.description}</span>
            </Button>
          ),
        ])}
      />
      <Details summary="Record a subject access request">
        <Textarea id="sar-description" label="Who asked, and about whom" value={sarText} onChange={setSarText} errors={recordSar.errors} />
        <DateInput id="sar-received" legend="Received on" value={sarReceived} onChange={setSarReceived} errors={recordSar.errors} />
        <Button
          onClick={() =>
            void recordSar.run({ input: { subjectKind: "PERSON", description: sarText, receivedOn: sarReceived } }).then((x) => {
              if (x) {
                setDone("Request recorded");
                setSarText("");
                setSarReceived("");
              }
            })
          }
        >
          Record the request
        </Button>
      </Details>
      <Table
        caption="Disposal certificates"
        head={["Case", "Rule", "Records removed", "Files", "Disposed"]}
        empty="Nothing has been disposed of yet."
        rows={data.disposalCertificates.map((c) => [
          c.courtCaseNumber,
          words(c.retentionClass),
          c.removed.map((r) => `${words(r.kind)}: ${r.count}`).join(", "),
          String(c.filesRemoved),
          formatDateTime(c.disposedAt),
        ])}
      />
    </>
  );
}
