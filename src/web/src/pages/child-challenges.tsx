// The IRO's challenge route, visible: an informal concern, formal stages each answered by the
// person named, and a referral to Cafcass that can run alongside.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import { useAction, check } from "../lib/forms";
import { useMe } from "../lib/me";
import { formatDate, formatDateTime, words } from "../lib/format";
import { Button, Details, ErrorSummary, Loading, NotificationBanner, Radios, Select, SummaryList, Tag, Textarea, type TagColour } from "../govuk/components";
import type { ChildData } from "./child";

const DISPUTES = graphql(`
  query Disputes($childId: ID!) {
    disputes(childId: $childId) {
      id
      concern
      status
      formalFrom
      resolution
      raisedAt
      stages {
        id
        stage
        startedOn
        respondBy
        response
        resolved
        respondedAt
        responder {
          id
          displayName
        }
      }
    }
  }
`);
const OPTIONS = graphql(`
  query DisputeOptions($childId: ID!) {
    disputeEscalationOptions(childId: $childId) {
      stages {
        stage
        workingDays
      }
      responders {
        id
        displayName
      }
    }
  }
`);
const REFERRALS = graphql(`
  query Referrals($childId: ID!) {
    cafcassReferrals(childId: $childId) {
      id
      reason
      status
      raisedAt
      acceptedOn
      decisionDueOn
      decision
      decidedOn
      outcome
      declineReason
    }
  }
`);
const GUARDIANS = graphql(`
  query CafcassColleagues {
    colleagues {
      id
      displayName
      roles
    }
  }
`);

const RAISE = graphql(`
  mutation RaiseConcern($childId: ID!, $concern: String!) {
    raiseConcern(childId: $childId, concern: $concern) {
      id
    }
  }
`);
const ESCALATE = graphql(`
  mutation EscalateDispute($disputeId: ID!, $stage: String!, $responderId: ID!) {
    escalateDispute(disputeId: $disputeId, stage: $stage, responderId: $responderId) {
      id
    }
  }
`);
const RESPOND = graphql(`
  mutation RespondToDispute($stageId: ID!, $response: String!, $resolved: Boolean!) {
    respondToDispute(stageId: $stageId, response: $response, resolved: $resolved) {
      id
    }
  }
`);
const RESOLVE = graphql(`
  mutation ResolveDispute($disputeId: ID!, $resolution: String!) {
    resolveDispute(disputeId: $disputeId, resolution: $resolution) {
      id
    }
  }
`);
const REFER = graphql(`
  mutation ReferToCafcass($childId: ID!, $reason: String!) {
    referToCafcass(childId: $childId, reason: $reason) {
      id
    }
  }
`);
const HANDLE = graphql(`
  mutation HandleReferral($referralId: ID!, $accept: Boolean!, $guardianId: ID, $declineReason: String) {
    handleReferral(referralId: $referralId, accept: $accept, guardianId: $guardianId, declineReason: $declineReason) {
      id
    }
  }
`);
const DECIDE = graphql(`
  mutation RecordReferralDecision($referralId: ID!, $decision: String!) {
    recordReferralDecision(referralId: $referralId, decision: $decision) {
      id
    }
  }
`);
const OUTCOME = graphql(`
  mutation RecordReferralOutcome($referralId: ID!, $outcome: String!) {
    recordReferralOutcome(referralId: $referralId, outcome: $outcome) {
      id
    }
  }
`);

type Dispute = NonNullable<ReturnType<typeof useDisputes>["data"]>["disputes"][number];
const useDisputes = (childId: string, skip: boolean) => useQuery(DISPUTES, { variables: { childId }, skip });

function Done({ text }: { text: string | null }) {
  return text ? <NotificationBanner success>{<p className="govuk-notification-banner__heading">{text}</p>}</NotificationBanner> : null;
}

