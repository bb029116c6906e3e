// A child's page: who is appointed, what has happened (a live timeline), and a section for each
// strand of the child's records, shown to the people whose role reads it.
import { useEffect, useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { OrderType } from "../gql/graphql";
import { useAction, check } from "../lib/forms";
import { useMe } from "../lib/me";
import { usePageTitle } from "../lib/page";
import { Link } from "../lib/router";
import { formatDate, formatDateTime, words } from "../lib/format";
import { partyName, outcomeText } from "../lib/fragments";
import {
  BackLink,
  Button,
  DateInput,
  Details,
  ErrorSummary,
  Loading,
  NotificationBanner,
  Select,
  SubNav,
  SummaryList,
  Tag,
  Textarea,
  isDate,
} from "../govuk/components";
import { CarePlan } from "./child-care-plan";
import { Liaison, Checklist } from "./child-liaison";
import { Reviews } from "./child-reviews";
import { Challenges } from "./child-challenges";
import { PostOrder, SignificantEvents } from "./child-post-order";

export const CHILD = graphql(`
  query ChildPage($id: ID!) {
    child(id: $id) {
      ...ChildSummary
      recordsVisible
      proceedings {
        id
        courtCaseNumber
        status
        court {
          id
          name
        }
        hearings {
          id
          type
          date
        }
      }
      finalOutcome {
        id
        courtRecommendations
        approvedCarePlan {
          id
          version
        }
      }
      parties {
        ...PartyFields
      }
    }
  }
`);

const TIMELINE = graphql(`
  query ChildTimeline($childId: ID, $after: String) {
    caseEventFeed(childId: $childId, first: 100, after: $after) {
      edges {
        node {
          cursor
          kind
          occurredAt
          subjectId
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const PLANS = graphql(`
  query ApprovablePlans($childId: ID!) {
    carePlanHistory(childId: $childId) {
      id
      version
      status
      createdAt
    }
  }
`);

const RECORD_OUTCOME = graphql(`
  mutation RecordFinalOutcome($input: RecordFinalOutcomeInput!) {
    recordFinalOutcome(input: $input) {
      id
    }
  }
`);

export type ChildData = NonNullable<ReturnType<typeof useChild>["data"]>["child"];
const useChild = (id: string) => useQuery(CHILD, { variables: { id } });

const EVENT_TEXT: Record<string, [string, string]> = {
  CHILD_ADDED: ["Added to the proceedings", ""],
  APPOINTMENT_MADE: ["Appointed", ""],
  APPOINTMENT_ENDED: ["An appointment ended", ""],
  PROTOCOL_NOTICE_SENT: ["Protocol notice sent", ""],
  DOCUMENT_FILED: ["Court paper filed", ""],
  DOCUMENT_DELIVERED: ["Court paper delivered", ""],
  DOCUMENT_ACKNOWLEDGED: ["Court paper acknowledged", ""],
  DOCUMENT_WITHDRAWN: ["Court paper withdrawn", ""],
  DOCUMENT_SUPERSEDED: ["Court paper corrected", ""],
  CARE_PLAN_VERSION_RECORDED: ["Care plan version recorded", "care-plan"],
  SIGNIFICANT_EVENT_RECORDED: ["Significant event recorded", "events"],
  FINAL_OUTCOME_RECORDED: ["Final outcome recorded", ""],
  POST_ORDER_CHANGE_RAISED: ["Post-order change raised", "post-order"],
  POST_ORDER_CHANGE_ACKNOWLEDGED: ["Post-order change acknowledged", "post-order"],
  LIAISON_RECORDED: ["IRO and guardian liaison recorded", "liaison"],
  PROTOCOL_STEP_OVERDUE: ["A protocol step became overdue", "checklist"],
  REVIEW_RECORDED: ["Review recorded", "reviews"],
  REVIEW_OVERDUE: ["A review became overdue", "reviews"],
  REVIEW_DECISION_OVERDUE: ["A review decision became overdue", "reviews"],
  REVIEW_SCHEDULE_CHANGED: ["Review schedule changed", "reviews"],
  ASSURANCE_STATEMENT_RELEASED: ["Assurance statement released to the court", "reviews"],
  DISPUTE_CHANGED: ["Dispute changed", "challenges"],
  DISPUTE_STAGE_OVERDUE: ["A dispute stage went unanswered", "challenges"],
  REFERRAL_CHANGED: ["Cafcass referral changed", "challenges"],
  REFERRAL_DECISION_OVERDUE: ["A referral decision is overdue", "challenges"],
};

/** What has happened to this child, newest first; new events appear as they happen (live refetch). */
function Timeline({ childId, parties }: { childId: string; parties: ChildData["parties"] }) {
  const { data, loading, fetchMore } = useQuery(TIMELINE, { variables: { childId } });
  // The feed pages oldest first; read on to the newest (a child's events are a few hundred at most).
  const next = data?.caseEventFeed.pageInfo.hasNextPage ? data.caseEventFeed.pageInfo.endCursor : null;
  const pages = Math.ceil((data?.caseEventFeed.edges.length ?? 0) / 100);
  useEffect(() => {
    if (!next || pages >= 20) return;
    void fetchMore({
      variables: { after: next },
      updateQuery: (prev, { fetchMoreResult }) => ({
        caseEventFeed: { ...fetchMoreResult.caseEventFeed, edges: [...prev.caseEventFeed.edges, ...fetchMoreResult.caseEventFeed.edges] },
      }),
    });
  }, [next, pages, fetchMore]);
  if (loading && !data) return <Loading />;
  if (!data) return null;
  const events = [...data.caseEventFeed.edges].reverse();
  return (
    <section aria-labelledby="timeline-heading">
      <h2 className="govuk-heading-m" id="timeline-heading">
        Timeline
      </h2>
      {events.length === 0 && <p className="govuk-body">Nothing has happened yet.</p>}
      <ol className="app-timeline" data-testid="timeline">
        {events.map(({ node: e }) => {
          const [what, section] = EVENT_TEXT[e.kind] ?? [words(e.kind), ""];
          // Say who: an appointment's event names the appointment.
          const party = e.kind === "APPOINTMENT_MADE" || e.kind === "APPOINTMENT_ENDED" ? parties.find((p) => p.id === e.subjectId) : undefined;
          const who = party?.person?.displayName ?? party?.organisation.name;
          const text = party ? `${words(party.role)} ${e.kind === "APPOINTMENT_MADE" ? "appointed" : "appointment ended"}: ${who}` : what;
          return (
            <li className="app-timeline__item" key={e.cursor}>
              <span className="app-timeline__date">{formatDateTime(e.occurredAt)}</span>
              {section ? <Link to={`/children/${childId}/${section}`}>{text}</Link> : <span className="govuk-body">{text}</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function RecordOutcome({ c }: { c: ChildData }) {
  const [orderType, setOrderType] = useState("");
  const [orderDate, setOrderDate] = useState("");
  const [planId, setPlanId] = useState("");
  const [recommendations, setRecommendations] = useState("");
  const plans = useQuery(PLANS, { variables: { childId: c.id } });
  const action = useAction(RECORD_OUTCOME, ["orderType", "orderDate", "courtRecommendations", "approvedCarePlanVersionId"]);
  const [done, setDone] = useState(false);
  const submit = async () => {
    const problems = check([
      [!!orderType, "orderType", "Select the order the court made"],
      [isDate(orderDate), "orderDate", "Enter the date of the order"],
    ]);
    if (problems.length) return action.setErrors(problems);
    if (
      await action.run({
        input: {
          childId: c.id,
          proceedingsId: c.proceedings.id,
          orderType: orderType as OrderType,
          orderDate,
          approvedCarePlanVersionId: planId || null,
          courtRecommendations: recommendations.trim() || null,
        },
      })
    )
      setDone(true);
  };
  if (done) return <NotificationBanner success>{<p className="govuk-notification-banner__heading">Final outcome recorded</p>}</NotificationBanner>;
  return (
    <Details summary="Record the final outcome">
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <ErrorSummary errors={action.errors} />
        <Select
          id="orderType"
          label="Order made"
          errors={action.errors}
          value={orderType}
          onChange={setOrderType}
          placeholder="Choose"
          options={["CARE_ORDER", "PLACEMENT_ORDER", "SPECIAL_GUARDIANSHIP_ORDER", "SUPERVISION_ORDER", "CHILD_ARRANGEMENTS_ORDER", "NO_ORDER"].map((o) => ({
            value: o,
            text: words(o),
          }))}
        />
        <DateInput id="orderDate" legend="Date of the order" errors={action.errors} value={orderDate} onChange={setOrderDate} />
        <Select
          id="approvedCarePlanVersionId"
          label="The care plan the court approved"
          hint="A care order needs the final care plan the court considered (Children Act 1989 s31A)"
          errors={action.errors}
          value={planId}
          onChange={setPlanId}
          placeholder="None"
          options={(plans.data?.carePlanHistory ?? []).map((v) => ({
            value: v.id,
            text: `Version ${v.version} (${words(v.status)}, ${formatDateTime(v.createdAt)})`,
          }))}
        />
        <Textarea
          id="courtRecommendations"
          label="The court's recommendations about the care plan (optional)"
          errors={action.errors}
          value={recommendations}
          onChange={setRecommendations}
        />
        <Button type="submit" disabled={action.pending}>
          Record the outcome
        </Button>
      </form>
    </Details>
  );
}

function Overview({ c }: { c: ChildData }) {
  const { has } = useMe();
  // The court is named once, in its own row, not again as a party.
  const current = c.parties.filter((p) => p.current && p.role !== "COURT");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-one-half-from-desktop">
        <SummaryList
          rows={[
            ["Born", c.dateOfBirth ? formatDate(c.dateOfBirth) : "—"],
            ["LA reference", c.laReference ?? "—"],
            ["Case", <Link to={`/cases/${c.proceedings.id}`}>{c.proceedings.courtCaseNumber}</Link>],
            ["Court", c.proceedings.court.name],
            ...current.map((p): [string, string] => [words(p.role), `${partyName(p)}${p.person?.email ? `, ${p.person.email}` : ""}`]),
            ["Final outcome", outcomeText(c.finalOutcome) ?? "Not yet"],
            c.finalOutcome?.courtRecommendations ? ["Court's recommendations", c.finalOutcome.courtRecommendations] : null,
          ]}
        />
        {!c.finalOutcome && c.proceedings.status === "OPEN" && has("LA_LEGAL", "COURT") && <RecordOutcome c={c} />}
      </div>
      <div className="govuk-grid-column-one-half-from-desktop">
        <Timeline childId={c.id} parties={c.parties} />
      </div>
    </div>
  );
}

/** Someone appointed to a sibling: the child's name and who holds which role, nothing of the records. */
function SiblingOnly({ c }: { c: ChildData }) {
  return (
    <>
      <BackLink to={`/cases/${c.proceedings.id}`}>Case {c.proceedings.courtCaseNumber}</BackLink>
      <span className="govuk-caption-l">Case {c.proceedings.courtCaseNumber}</span>
      <h1 className="govuk-heading-l">
        {c.givenName} {c.familyName}
      </h1>
      <p className="govuk-body">
        {c.givenName}'s records are for the people appointed to {c.givenName}. You are appointed to another child on this case, so you see who holds which role
        here, and nothing more.
      </p>
      <SummaryList rows={c.parties.filter((p) => p.current).map((p): [string, string] => [words(p.role), partyName(p)])} />
    </>
  );
}

export default function ChildPage({ params }: { params: Record<string, string> }) {
  const { data, loading, error } = useChild(params.id);
  const { has } = useMe();
  const c = data?.child;
  const section = params.section ?? "overview";
  usePageTitle(c ? `${c.givenName} ${c.familyName}` : "Child");
  if (loading && !c) return <Loading />;
  if (!c) return <ErrorSummary errors={[{ id: null, message: error?.message ?? "Child not found" }]} />;
  if (!c.recordsVisible) return <SiblingOnly c={c} />;
  const sections = [
    { key: "overview", text: "Overview", show: true },
    { key: "care-plan", text: "Care plan", show: has("LA_LEGAL", "SOCIAL_WORKER", "IRO", "IRO_MANAGER", "GUARDIAN", "COURT") },
    { key: "events", text: "Significant events", show: has("SOCIAL_WORKER", "IRO", "IRO_MANAGER", "GUARDIAN") },
    { key: "liaison", text: "Liaison", show: has("LA_LEGAL", "IRO", "IRO_MANAGER", "GUARDIAN", "CAFCASS_MANAGER") },
    { key: "checklist", text: "Protocol checklist", show: has("LA_LEGAL", "IRO", "IRO_MANAGER", "GUARDIAN", "CAFCASS_MANAGER") },
    { key: "reviews", text: "Reviews and assurance", show: has("LA_LEGAL", "SOCIAL_WORKER", "IRO", "IRO_MANAGER", "GUARDIAN") },
    { key: "challenges", text: "Disputes and referrals", show: has("LA_LEGAL", "SOCIAL_WORKER", "IRO", "IRO_MANAGER", "GUARDIAN", "CAFCASS_MANAGER") },
    { key: "post-order", text: "Post-order changes", show: has("LA_LEGAL", "SOCIAL_WORKER", "IRO", "IRO_MANAGER", "GUARDIAN", "COURT") },
  ].filter((s) => s.show);
  return (
    <>
      <BackLink to={`/cases/${c.proceedings.id}`}>Case {c.proceedings.courtCaseNumber}</BackLink>
      <span className="govuk-caption-l">
        Case {c.proceedings.courtCaseNumber} {c.proceedings.status === "CLOSED" && <Tag colour="grey">Closed</Tag>}
      </span>
      <h1 className="govuk-heading-l">
        {c.givenName} {c.familyName}
      </h1>
      <SubNav
        label="Child sections"
        current={section}
        items={sections.map((s) => ({ key: s.key, text: s.text, to: s.key === "overview" ? `/children/${c.id}` : `/children/${c.id}/${s.key}` }))}
      />
      {section === "overview" && <Overview c={c} />}
      {section === "care-plan" && <CarePlan c={c} />}
      {section === "events" && <SignificantEvents c={c} />}
      {section === "liaison" && <Liaison c={c} />}
      {section === "checklist" && <Checklist c={c} />}
      {section === "reviews" && <Reviews c={c} />}
      {section === "challenges" && <Challenges c={c} />}
      {section === "post-order" && <PostOrder c={c} />}
      {!sections.some((s) => s.key === section) && <p className="govuk-body">This section is not part of your role.</p>}
    </>
  );
}
