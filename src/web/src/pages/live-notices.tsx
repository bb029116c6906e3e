// Live updates: every case event makes the visible pages fetch again (events carry ids only,
// so the page asks the API for what changed, under its own access rules), and the ones a
// person should notice are announced in a banner.
import { useEffect, useRef, useState } from "react";
import { client } from "../lib/apollo";
import { backgroundRequests } from "../lib/session";
import { onCaseEvent, type CaseEvent } from "../lib/live";
import { Link } from "../lib/router";
import { Button } from "../govuk/components";
import { formatDateTime } from "../lib/format";
import { useMe } from "../lib/me";

const NOTABLE: Record<string, string> = {
  DOCUMENT_DELIVERED: "A court paper was delivered to you",
  DOCUMENT_FILED: "A court paper was filed",
  DOCUMENT_WITHDRAWN: "A court paper was withdrawn",
  POST_ORDER_CHANGE_RAISED: "A post-order change needs acknowledging",
  ASSURANCE_STATEMENT_RELEASED: "An assurance statement was released to the court",
  CARE_PLAN_VERSION_RECORDED: "A new care plan version was recorded",
  SIGNIFICANT_EVENT_RECORDED: "A significant event was recorded",
  REVIEW_RECORDED: "A review was recorded",
  LIAISON_RECORDED: "A liaison record was added",
  DISPUTE_CHANGED: "A dispute changed",
  REFERRAL_CHANGED: "A Cafcass referral changed",
  PROTOCOL_STEP_OVERDUE: "A protocol step is overdue",
  REVIEW_OVERDUE: "A review is overdue",
};

export function LiveNotices() {
  const [notices, setNotices] = useState<CaseEvent[]>([]);
  const refetch = useRef<number | undefined>(undefined);
  // A person's own change is not news to them (the page refreshes all the same).
  const myId = useRef<string | undefined>(undefined);
  myId.current = useMe().me?.user.id;
  useEffect(
    () =>
      onCaseEvent((e) => {
        // Several events from one change arrive together: fetch once for them all.
        window.clearTimeout(refetch.current);
        // The page catching up by itself: not the person's activity (the idle end stays put).
        // (A query that now fails, say a record no longer the person's, shows that on its own page.)
        refetch.current = window.setTimeout(() => void backgroundRequests(() => client.refetchQueries({ include: "active" })).catch(() => undefined), 250);
        if (NOTABLE[e.kind] && e.actorId !== myId.current) setNotices((n) => [e, ...n.filter((x) => x.cursor !== e.cursor)].slice(0, 5));
      }),
    [],
  );
  if (!notices.length) return <div className="app-live-region" role="status" aria-live="polite" />;
  return (
    <div className="govuk-notification-banner app-live-region" role="region" aria-labelledby="live-notices-title" data-testid="live-notices">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="live-notices-title">
          New since you opened this page
        </h2>
      </div>
      <div className="govuk-notification-banner__content" role="status" aria-live="polite">
        <ul className="govuk-list">
          {notices.map((e) => (
            <li key={e.cursor}>
              {NOTABLE[e.kind]} ({formatDateTime(e.occurredAt)}).{" "}
              <Link to={e.childId ? `/children/${e.childId}` : `/cases/${e.proceedingsId}`}>Open{e.childId ? " the child's page" : " the case"}</Link>
            </li>
          ))}
        </ul>
        <Button variant="secondary" onClick={() => setNotices([])}>
          Dismiss
        </Button>
      </div>
    </div>
  );
}
