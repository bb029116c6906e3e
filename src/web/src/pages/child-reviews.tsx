// The looked-after review cycle and post-order assurance: the statutory schedule, reviews with
// their decisions, an extra review after a significant change, and the assurance statements the
// IRO signs off for the court.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import { useAction, check } from "../lib/forms";
import { useMe } from "../lib/me";
import { formatDate, formatDateTime, today } from "../lib/format";
import {
  Button,
  Checkbox,
  DateInput,
  Details,
  ErrorSummary,
  Loading,
  NotificationBanner,
  Radios,
  SummaryList,
  Table,
  Tag,
  TextInput,
  Textarea,
  WarningText,
  isDate,
} from "../govuk/components";
import type { ChildData } from "./child";

const REVIEWS = graphql(`
  query ChildReviews($childId: ID!) {
    reviewSchedule(childId: $childId) {
      lookedAfterSince
      nextDueOn
      nextOverdue
      extraReviewDueOn
      extraReviewReason
      extraReviewOverdue
      firstPostOrderReviewOn
      reviews {
        number
        dueOn
        heldOn
        onTime
        overdue
        reviewId
      }
    }
    reviews(childId: $childId) {
      id
      heldOn
      extra
      participants
      spokeToChild
      childViews
      planOnTrack
      concerns
      decisions {
        id
        description
        owner
        dueOn
        completedAt
      }
    }
  }
`);

const STATEMENTS = graphql(`
  query AssuranceStatements($childId: ID!) {
    assuranceStatements(childId: $childId) {
      id
      heldOn
      dueOn
      heldOnTime
      planOnTrack
      openDisputes
      openReferrals
      summaryForCourt
      status
      releasedAt
    }
  }
`);

const LOOKED_AFTER = graphql(`
  mutation RecordLookedAfterSince($childId: ID!, $since: LocalDate!) {
    recordLookedAfterSince(childId: $childId, since: $since) {
      id
    }
  }
`);
const RECORD_REVIEW = graphql(`
  mutation RecordReview($input: RecordReviewInput!) {
    recordReview(input: $input) {
      id
    }
  }
`);
const COMPLETE_DECISION = graphql(`
  mutation CompleteReviewDecision($id: ID!) {
    completeReviewDecision(id: $id) {
      id
      completedAt
    }
  }
`);
const EXTRA_REVIEW = graphql(`
  mutation RequestExtraReview($childId: ID!, $dueOn: LocalDate!, $reason: String!) {
    requestExtraReview(childId: $childId, dueOn: $dueOn, reason: $reason) {
      extraReviewDueOn
    }
  }
`);
const POST_ORDER_DATE = graphql(`
  mutation StatePostOrderReviewDate($childId: ID!, $on: LocalDate!) {
    statePostOrderReviewDate(childId: $childId, on: $on) {
      firstPostOrderReviewOn
    }
  }
`);
const UPDATE_STATEMENT = graphql(`
  mutation UpdateAssuranceStatement($id: ID!, $summary: String!) {
    updateAssuranceStatement(id: $id, summaryForCourt: $summary) {
      id
      summaryForCourt
    }
  }
`);
const RELEASE_STATEMENT = graphql(`
  mutation ReleaseAssuranceStatement($id: ID!) {
    releaseAssuranceStatement(id: $id) {
      id
      status
      releasedAt
    }
  }
`);

function Done({ text }: { text: string | null }) {
  return text ? <NotificationBanner success>{<p className="govuk-notification-banner__heading">{text}</p>}</NotificationBanner> : null;
}

function LookedAfter({ c }: { c: ChildData }) {
  const [since, setSince] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(LOOKED_AFTER, ["since"]);
  const submit = async () => {
    if (!isDate(since)) return action.setErrors([{ id: "since", message: "Enter the date the child became looked after" }]);
    if (await action.run({ childId: c.id, since })) setDone("Looked-after date recorded; the review schedule follows from it");
  };
  return (
    <Details summary="Record when the child became looked after">
      <Done text={done} />
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <ErrorSummary errors={action.errors} />
        <DateInput id="since" legend="Looked after since" errors={action.errors} value={since} onChange={setSince} />
        <Button type="submit" disabled={action.pending}>
          Record the date
        </Button>
      </form>
    </Details>
  );
}

interface DecisionDraft {
  description: string;
  owner: string;
  dueOn: string;
}

