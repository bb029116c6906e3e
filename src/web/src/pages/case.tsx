// One set of proceedings: its timetable and hearings, its children and who holds which role,
// its court papers, and (for managers) who has looked at it. The forms are in case-forms.tsx,
// the papers and audit sections in case-records.tsx.
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import { useMe } from "../lib/me";
import { usePageTitle } from "../lib/page";
import { Link } from "../lib/router";
import { formatDate, formatDateTime, words } from "../lib/format";
import { partyName, outcomeText } from "../lib/fragments";
import { BackLink, ErrorSummary, Loading, SubNav, SummaryList, Table, Tag } from "../govuk/components";
import { AddChild, APPOINTING, Appoint, EndAppointment, ExtendTimetable, RecordHearing } from "./case-forms";
import { Audit, Papers } from "./case-records";

const CASE = graphql(`
  query CasePage($id: ID!) {
    proceedings(id: $id) {
      id
      courtCaseNumber
      issueDate
      applicationType
      status
      court {
        id
        name
      }
      localAuthority {
        id
        name
      }
      timetable {
        twentySixWeekDate
        finalHearingDueDate
        cmhDueDate
        advocatesMeetingDueDate
        weeksRunning
        extensionWeeks
        extensions {
          grantedOn
          weeks
          reason
        }
      }
      hearings {
        id
        type
        date
      }
      children {
        ...ChildSummary
        parties {
          ...PartyFields
        }
      }
      parties {
        ...PartyFields
        child {
          id
          givenName
          familyName
        }
      }
      protocolNotices {
        id
        step
        sentAt
        sentTo
        child {
          id
          givenName
        }
        contacts {
          name
          email
          phone
          role
          organisation
        }
      }
    }
  }
`);

export type CaseData = NonNullable<ReturnType<typeof useCase>["data"]>["proceedings"];
const useCase = (id: string) => useQuery(CASE, { variables: { id } });

function Overview({ p }: { p: CaseData }) {
  const { has } = useMe();
  const t = p.timetable;
  const person = (c: CaseData["children"][number], role: string) =>
    c.parties
      .filter((x) => x.role === role && x.current)
      .map((x) => x.person?.displayName)
      .join(", ") || <span className="govuk-hint govuk-!-margin-0">none</span>;
  return (
    <>
      <SummaryList
        rows={[
          ["Court", p.court.name],
          ["Local authority", p.localAuthority.name],
          ["Application", words(p.applicationType)],
          ["Issued", formatDate(p.issueDate)],
          ["Status", <Tag colour={p.status === "OPEN" ? "blue" : "grey"}>{words(p.status)}</Tag>],
        ]}
      />
      <h2 className="govuk-heading-m">Timetable</h2>
      <SummaryList
        rows={[
          ["Weeks running", String(t.weeksRunning)],
          ["Advocates' meeting by", formatDate(t.advocatesMeetingDueDate)],
          ["Case management hearing by", formatDate(t.cmhDueDate)],
          ["26 weeks", formatDate(t.twentySixWeekDate)],
          [
            "Final hearing due",
            <>
              {formatDate(t.finalHearingDueDate)}
              {t.extensionWeeks ? ` (extended by ${t.extensionWeeks} weeks)` : ""}
            </>,
          ],
        ]}
      />
      {t.extensions.length > 0 && (
        <Table
          caption="Extensions"
          captionSize="s"
          head={["Granted", "Weeks", "Reason"]}
          rows={t.extensions.map((x) => [formatDate(x.grantedOn), x.weeks, x.reason])}
        />
      )}
      {has("LA_LEGAL", "COURT") && p.status === "OPEN" && <ExtendTimetable p={p} />}
      <h2 className="govuk-heading-m">Children</h2>
      <Table
        caption={<span className="govuk-visually-hidden">Children</span>}
        head={["Child", "Born", "IRO", "Guardian", "Social worker", "Outcome"]}
        rows={p.children.map((c) => [
          <Link to={`/children/${c.id}`}>
            {c.givenName} {c.familyName}
          </Link>,
          <span className="app-nowrap">{c.dateOfBirth ? formatDate(c.dateOfBirth) : "—"}</span>,
          person(c, "IRO"),
          person(c, "GUARDIAN"),
          person(c, "SOCIAL_WORKER"),
          outcomeText(c.finalOutcome) ?? "—",
        ])}
      />
      {has("LA_LEGAL") && p.status === "OPEN" && <AddChild p={p} />}
      <h2 className="govuk-heading-m">Hearings</h2>
      <Table
        caption={<span className="govuk-visually-hidden">Hearings</span>}
        head={has("LA_LEGAL") ? ["Hearing", "Date", "Court bundle"] : ["Hearing", "Date"]}
        empty="No hearings recorded yet."
        rows={[...p.hearings]
          .sort((a, b) => a.date.localeCompare(b.date))
          .map((h) => [
            words(h.type),
            formatDate(h.date),
            ...(has("LA_LEGAL")
              ? [
                  <Link to={`/cases/${p.id}/bundles/${h.id}`}>
                    Bundle
                    <span className="govuk-visually-hidden">
                      {" "}
                      for the {words(h.type)} on {formatDate(h.date)}
                    </span>
                  </Link>,
                ]
              : []),
          ])}
      />
      {has("LA_LEGAL", "COURT") && p.status === "OPEN" && <RecordHearing p={p} />}
      {p.protocolNotices.length > 0 && (
        <>
          <h2 className="govuk-heading-m">Protocol notices</h2>
          <Table
            caption={<span className="govuk-visually-hidden">Protocol notices</span>}
            head={["Notice", "Child", "Sent", "Sent to", "Contacts"]}
            rows={p.protocolNotices.map((n) => [
              words(n.step),
              n.child.givenName,
              formatDateTime(n.sentAt),
              n.sentTo.map(words).join(", "),
              n.contacts.map((c) => `${c.name} (${words(c.role)}, ${c.email}${c.phone ? `, ${c.phone}` : ""})`).join("; "),
            ])}
          />
        </>
      )}
    </>
  );
}

