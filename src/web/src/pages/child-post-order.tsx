// Significant events (the social worker tells the IRO) and, after the final order, the
// post-order changes the IRO, the court and (for a while) the guardian must acknowledge.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { SignificantEventKind } from "../gql/graphql";
import { useAction, check } from "../lib/forms";
import { useMe } from "../lib/me";
import { formatDate, formatDateTime, today, words } from "../lib/format";
import { Button, Checkbox, DateInput, Details, ErrorSummary, Loading, NotificationBanner, Select, Table, Tag, Textarea, isDate } from "../govuk/components";
import type { ChildData } from "./child";

const EVENTS = graphql(`
  query SignificantEvents($childId: ID!) {
    significantEvents(childId: $childId) {
      id
      kind
      occurredOn
      summary
      changesPlan
      createdAt
    }
  }
`);
const RECORD_EVENT = graphql(`
  mutation RecordSignificantEvent($input: RecordSignificantEventInput!) {
    recordSignificantEvent(input: $input) {
      id
    }
  }
`);
const CHANGES = graphql(`
  query PostOrderChanges($childId: ID!) {
    postOrderChanges(childId: $childId) {
      id
      raisedAt
      acknowledgeBy
      overdue
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
        overdue
        acknowledgedAt
        acknowledgedBy {
          id
          displayName
        }
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
export const ACKNOWLEDGE_CHANGE = graphql(`
  mutation AcknowledgePostOrderChange($changeId: ID!) {
    acknowledgePostOrderChange(changeId: $changeId) {
      id
    }
  }
`);

const KINDS = [
  "PROPOSED_CARE_PLAN_CHANGE",
  "REVIEW_DECISION_NOT_CARRIED_OUT",
  "CONTACT_CHANGE",
  "SOCIAL_WORKER_CHANGE",
  "SAFEGUARDING_CONCERN",
  "COMPLAINT",
  "PLACEMENT_CHANGE",
  "BIRTH_FAMILY_CHANGE",
  "OFFENCE_CHARGED",
  "SCHOOL_EXCLUSION",
  "MISSING_FROM_PLACEMENT",
  "HEALTH_EVENT",
  "PERMANENCE_DECISION",
];

function RecordEvent({ c }: { c: ChildData }) {
  const [kind, setKind] = useState("");
  const [occurredOn, setOccurredOn] = useState(today());
  const [summary, setSummary] = useState("");
  const [changesPlan, setChangesPlan] = useState(false);
  const [done, setDone] = useState(false);
  const action = useAction(RECORD_EVENT, ["kind", "occurredOn", "summary", "changesPlan"]);
  const submit = async () => {
    const problems = check([
      [!!kind, "kind", "Select what happened"],
      [isDate(occurredOn), "occurredOn", "Enter when it happened"],
      [summary.trim() !== "", "summary", "Describe what happened"],
    ]);
    if (problems.length) return action.setErrors(problems);
    if (await action.run({ input: { childId: c.id, kind: kind as SignificantEventKind, occurredOn, summary: summary.trim(), changesPlan } })) {
      setDone(true);
      setSummary("");
      setKind("");
    }
  };
  return (
    <Details summary="Tell the IRO of a significant event">
      {done && (
        <NotificationBanner success>
          {
            <p className="govuk-notification-banner__heading">
              The IRO has been told{c.finalOutcome && changesPlan ? ", and the court as a post-order change" : ""}
            </p>
          }
        </NotificationBanner>
      )}
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <ErrorSummary errors={action.errors} />
        <Select
          id="kind"
          label="What happened"
          errors={action.errors}
          value={kind}
          onChange={setKind}
          placeholder="Choose"
          options={KINDS.map((k) => ({ value: k, text: words(k) }))}
        />
        <DateInput id="occurredOn" legend="When" errors={action.errors} value={occurredOn} onChange={setOccurredOn} />
        <Textarea id="summary" label="Summary" errors={action.errors} value={summary} onChange={setSummary} rows={4} />
        <Checkbox
          id="changesPlan"
          label="It changes the care plan"
          hint="After the final order this reaches the court and, for a while, the guardian"
          checked={changesPlan}
          onChange={setChangesPlan}
        />
        <Button type="submit" disabled={action.pending}>
          Record the event
        </Button>
      </form>
    </Details>
  );
}

export function SignificantEvents({ c }: { c: ChildData }) {
  const { has } = useMe();
  const { data, loading, error } = useQuery(EVENTS, { variables: { childId: c.id } });
  if (loading && !data) return <Loading />;
  return (
    <>
      {error && <ErrorSummary errors={[{ id: null, message: error.message }]} />}
      {has("SOCIAL_WORKER") && <RecordEvent c={c} />}
      {data && (
        <Table
          caption="Significant events"
          empty="No significant events recorded."
          head={["When", "What", "Summary", "Changes the plan"]}
          rows={data.significantEvents.map((e) => [
            formatDate(e.occurredOn),
            words(e.kind),
            <span className="app-pre">{e.summary}</span>,
            e.changesPlan ? <Tag colour="orange">Yes</Tag> : "No",
          ])}
        />
      )}
    </>
  );
}

export function PostOrder({ c }: { c: ChildData }) {
  const { me, has } = useMe();
  const { data, loading, error } = useQuery(CHANGES, { variables: { childId: c.id } });
  const ack = useAction(ACKNOWLEDGE_CHANGE);
  if (loading && !data) return <Loading />;
  if (error) return <ErrorSummary errors={[{ id: null, message: error.message }]} />;
  const canAck = has("IRO", "GUARDIAN", "COURT");
  const mine = (r: NonNullable<typeof data>["postOrderChanges"][number]["recipients"][number]) =>
    r.person ? r.person.id === me?.user.id : r.organisation.id === me?.organisation.id;
  return (
    <>
      <h2 className="govuk-heading-m">Post-order changes</h2>
      {!c.finalOutcome && <p className="govuk-body">Post-order changes are raised once the final order is made.</p>}
      <ErrorSummary errors={ack.errors} />
      {data!.postOrderChanges.length === 0 && c.finalOutcome && <p className="govuk-body">No changes since the order.</p>}
      {data!.postOrderChanges.map((p) => {
        const waiting = p.recipients.find((r) => mine(r) && !r.acknowledgedAt);
        return (
          <div className="app-card" key={p.id} data-testid="post-order-change">
            <h3 className="govuk-heading-s">
              {p.carePlanVersion
                ? `Care plan version ${p.carePlanVersion.version}: ${p.carePlanVersion.changeSummary}`
                : `${words(p.significantEvent?.kind)}: ${p.significantEvent?.summary}`}{" "}
              {p.overdue && <Tag colour="red">Overdue</Tag>}
            </h3>
            <p className="govuk-body">
              Raised {formatDateTime(p.raisedAt)}; acknowledge by {formatDate(p.acknowledgeBy)}.
            </p>
            <ul className="govuk-list">
              {p.recipients.map((r, i) => (
                <li key={i}>
                  {words(r.role)} ({r.person?.displayName ?? r.organisation.name}):{" "}
                  {r.acknowledgedAt ? (
                    `acknowledged ${formatDateTime(r.acknowledgedAt)}${r.acknowledgedBy ? ` by ${r.acknowledgedBy.displayName}` : ""}`
                  ) : r.overdue ? (
                    <Tag colour="red">Not acknowledged, overdue</Tag>
                  ) : (
                    "not acknowledged yet"
                  )}
                </li>
              ))}
            </ul>
            {canAck && waiting && (
              <Button onClick={() => void ack.run({ changeId: p.id })}>
                Acknowledge<span className="govuk-visually-hidden"> this change</span>
              </Button>
            )}
          </div>
        );
      })}
    </>
  );
}