/** A one-text-field form: a concern, a resolution, a decision, an outcome. */
function TextAction({
  id,
  summary,
  label,
  button,
  run,
}: {
  id: string;
  summary: string;
  label: string;
  button: string;
  run: (text: string) => Promise<boolean>;
}) {
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<{ id: string | null; message: string }[]>([]);
  return (
    <Details summary={summary}>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!text.trim()) return setErrors([{ id, message: `Enter ${label.toLowerCase()}` }]);
          setErrors([]);
          if (await run(text.trim())) setText("");
        }}
      >
        <ErrorSummary errors={errors} />
        <Textarea id={id} label={label} errors={errors} value={text} onChange={setText} rows={3} />
        <Button type="submit">{button}</Button>
      </form>
    </Details>
  );
}

function Escalate({ c, d }: { c: ChildData; d: Dispute }) {
  const { data } = useQuery(OPTIONS, { variables: { childId: c.id } });
  const [stage, setStage] = useState("");
  const [responderId, setResponderId] = useState("");
  const ids = { stage: `stage-${d.id}`, responderId: `responder-${d.id}` };
  const action = useAction(ESCALATE, ids);
  const reached = d.stages.map((s) => s.stage);
  const options = (data?.disputeEscalationOptions.stages ?? []).filter(
    (s, i, all) => !reached.length || i > all.findIndex((x) => x.stage === reached[reached.length - 1]),
  );
  const submit = async () => {
    const problems = check([
      [!!stage, ids.stage, "Select the stage"],
      [!!responderId, ids.responderId, "Select who must answer"],
    ]);
    if (problems.length) return action.setErrors(problems);
    await action.run({ disputeId: d.id, stage, responderId });
  };
  return (
    <Details summary={d.status === "INFORMAL" ? "Escalate to the formal process" : "Escalate to a later stage"}>
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <ErrorSummary errors={action.errors} />
        <Select
          id={ids.stage}
          label="Stage"
          hint="Stages may be skipped; the whole formal process may not run past 20 working days"
          errors={action.errors}
          value={stage}
          onChange={setStage}
          placeholder="Choose"
          options={options.map((s) => ({ value: s.stage, text: `${words(s.stage)} (${s.workingDays} working days)` }))}
        />
        <Select
          id={ids.responderId}
          label="Who must answer"
          errors={action.errors}
          value={responderId}
          onChange={setResponderId}
          placeholder="Choose"
          options={(data?.disputeEscalationOptions.responders ?? []).map((p) => ({ value: p.id, text: p.displayName }))}
        />
        <Button type="submit" disabled={action.pending}>
          Escalate
        </Button>
      </form>
    </Details>
  );
}

function Respond({ stageId }: { stageId: string }) {
  const [response, setResponse] = useState("");
  const [resolved, setResolved] = useState("");
  const ids = { response: `response-${stageId}`, resolved: `resolved-${stageId}` };
  const action = useAction(RESPOND, ids);
  const submit = async () => {
    const problems = check([
      [response.trim() !== "", ids.response, "Enter your response"],
      [resolved !== "", ids.resolved, "Say whether this resolves the dispute"],
    ]);
    if (problems.length) return action.setErrors(problems);
    await action.run({ stageId, response: response.trim(), resolved: resolved === "yes" });
  };
  return (
    <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
      <ErrorSummary errors={action.errors} />
      <Textarea id={ids.response} label="Your response" errors={action.errors} value={response} onChange={setResponse} rows={3} />
      <Radios
        id={ids.resolved}
        legend="Does it resolve the dispute, in your view?"
        inline
        small
        errors={action.errors}
        value={resolved}
        onChange={setResolved}
        options={[
          { value: "yes", text: "Yes" },
          { value: "no", text: "No" },
        ]}
      />
      <Button type="submit" disabled={action.pending}>
        Send the response
      </Button>
    </form>
  );
}

const STATUS_COLOUR: Record<string, TagColour> = {
  INFORMAL: "blue",
  FORMAL: "orange",
  RESOLVED: "green",
  PENDING: "yellow",
  ACCEPTED: "blue",
  DECLINED: "grey",
  CLOSED: "green",
};

