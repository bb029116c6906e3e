// What needed me (the notices the hub emailed, or would have), how I hear of each kind, and my
// private calendar feed.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { NoticeDelivery, NoticeKind } from "../gql/graphql";
import { useAction } from "../lib/forms";
import { usePageTitle } from "../lib/page";
import { Link } from "../lib/router";
import { formatDate, formatDateTime } from "../lib/format";
import { Button, ErrorSummary, InsetText, Loading, NotificationBanner, Select, SummaryList, Table, Tag } from "../govuk/components";

const NOTICES = graphql(`
  query MyNotices($after: String) {
    myNotices(first: 50, after: $after) {
      edges {
        node {
          id
          kind
          description
          courtCaseNumber
          link
          dueOn
          delivery
          emailStatus
          readAt
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    myNotificationPreferences {
      kind
      description
      delivery
      chosen
    }
    myCalendarFeed {
      createdAt
      lastFetchedAt
    }
  }
`);
const MARK_READ = graphql(`
  mutation MarkNoticesRead($ids: [ID!]!) {
    markNoticesRead(ids: $ids)
  }
`);
const SET_PREFERENCE = graphql(`
  mutation SetNotificationPreference($kind: NoticeKind!, $delivery: NoticeDelivery!) {
    setNotificationPreference(kind: $kind, delivery: $delivery) {
      kind
      delivery
      chosen
    }
  }
`);
const CREATE_FEED = graphql(`
  mutation CreateCalendarFeed {
    createCalendarFeed {
      url
      createdAt
    }
  }
`);
const REVOKE_FEED = graphql(`
  mutation RevokeCalendarFeed {
    revokeCalendarFeed
  }
`);

const DELIVERY: Record<NoticeDelivery, string> = { IMMEDIATE: "Email at once", DAILY_DIGEST: "Daily digest email", OFF: "No email" };
const EMAIL_STATUS: Record<string, [string, "green" | "yellow" | "red"]> = {
  SENT: ["Emailed", "green"],
  PENDING: ["Sending", "yellow"],
  FAILED: ["Email failed", "red"],
};

export default function Notifications() {
  usePageTitle("Notifications");
  const [after, setAfter] = useState<string | null>(null);
  const { data, loading, error } = useQuery(NOTICES, { variables: { after } });
  const markRead = useAction(MARK_READ);
  const setPreference = useAction(SET_PREFERENCE);
  const createFeed = useAction(CREATE_FEED);
  const revokeFeed = useAction(REVOKE_FEED);
  const [feedUrl, setFeedUrl] = useState<string | null>(null);
  const errors = [
    ...markRead.errors,
    ...setPreference.errors,
    ...createFeed.errors,
    ...revokeFeed.errors,
    ...(error ? [{ id: null, message: error.message }] : []),
  ];
  const notices = data?.myNotices.edges.map((e) => e.node) ?? [];
  const unread = notices.filter((n) => !n.readAt);

  return (
    <>
      <h1 className="govuk-heading-xl">Notifications</h1>
      <p className="govuk-body">
        The hub tells you by email when something needs you. Emails name the case number and what happened, never a child, and link back here.
      </p>
      <ErrorSummary errors={errors} />
      {loading && !data && <Loading />}
      {data && (
        <>
          <h2 className="govuk-heading-l">What needed you</h2>
          {unread.length > 0 && (
            <Button variant="secondary" onClick={() => void markRead.run({ ids: unread.map((n) => n.id) })}>
              Mark all as read
            </Button>
          )}
          <Table
            caption={<span className="govuk-visually-hidden">Your notices, newest first</span>}
            empty="Nothing has needed you yet."
            head={["What", "Case", "Due", "Email", "When"]}
            rows={notices.map((n) => [
              <>
                <Link to={n.link}>{n.description}</Link> {!n.readAt && <Tag colour="blue">New</Tag>}
              </>,
              n.courtCaseNumber,
              formatDate(n.dueOn),
              n.emailStatus ? (
                <Tag colour={EMAIL_STATUS[n.emailStatus][1]}>{EMAIL_STATUS[n.emailStatus][0]}</Tag>
              ) : n.delivery === "DAILY_DIGEST" ? (
                "In your next digest"
              ) : (
                "Not emailed"
              ),
              formatDateTime(n.createdAt),
            ])}
          />
          {data.myNotices.pageInfo.hasNextPage && (
            <Button variant="secondary" onClick={() => setAfter(data.myNotices.pageInfo.endCursor)}>
              Older notices
            </Button>
          )}
          {after && (
            <Button variant="secondary" onClick={() => setAfter(null)}>
              Newest notices
            </Button>
          )}

          <h2 className="govuk-heading-l">How you hear of each kind</h2>
          <Table
            caption={<span className="govuk-visually-hidden">Email preferences</span>}
            head={["Kind", "Email"]}
            rows={data.myNotificationPreferences.map((p) => [
              p.description,
              <Select
                id={`pref-${p.kind}`}
                label={<span className="govuk-visually-hidden">Email for: {p.description}</span>}
                value={p.delivery}
                onChange={(v) => void setPreference.run({ kind: p.kind as NoticeKind, delivery: v as NoticeDelivery })}
                options={(Object.keys(DELIVERY) as NoticeDelivery[]).map((d) => ({
                  value: d,
                  text: DELIVERY[d] + (!p.chosen && d === p.delivery ? " (default)" : ""),
                }))}
              />,
            ])}
          />

          <h2 className="govuk-heading-l" id="calendar">
            Your calendar
          </h2>
          <p className="govuk-body">
            Subscribe to your deadlines from Outlook or Google Calendar: hearings on your cases, your children's review dates, dispute stages and what you must
            acknowledge. Anyone with the link can read it, so keep it to yourself; making a new one stops the old one.
          </p>
          {feedUrl && (
            <NotificationBanner success title="Your calendar link">
              <p className="govuk-body">Copy this link into your calendar now: it is not shown again.</p>
              <p className="govuk-body app-pre">
                <code id="calendar-url">{feedUrl}</code>
              </p>
            </NotificationBanner>
          )}
          {data.myCalendarFeed ? (
            <SummaryList
              rows={[
                ["Link made", formatDateTime(data.myCalendarFeed.createdAt)],
                ["Last read by a calendar", data.myCalendarFeed.lastFetchedAt ? formatDateTime(data.myCalendarFeed.lastFetchedAt) : "Not yet"],
              ]}
            />
          ) : (
            <InsetText>You have no calendar link.</InsetText>
          )}
          <div className="govuk-button-group">
            <Button
              onClick={() =>
                void createFeed.run({}).then((r) => {
                  if (r) setFeedUrl(r.createCalendarFeed.url);
                })
              }
            >
              {data.myCalendarFeed ? "Make a new calendar link" : "Make a calendar link"}
            </Button>
            {data.myCalendarFeed && (
              <Button
                variant="warning"
                onClick={() =>
                  void revokeFeed.run({}).then(() => {
                    setFeedUrl(null);
                  })
                }
              >
                Stop my calendar link
              </Button>
            )}
          </div>
        </>
      )}
    </>
  );
}