function RecordReview({ c, extraDue }: { c: ChildData; extraDue: boolean }) {
  const [v, setV] = useState({
    heldOn: today(),
    participants: "",
    spokeToChild: "",
    childViews: "",
    planOnTrack: "",
    concerns: "",
    summaryForCourt: "",
    extra: extraDue,
  });
  const [decisions, setDecisions] = useState<DecisionDraft[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const known: Record<string, string> = {
    heldOn: "heldOn",
    participants: "participants",
    spokeToChild: "spokeToChild",
    planOnTrack: "planOnTrack",
    childViews: "childViews",
    concerns: "concerns",
    summaryForCourt: "summaryForCourt",
    ...Object.fromEntries(decisions.flatMap((_, i) => ["description", "owner", "dueOn"].map((f) => [`decisions.${i}.${f}`, `decisions-${i}-${f}`]))),
  };
  const action = useAction(RECORD_REVIEW, known);
  const set = (k: keyof typeof v) => (x: string | boolean) => setV({ ...v, [k]: x });
  const submit = async () => {
    const problems = check([
      [isDate(v.heldOn), "heldOn", "Enter the date the review was held"],
      [v.participants.trim() !== "", "participants", "Enter who took part"],
      [v.spokeToChild !== "", "spokeToChild", "Say whether you spoke to the child"],
      [v.planOnTrack !== "", "planOnTrack", "Say whether the plan is on track"],
      ...decisions.flatMap((d, i): [boolean, string, string][] => [
        [d.description.trim() !== "", `decisions-${i}-description`, `Describe decision ${i + 1}`],
        [d.owner.trim() !== "", `decisions-${i}-owner`, `Say who carries out decision ${i + 1}`],
        [isDate(d.dueOn), `decisions-${i}-dueOn`, `Enter when decision ${i + 1} is due`],
      ]),
    ]);
    if (problems.length) return action.setErrors(problems);
    const ok = await action.run({
      input: {
        childId: c.id,
        heldOn: v.heldOn,
        participants: v.participants
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean),
        spokeToChild: v.spokeToChild === "yes",
        childViews: v.childViews.trim() || null,
        planOnTrack: v.planOnTrack === "yes",
        concerns: v.concerns.trim() || null,
        summaryForCourt: v.summaryForCourt.trim() || null,
        extra: v.extra,
        decisions: decisions.length ? decisions.map((d) => ({ description: d.description.trim(), owner: d.owner.trim(), dueOn: d.dueOn })) : null,
      },
    });
    if (ok) {
      setDone("Review recorded");
      setDecisions([]);
    }
  };
  return (
    <Details summary="Record a review">
      <Done text={done} />
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <ErrorSummary errors={action.errors} />
        <DateInput id="heldOn" legend="Held on" errors={action.errors} value={v.heldOn} onChange={set("heldOn")} />
        <TextInput
          id="participants"
          label="Who took part"
          hint="Names or roles, separated by commas"
          errors={action.errors}
          value={v.participants}
          onChange={set("participants")}
        />
        <Radios
          id="spokeToChild"
          legend="Did you speak to the child?"
          inline
          errors={action.errors}
          value={v.spokeToChild}
          onChange={set("spokeToChild")}
          options={[
            { value: "yes", text: "Yes" },
            { value: "no", text: "No" },
          ]}
        />
        <Textarea id="childViews" label="The child's views (optional)" errors={action.errors} value={v.childViews} onChange={set("childViews")} rows={3} />
        <Radios
          id="planOnTrack"
          legend="Is the care plan on track?"
          inline
          errors={action.errors}
          value={v.planOnTrack}
          onChange={set("planOnTrack")}
          options={[
            { value: "yes", text: "Yes" },
            { value: "no", text: "No" },
          ]}
        />
        <Textarea id="concerns" label="Concerns (optional)" errors={action.errors} value={v.concerns} onChange={set("concerns")} rows={3} />
        <Textarea
          id="summaryForCourt"
          label="Summary for the court (optional)"
          hint="After a monitored final order this starts the assurance statement the court sees once you release it"
          errors={action.errors}
          value={v.summaryForCourt}
          onChange={set("summaryForCourt")}
          rows={3}
        />
        <Checkbox id="extra" label="This is the extra review called after a significant change" checked={v.extra} onChange={set("extra")} />
        <fieldset className="govuk-fieldset govuk-!-margin-bottom-6">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Decisions</legend>
          {decisions.map((d, i) => (
            <div className="app-card" key={i}>
              <TextInput
                id={`decisions-${i}-description`}
                label={`Decision ${i + 1}`}
                errors={action.errors}
                value={d.description}
                onChange={(x) => setDecisions(decisions.map((y, j) => (j === i ? { ...y, description: x } : y)))}
              />
              <TextInput
                id={`decisions-${i}-owner`}
                label="Who carries it out"
                width="20"
                errors={action.errors}
                value={d.owner}
                onChange={(x) => setDecisions(decisions.map((y, j) => (j === i ? { ...y, owner: x } : y)))}
              />
              <DateInput
                id={`decisions-${i}-dueOn`}
                legend="Due"
                errors={action.errors}
                value={d.dueOn}
                onChange={(x) => setDecisions(decisions.map((y, j) => (j === i ? { ...y, dueOn: x } : y)))}
              />
              <Button variant="secondary" onClick={() => setDecisions(decisions.filter((_, j) => j !== i))}>
                Remove decision {i + 1}
              </Button>
            </div>
          ))}
          <Button variant="secondary" onClick={() => setDecisions([...decisions, { description: "", owner: "", dueOn: "" }])}>
            Add a decision
          </Button>
        </fieldset>
        <Button type="submit" disabled={action.pending}>
          Record the review
        </Button>
      </form>
    </Details>
  );
}