function Disputes({ c }: { c: ChildData }) {
  const { has, me } = useMe();
  const { data, loading, error } = useDisputes(c.id, false);
  const raise = useAction(RAISE);
  const resolve = useAction(RESOLVE);
  const [done, setDone] = useState<string | null>(null);
  const isIro = has("IRO");
  if (loading && !data) return <Loading />;
  if (error) return <ErrorSummary errors={[{ id: null, message: error.message }]} />;
  return (
    <section aria-labelledby="disputes-heading">
      <h2 className="govuk-heading-m" id="disputes-heading">
        Disputes
      </h2>
      <Done text={done} />
      <ErrorSummary errors={[...raise.errors, ...resolve.errors]} />
      {isIro && (
        <TextAction
          id="concern"
          summary="Raise a concern"
          label="The concern"
          button="Record the concern"
          run={async (t) => !!(await raise.run({ childId: c.id, concern: t })) && (setDone("Concern recorded"), true)}
        />
      )}
      {data!.disputes.length === 0 && <p className="govuk-body">No disputes.</p>}
      {data!.disputes.map((d) => (
        <div className="app-card" key={d.id} data-testid="dispute">
          <h3 className="govuk-heading-s">
            Raised {formatDateTime(d.raisedAt)} <Tag colour={STATUS_COLOUR[d.status]}>{words(d.status)}</Tag>
          </h3>
          <SummaryList
            rows={[
              ["Concern", <span className="app-pre">{d.concern}</span>],
              d.formalFrom ? ["Formal from", formatDate(d.formalFrom)] : null,
              d.resolution ? ["Resolution", d.resolution] : null,
            ]}
          />
          {d.stages.map((s) => (
            <div key={s.id} className="govuk-inset-text">
              <p className="govuk-body govuk-!-font-weight-bold">
                {words(s.stage)}: {s.responder.displayName}, respond by {formatDate(s.respondBy)}
              </p>
              {s.response ? (
                <p className="govuk-body">
                  Answered {formatDateTime(s.respondedAt)}: {s.response}{" "}
                  {s.resolved ? <Tag colour="green">Resolves it</Tag> : <Tag colour="orange">Does not resolve it</Tag>}
                </p>
              ) : s.responder.id === me?.user.id && d.status !== "RESOLVED" ? (
                <Respond stageId={s.id} />
              ) : (
                <p className="govuk-body">Awaiting an answer.</p>
              )}
            </div>
          ))}
          {isIro && d.status !== "RESOLVED" && (
            <>
              <Escalate c={c} d={d} />
              <TextAction
                id={`resolution-${d.id}`}
                summary="Record that the dispute is resolved"
                label="How it was resolved"
                button="Resolve the dispute"
                run={async (t) => !!(await resolve.run({ disputeId: d.id, resolution: t })) && (setDone("Dispute resolved"), true)}
              />
            </>
          )}
        </div>
      ))}
    </section>
  );
}

function Handle({ referralId }: { referralId: string }) {
  const { data } = useQuery(GUARDIANS, { fetchPolicy: "cache-first" });
  const [choice, setChoice] = useState("");
  const [guardianId, setGuardianId] = useState("");
  const [reason, setReason] = useState("");
  const ids = { accept: `accept-${referralId}`, guardianId: `guardian-${referralId}`, declineReason: `decline-${referralId}` };
  const action = useAction(HANDLE, ids);
  const submit = async () => {
    const problems = check([
      [choice !== "", ids.accept, "Choose to accept or decline"],
      [choice !== "accept" || !!guardianId, ids.guardianId, "Select the guardian to appoint"],
      [choice !== "decline" || reason.trim() !== "", ids.declineReason, "Give the reason for declining"],
    ]);
    if (problems.length) return action.setErrors(problems);
    await action.run({
      referralId,
      accept: choice === "accept",
      guardianId: choice === "accept" ? guardianId : null,
      declineReason: choice === "decline" ? reason.trim() : null,
    });
  };
  return (
    <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
      <ErrorSummary errors={action.errors} />
      <Radios
        id={ids.accept}
        legend="Accept the referral?"
        small
        errors={action.errors}
        value={choice}
        onChange={setChoice}
        options={[
          { value: "accept", text: "Accept and appoint a guardian" },
          { value: "decline", text: "Decline" },
        ]}
      />
      {choice === "accept" && (
        <Select
          id={ids.guardianId}
          label="Guardian"
          errors={action.errors}
          value={guardianId}
          onChange={setGuardianId}
          placeholder="Choose"
          options={(data?.colleagues ?? []).filter((u) => u.roles.includes("GUARDIAN")).map((u) => ({ value: u.id, text: u.displayName }))}
        />
      )}
      {choice === "decline" && <Textarea id={ids.declineReason} label="Reason" errors={action.errors} value={reason} onChange={setReason} rows={3} />}
      <Button type="submit" disabled={action.pending}>
        Record the decision
      </Button>
    </form>
  );
}