function People({ p }: { p: CaseData }) {
  const { has, me } = useMe();
  const rows = [...p.parties].sort((a, b) => (a.child?.givenName ?? "").localeCompare(b.child?.givenName ?? "") || a.role.localeCompare(b.role));
  const canEnd = (x: CaseData["parties"][number]) =>
    x.current &&
    !x.endsOn &&
    x.person &&
    x.organisation.id === me?.organisation.id &&
    ((x.role === "IRO" && has("IRO_MANAGER")) || (x.role === "GUARDIAN" && has("CAFCASS_MANAGER")) || (x.role === "SOCIAL_WORKER" && has("LA_LEGAL")));
  return (
    <>
      <Table
        caption="Who holds which role"
        head={["Child", "Role", "Person or organisation", "Contact", "From", "Until", ""]}
        rows={rows.map((x) => [
          x.child ? `${x.child.givenName} ${x.child.familyName}` : "All children",
          words(x.role),
          partyName(x),
          x.person ? (
            <>
              <a className="govuk-link" href={`mailto:${x.person.email}`}>
                {x.person.email}
              </a>
              {x.person.phone ? `, ${x.person.phone}` : ""}
            </>
          ) : (
            ""
          ),
          formatDate(x.startsOn),
          x.endsOn ? formatDate(x.endsOn) : x.current ? <Tag colour="green">Current</Tag> : "",
          canEnd(x) ? <EndAppointment party={x} /> : "",
        ])}
      />
      {p.status === "OPEN" && APPOINTING.filter((a) => has(a.needs)).map((a) => <Appoint key={a.role} p={p} which={a} />)}
    </>
  );
}

export default function CasePage({ params }: { params: Record<string, string> }) {
  const { data, loading, error } = useCase(params.id);
  const { has } = useMe();
  const p = data?.proceedings;
  usePageTitle(p ? `Case ${p.courtCaseNumber}` : "Case");
  if (loading && !p) return <Loading />;
  if (!p) return <ErrorSummary errors={[{ id: null, message: error?.message ?? "Case not found" }]} />;
  const section = params.section ?? "overview";
  const sections = [
    { key: "overview", text: "Overview", show: true },
    { key: "people", text: "People", show: true },
    { key: "papers", text: "Court papers", show: has("LA_LEGAL", "COURT", "GUARDIAN", "IRO", "IRO_MANAGER", "CAFCASS_MANAGER") },
    { key: "audit", text: "Audit trail", show: has("IRO_MANAGER", "HUB_ADMIN") },
  ].filter((s) => s.show);
  return (
    <>
      <BackLink to="/">My cases</BackLink>
      <span className="govuk-caption-l">Proceedings at {p.court.name}</span>
      <h1 className="govuk-heading-l">Case {p.courtCaseNumber}</h1>
      <SubNav
        label="Case sections"
        current={section}
        items={sections.map((s) => ({ key: s.key, text: s.text, to: s.key === "overview" ? `/cases/${p.id}` : `/cases/${p.id}/${s.key}` }))}
      />
      {section === "overview" && <Overview p={p} />}
      {section === "people" && <People p={p} />}
      {section === "papers" && <Papers p={p} />}
      {section === "audit" && <Audit id={p.id} />}
    </>
  );
}