function ExtraReview({ c }: { c: ChildData }) {
  const [dueOn, setDueOn] = useState("");
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(EXTRA_REVIEW, { dueOn: "extraDueOn", reason: "extraReason" });
  const submit = async () => {
    const problems = check([
      [isDate(dueOn), "extraDueOn", "Enter when the extra review must be held"],
      [reason.trim() !== "", "extraReason", "Say what significant change calls for it"],
    ]);
    if (problems.length) return action.setErrors(problems);
    if (await action.run({ childId: c.id, dueOn, reason: reason.trim() })) setDone("Extra review called");
  };
  return (
    <Details summary="Call an extra review after a significant change">
      <Done text={done} />
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <ErrorSummary errors={action.errors} />
        <DateInput id="extraDueOn" legend="Hold it by" errors={action.errors} value={dueOn} onChange={setDueOn} />
        <Textarea id="extraReason" label="Why" errors={action.errors} value={reason} onChange={setReason} rows={3} />
        <Button type="submit" disabled={action.pending}>
          Call the review
        </Button>
      </form>
    </Details>
  );
}

function PostOrderDate({ c }: { c: ChildData }) {
  const [on, setOn] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(POST_ORDER_DATE, { on: "postOrderOn" });
  const submit = async () => {
    if (!isDate(on)) return action.setErrors([{ id: "postOrderOn", message: "Enter the date of the first review after the order" }]);
    if (await action.run({ childId: c.id, on })) setDone("The court will see this date");
  };
  return (
    <Details summary="State the first review date after the order (for the court)">
      <Done text={done} />
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <ErrorSummary errors={action.errors} />
        <DateInput id="postOrderOn" legend="First post-order review on" errors={action.errors} value={on} onChange={setOn} />
        <Button type="submit" disabled={action.pending}>
          State the date
        </Button>
      </form>
    </Details>
  );
}

function Statement({ s, canWrite }: { s: NonNullable<ReturnType<typeof useStatements>["data"]>["assuranceStatements"][number]; canWrite: boolean }) {
  const [summary, setSummary] = useState(s.summaryForCourt);
  const update = useAction(UPDATE_STATEMENT, { summaryForCourt: `summary-${s.id}` });
  const release = useAction(RELEASE_STATEMENT);
  const [done, setDone] = useState<string | null>(null);
  return (
    <div className="app-card" data-testid="assurance-statement">
      <h3 className="govuk-heading-s">
        Review on {formatDate(s.heldOn)}{" "}
        {s.status === "RELEASED" ? <Tag colour="green">Released {formatDateTime(s.releasedAt)}</Tag> : <Tag colour="yellow">Draft</Tag>}
      </h3>
      <Done text={done} />
      <SummaryList
        rows={[
          ["Held on time", s.heldOnTime ? "Yes" : `No (due ${formatDate(s.dueOn)})`],
          ["Plan on track", s.planOnTrack ? "Yes" : "No"],
          ["Open disputes", String(s.openDisputes)],
          ["Open Cafcass referrals", String(s.openReferrals)],
          s.status === "RELEASED" || !canWrite ? ["Summary for the court", <span className="app-pre">{s.summaryForCourt}</span>] : null,
        ]}
      />
      {s.status === "DRAFT" && canWrite && (
        <>
          <ErrorSummary errors={[...update.errors, ...release.errors]} />
          <Textarea id={`summary-${s.id}`} label="Summary for the court" errors={update.errors} value={summary} onChange={setSummary} rows={4} />
          <WarningText>Once released, the statement goes to the court and cannot change.</WarningText>
          <div className="app-actions">
            <Button variant="secondary" onClick={() => void update.run({ id: s.id, summary }).then((x) => x && setDone("Draft saved"))}>
              Save the draft
            </Button>
            <Button
              onClick={async () => {
                if (summary !== s.summaryForCourt && !(await update.run({ id: s.id, summary }))) return;
                if (await release.run({ id: s.id })) setDone("Released to the court");
              }}
            >
              Sign off and release to the court
            </Button>
          </div>
        </>
      )}
    </div>
  );
}