function Referrals({ c }: { c: ChildData }) {
  const { has } = useMe();
  const { data, loading, error } = useQuery(REFERRALS, { variables: { childId: c.id } });
  const refer = useAction(REFER);
  const decide = useAction(DECIDE);
  const outcome = useAction(OUTCOME);
  const [done, setDone] = useState<string | null>(null);
  if (loading && !data) return <Loading />;
  if (error) return <ErrorSummary errors={[{ id: null, message: error.message }]} />;
  return (
    <section aria-labelledby="referrals-heading">
      <h2 className="govuk-heading-m" id="referrals-heading">
        Referrals to Cafcass
      </h2>
      <Done text={done} />
      <ErrorSummary errors={[...refer.errors, ...decide.errors, ...outcome.errors]} />
      {has("IRO") && (
        <TextAction
          id="referral-reason"
          summary="Refer the case to Cafcass"
          label="Why the case is referred"
          button="Refer to Cafcass"
          run={async (t) => !!(await refer.run({ childId: c.id, reason: t })) && (setDone("Referred to Cafcass"), true)}
        />
      )}
      {data!.cafcassReferrals.length === 0 && <p className="govuk-body">No referrals.</p>}
      {data!.cafcassReferrals.map((r) => (
        <div className="app-card" key={r.id} data-testid="referral">
          <h3 className="govuk-heading-s">
            Referred {formatDateTime(r.raisedAt)} <Tag colour={STATUS_COLOUR[r.status]}>{words(r.status)}</Tag>
          </h3>
          <SummaryList
            rows={[
              ["Reason", <span className="app-pre">{r.reason}</span>],
              r.acceptedOn ? ["Accepted", formatDate(r.acceptedOn)] : null,
              r.decisionDueOn ? ["Guardian's decision due", formatDate(r.decisionDueOn)] : null,
              r.decision ? ["Decision", `${r.decision} (${formatDate(r.decidedOn)})`] : null,
              r.outcome ? ["Outcome", r.outcome] : null,
              r.declineReason ? ["Declined because", r.declineReason] : null,
            ]}
          />
          {has("CAFCASS_MANAGER") && r.status === "PENDING" && <Handle referralId={r.id} />}
          {has("GUARDIAN") && r.status === "ACCEPTED" && !r.decision && (
            <TextAction
              id={`decision-${r.id}`}
              summary="Record your decision on the course of action"
              label="Decision"
              button="Record the decision"
              run={async (t) => !!(await decide.run({ referralId: r.id, decision: t })) && (setDone("Decision recorded"), true)}
            />
          )}
          {has("GUARDIAN") && r.status === "ACCEPTED" && r.decision && !r.outcome && (
            <TextAction
              id={`outcome-${r.id}`}
              summary="Record the outcome"
              label="Outcome"
              button="Record the outcome"
              run={async (t) => !!(await outcome.run({ referralId: r.id, outcome: t })) && (setDone("Outcome recorded"), true)}
            />
          )}
        </div>
      ))}
    </section>
  );
}

export function Challenges({ c }: { c: ChildData }) {
  const { has } = useMe();
  return (
    <>
      {has("LA_LEGAL", "SOCIAL_WORKER", "IRO", "IRO_MANAGER") && <Disputes c={c} />}
      {has("IRO", "IRO_MANAGER", "GUARDIAN", "CAFCASS_MANAGER") && <Referrals c={c} />}
    </>
  );
}