const useStatements = (childId: string) => useQuery(STATEMENTS, { variables: { childId } });

export function Reviews({ c }: { c: ChildData }) {
  const { has } = useMe();
  const { data, loading, error } = useQuery(REVIEWS, { variables: { childId: c.id } });
  const statements = useStatements(c.id);
  const complete = useAction(COMPLETE_DECISION);
  const isIro = has("IRO");
  if (loading && !data) return <Loading />;
  if (error) return <ErrorSummary errors={[{ id: null, message: error.message }]} />;
  const s = data!.reviewSchedule;
  return (
    <>
      <h2 className="govuk-heading-m">Review schedule</h2>
      <SummaryList
        rows={[
          ["Looked after since", s.lookedAfterSince ? formatDate(s.lookedAfterSince) : "Not recorded"],
          [
            "Next review due",
            s.nextDueOn ? (
              <>
                {formatDate(s.nextDueOn)} {s.nextOverdue && <Tag colour="red">Overdue</Tag>}
              </>
            ) : (
              "—"
            ),
          ],
          s.extraReviewDueOn
            ? [
                "Extra review",
                <>
                  {formatDate(s.extraReviewDueOn)} ({s.extraReviewReason}) {s.extraReviewOverdue && <Tag colour="red">Overdue</Tag>}
                </>,
              ]
            : null,
          s.firstPostOrderReviewOn ? ["First review after the order", formatDate(s.firstPostOrderReviewOn)] : null,
        ]}
      />
      {has("SOCIAL_WORKER", "LA_LEGAL") && <LookedAfter c={c} />}
      <Table
        caption="Statutory reviews"
        captionSize="s"
        empty="The schedule starts when the looked-after date is recorded."
        head={["Review", "Due", "Held", "On time"]}
        rows={s.reviews.map((r) => [
          `Review ${r.number}`,
          formatDate(r.dueOn),
          r.heldOn ? formatDate(r.heldOn) : r.overdue ? <Tag colour="red">Overdue</Tag> : "Not yet",
          r.onTime === null ? "—" : r.onTime ? "Yes" : "No",
        ])}
      />
      {isIro && <RecordReview c={c} extraDue={!!s.extraReviewDueOn} />}
      {isIro && <ExtraReview c={c} />}
      {isIro && c.finalOutcome && <PostOrderDate c={c} />}
      <h2 className="govuk-heading-m">Reviews held</h2>
      <ErrorSummary errors={complete.errors} />
      {data!.reviews.length === 0 && <p className="govuk-body">No reviews recorded yet.</p>}
      {data!.reviews.map((r) => (
        <div className="app-card" key={r.id}>
          <h3 className="govuk-heading-s">
            Review on {formatDate(r.heldOn)} {r.extra && <Tag colour="purple">Extra</Tag>}{" "}
            {r.planOnTrack ? <Tag colour="green">Plan on track</Tag> : <Tag colour="orange">Plan not on track</Tag>}
          </h3>
          <SummaryList
            rows={[
              ["Who took part", r.participants.join(", ")],
              ["Spoke to the child", r.spokeToChild ? "Yes" : "No"],
              r.childViews ? ["Child's views", r.childViews] : null,
              r.concerns ? ["Concerns", r.concerns] : null,
            ]}
          />
          {r.decisions.length > 0 && (
            <ul className="govuk-list">
              {r.decisions.map((d) => (
                <li key={d.id}>
                  {d.description} — {d.owner}, due {formatDate(d.dueOn)}{" "}
                  {/* Overdue shows as overdue where the IRO acts on it (today, in England, is after its due date). */}
                  {d.completedAt ? <Tag colour="green">Done</Tag> : d.dueOn < today() ? <Tag colour="red">Overdue</Tag> : <Tag colour="blue">Open</Tag>}{" "}
                  {isIro && !d.completedAt && (
                    <Button variant="secondary" onClick={() => void complete.run({ id: d.id })}>
                      Mark done<span className="govuk-visually-hidden">: {d.description}</span>
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
      <h2 className="govuk-heading-m">Assurance statements for the court</h2>
      {statements.data?.assuranceStatements.length === 0 && <p className="govuk-body">None yet: a post-order review drafts one.</p>}
      {statements.error && <ErrorSummary errors={[{ id: null, message: statements.error.message }]} />}
      {statements.data?.assuranceStatements.map((st) => (
        <Statement key={st.id} s={st} canWrite={isIro} />
      ))}
    </>
  );
}
