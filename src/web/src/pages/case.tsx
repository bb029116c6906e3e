// One set of proceedings: its timetable and hearings, its children and who holds which role,
// its court papers, and (for managers) who has looked at it.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { AppointmentRole, HearingType } from "../gql/graphql";
import { useAction, check } from "../lib/forms";
import { useMe } from "../lib/me";
import { usePageTitle } from "../lib/page";
import { Link } from "../lib/router";
import { formatDate, formatDateTime, today, words } from "../lib/format";
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
  Table,
  Tag,
  TextInput,
  Textarea,
  isDate,
} from "../govuk/components";
import { FilePaper } from "./upload";

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
        id
        givenName
        familyName
        dateOfBirth
        laReference
        finalOutcome {
          id
          orderType
          orderDate
        }
        parties {
          id
          role
          current
          startsOn
          endsOn
          person {
            id
            displayName
            email
            phone
          }
          organisation {
            id
            name
          }
        }
      }
      parties {
        id
        role
        current
        startsOn
        endsOn
        person {
          id
          displayName
          email
          phone
        }
        organisation {
          id
          name
        }
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

const PAPERS = graphql(`
  query CasePapers($id: ID!) {
    caseDocuments(proceedingsId: $id) {
      id
      type
      title
      documentDate
      status
      confidentiality
      filedAt
      filedByRole
      filedBy {
        id
        displayName
      }
      children {
        id
        givenName
      }
      deliveries {
        id
        role
        readAt
        acknowledgedAt
        overdue
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

const AUDIT = graphql(`
  query CaseAudit($id: ID!, $after: String) {
    caseAuditTrail(proceedingsId: $id, first: 50, after: $after) {
      edges {
        node {
          id
          occurredAt
          operation
          outcome
          childId
          user {
            id
            displayName
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const COLLEAGUES = graphql(`
  query Colleagues {
    colleagues {
      id
      displayName
      roles
    }
  }
`);

const IRO_LOADS = graphql(`
  query IroLoads {
    iroCaseloads {
      iroId
      children
    }
  }
`);

/** An IRO's caseload against the 50-70 benchmark, as the appointing manager sees it. */
function caseloadText(children: number | undefined): string {
  if (children === undefined) return "";
  const against = children < 50 ? "under 50" : children > 70 ? "over 70" : "within 50-70";
  return ` (${children} ${children === 1 ? "child" : "children"}, ${against})`;
}

const RECORD_HEARING = graphql(`
  mutation RecordHearing($input: RecordHearingInput!) {
    recordHearing(input: $input) {
      id
    }
  }
`);
const EXTEND = graphql(`
  mutation ExtendTimetable($input: RecordTimetableExtensionInput!) {
    recordTimetableExtension(input: $input) {
      id
    }
  }
`);
const ADD_CHILD = graphql(`
  mutation AddChild($input: AddChildInput!) {
    addChild(input: $input) {
      id
    }
  }
`);
const APPOINT_IRO = graphql(`
  mutation AppointIro($input: AppointPersonInput!) {
    appointIro(input: $input) {
      id
    }
  }
`);
const ALLOCATE_GUARDIAN = graphql(`
  mutation AllocateGuardian($input: AppointPersonInput!) {
    allocateGuardian(input: $input) {
      id
    }
  }
`);
const ALLOCATE_SOCIAL_WORKER = graphql(`
  mutation AllocateSocialWorker($input: AppointPersonInput!) {
    allocateSocialWorker(input: $input) {
      id
    }
  }
`);
const END_APPOINTMENT = graphql(`
  mutation EndAppointment($input: EndAppointmentInput!) {
    endAppointment(input: $input) {
      id
    }
  }
`);

type CaseData = NonNullable<ReturnType<typeof useCase>["data"]>["proceedings"];
const useCase = (id: string) => useQuery(CASE, { variables: { id } });

function Done({ text }: { text: string | null }) {
  return text ? (
    <NotificationBanner success>
      <p className="govuk-notification-banner__heading">{text}</p>
    </NotificationBanner>
  ) : null;
}

function RecordHearing({ p }: { p: CaseData }) {
  const [type, setType] = useState("");
  const [date, setDate] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(RECORD_HEARING, ["type", "date"]);
  const submit = async () => {
    const problems = check([
      [!!type, "type", "Select the type of hearing"],
      [isDate(date), "date", "Enter the hearing date, for example 27 3 2026"],
    ]);
    if (problems.length) return action.setErrors(problems);
    if (await action.run({ input: { proceedingsId: p.id, type: type as HearingType, date } })) {
      setDone(`${words(type)} hearing recorded for ${formatDate(date)}`);
      setType("");
      setDate("");
    }
  };
  return (
    <Details summary="Record a hearing">
      <Done text={done} />
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <ErrorSummary errors={action.errors} />
        <Select
          id="type"
          label="Type of hearing"
          errors={action.errors}
          value={type}
          onChange={setType}
          placeholder="Choose"
          options={["CMH", "IRH", "FINAL", "OTHER"].map((t) => ({
            value: t,
            text: t === "CMH" ? "Case management hearing" : t === "IRH" ? "Issues resolution hearing" : words(t),
          }))}
        />
        <DateInput id="date" legend="Date of the hearing" errors={action.errors} value={date} onChange={setDate} />
        <Button type="submit" disabled={action.pending}>
          Record the hearing
        </Button>
      </form>
    </Details>
  );
}

function ExtendTimetable({ p }: { p: CaseData }) {
  const [weeks, setWeeks] = useState("");
  const [grantedOn, setGrantedOn] = useState(today());
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(EXTEND, ["weeks", "grantedOn", "reason"]);
  const submit = async () => {
    const n = Number(weeks);
    const problems = check([
      [Number.isInteger(n) && n >= 1 && n <= 8, "weeks", "Enter a number of weeks from 1 to 8"],
      [isDate(grantedOn), "grantedOn", "Enter the date the extension was granted"],
      [reason.trim().length > 0, "reason", "Enter the reason the court gave"],
    ]);
    if (problems.length) return action.setErrors(problems);
    if (await action.run({ input: { proceedingsId: p.id, weeks: n, grantedOn, reason: reason.trim() } })) {
      setDone(`Timetable extended by ${n} weeks`);
      setWeeks("");
      setReason("");
    }
  };
  return (
    <Details summary="Record a timetable extension">
      <Done text={done} />
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <ErrorSummary errors={action.errors} />
        <TextInput
          id="weeks"
          label="Extension, in weeks"
          hint="Up to 8 weeks at a time"
          width="2"
          inputMode="numeric"
          errors={action.errors}
          value={weeks}
          onChange={setWeeks}
        />
        <DateInput id="grantedOn" legend="Granted on" errors={action.errors} value={grantedOn} onChange={setGrantedOn} />
        <Textarea id="reason" label="Reason" errors={action.errors} value={reason} onChange={setReason} rows={3} />
        <Button type="submit" disabled={action.pending}>
          Record the extension
        </Button>
      </form>
    </Details>
  );
}

function AddChild({ p }: { p: CaseData }) {
  const [v, setV] = useState({ givenName: "", familyName: "", dateOfBirth: "", laReference: "" });
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(ADD_CHILD, ["givenName", "familyName", "dateOfBirth", "laReference"]);
  const set = (k: keyof typeof v) => (x: string) => setV({ ...v, [k]: x });
  const submit = async () => {
    const problems = check([
      [v.givenName.trim() !== "", "givenName", "Enter the child's given name"],
      [v.familyName.trim() !== "", "familyName", "Enter the child's family name"],
      [isDate(v.dateOfBirth), "dateOfBirth", "Enter the child's date of birth"],
      [v.laReference.trim() !== "", "laReference", "Enter the local authority's reference"],
    ]);
    if (problems.length) return action.setErrors(problems);
    if (await action.run({ input: { proceedingsId: p.id, ...v } })) {
      setDone(`${v.givenName} added to the proceedings`);
      setV({ givenName: "", familyName: "", dateOfBirth: "", laReference: "" });
    }
  };
  return (
    <Details summary="Add a child to these proceedings">
      <Done text={done} />
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <ErrorSummary errors={action.errors} />
        <TextInput id="givenName" label="Given name" errors={action.errors} value={v.givenName} onChange={set("givenName")} />
        <TextInput id="familyName" label="Family name" errors={action.errors} value={v.familyName} onChange={set("familyName")} />
        <DateInput id="dateOfBirth" legend="Date of birth" errors={action.errors} value={v.dateOfBirth} onChange={set("dateOfBirth")} />
        <TextInput id="laReference" label="Local authority reference" width="10" errors={action.errors} value={v.laReference} onChange={set("laReference")} />
        <Button type="submit" disabled={action.pending}>
          Add the child
        </Button>
      </form>
    </Details>
  );
}

const APPOINTING: { role: AppointmentRole; userRole: string; label: string; needs: "IRO_MANAGER" | "CAFCASS_MANAGER" | "LA_LEGAL" }[] = [
  { role: "IRO", userRole: "IRO", label: "Appoint an IRO", needs: "IRO_MANAGER" },
  { role: "GUARDIAN", userRole: "GUARDIAN", label: "Allocate a children's guardian", needs: "CAFCASS_MANAGER" },
  { role: "SOCIAL_WORKER", userRole: "SOCIAL_WORKER", label: "Allocate a social worker", needs: "LA_LEGAL" },
];

function Appoint({ p, which }: { p: CaseData; which: (typeof APPOINTING)[number] }) {
  // Colleagues are fetched when the form is shown, so someone registered meanwhile is offered.
  const { data, refetch } = useQuery(COLLEAGUES, { fetchPolicy: "cache-and-network" });
  const loads = useQuery(IRO_LOADS, { skip: which.role !== "IRO", fetchPolicy: "cache-and-network" });
  const loadOf = new Map((loads.data?.iroCaseloads ?? []).map((l) => [l.iroId, l.children]));
  const [childId, setChildId] = useState(p.children.length === 1 ? p.children[0].id : "");
  const [userId, setUserId] = useState("");
  const [startsOn, setStartsOn] = useState(today());
  const [done, setDone] = useState<string | null>(null);
  // The three mutations take the same input and differ only in who may call them.
  const mutation = (which.role === "IRO" ? APPOINT_IRO : which.role === "GUARDIAN" ? ALLOCATE_GUARDIAN : ALLOCATE_SOCIAL_WORKER) as typeof APPOINT_IRO;
  const action = useAction(mutation, ["childId", "userId", "startsOn"]);
  const people = (data?.colleagues ?? []).filter((u) => u.roles.includes(which.userRole as never));
  const submit = async () => {
    const problems = check([
      [!!childId, "childId", "Select the child"],
      [!!userId, "userId", "Select who to appoint"],
      [isDate(startsOn), "startsOn", "Enter the date the appointment starts"],
    ]);
    if (problems.length) return action.setErrors(problems);
    if (await action.run({ input: { childId, userId, startsOn } })) {
      setDone(`${people.find((x) => x.id === userId)?.displayName} appointed`);
      setUserId("");
    }
  };
  return (
    <Details
      summary={which.label}
      onOpen={() => {
        void refetch();
        if (which.role === "IRO") void loads.refetch();
      }}
    >
      <Done text={done} />
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <ErrorSummary errors={action.errors} />
        <Select
          id="childId"
          label="Child"
          errors={action.errors}
          value={childId}
          onChange={setChildId}
          placeholder="Choose a child"
          options={p.children.map((c) => ({ value: c.id, text: `${c.givenName} ${c.familyName}` }))}
        />
        <Select
          id="userId"
          label={words(which.role)}
          errors={action.errors}
          value={userId}
          onChange={setUserId}
          placeholder="Choose"
          options={people.map((u) => ({ value: u.id, text: `${u.displayName}${which.role === "IRO" ? caseloadText(loadOf.get(u.id) ?? 0) : ""}` }))}
        />
        <DateInput id="startsOn" legend="Starts on" errors={action.errors} value={startsOn} onChange={setStartsOn} />
        <Button type="submit" disabled={action.pending}>
          {which.label}
        </Button>
      </form>
    </Details>
  );
}

function EndAppointment({ party }: { party: CaseData["parties"][number] }) {
  const [endsOn, setEndsOn] = useState(today());
  const id = `endsOn-${party.id}`;
  const action = useAction(END_APPOINTMENT, { endsOn: id });
  const submit = async () => {
    if (!isDate(endsOn)) return action.setErrors([{ id, message: "Enter the last day of the appointment" }]);
    await action.run({ input: { appointmentId: party.id, endsOn } });
  };
  return (
    <Details
      summary={
        <>
          End<span className="govuk-visually-hidden"> {party.person?.displayName}'s appointment</span>
        </>
      }
    >
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <ErrorSummary errors={action.errors} />
        <DateInput id={id} legend="Last day" errors={action.errors} value={endsOn} onChange={setEndsOn} />
        <Button type="submit" variant="warning" disabled={action.pending}>
          End the appointment
        </Button>
      </form>
    </Details>
  );
}

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
          c.finalOutcome ? `${words(c.finalOutcome.orderType)}, ${formatDate(c.finalOutcome.orderDate)}` : "—",
        ])}
      />
      {has("LA_LEGAL") && p.status === "OPEN" && <AddChild p={p} />}
      <h2 className="govuk-heading-m">Hearings</h2>
      <Table
        caption={<span className="govuk-visually-hidden">Hearings</span>}
        head={["Hearing", "Date"]}
        empty="No hearings recorded yet."
        rows={[...p.hearings].sort((a, b) => a.date.localeCompare(b.date)).map((h) => [words(h.type), formatDate(h.date)])}
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
          x.person ? `${x.person.displayName} (${x.organisation.name})` : x.organisation.name,
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

function Papers({ p }: { p: CaseData }) {
  const { has } = useMe();
  const { data, loading } = useQuery(PAPERS, { variables: { id: p.id } });
  const filedBy: AppointmentRole | null = has("LA_LEGAL") ? "LA_LEGAL_DEPARTMENT" : has("COURT") ? "COURT" : has("GUARDIAN") ? "GUARDIAN" : null;
  return (
    <>
      {loading && !data && <Loading />}
      {data && (
        <Table
          caption="Court papers"
          empty="No papers filed yet."
          head={["Paper", "Type", "Dated", "Filed by", "Status", "Delivered to"]}
          rows={data.caseDocuments.map((d) => [
            <Link to={`/papers/${d.id}`}>{d.title ?? words(d.type)}</Link>,
            words(d.type),
            <span className="app-nowrap">{formatDate(d.documentDate)}</span>,
            `${d.filedBy.displayName} (${words(d.filedByRole)})`,
            <>
              <Tag colour={d.status === "ACTIVE" ? "green" : d.status === "WITHDRAWN" ? "red" : "grey"}>{words(d.status)}</Tag>
              {d.confidentiality === "RESTRICTED" && (
                <>
                  {" "}
                  <Tag colour="purple">Restricted</Tag>
                </>
              )}
            </>,
            d.deliveries
              .map(
                (x) =>
                  `${x.person?.displayName ?? x.organisation.name}: ${x.acknowledgedAt ? "acknowledged" : x.readAt ? "read" : "not read"}${x.overdue ? " (overdue)" : ""}`,
              )
              .join("; "),
          ])}
        />
      )}
      {filedBy && p.status === "OPEN" && (
        <>
          <h2 className="govuk-heading-m">File a court paper</h2>
          <FilePaper proceedingsId={p.id} children={p.children} filedBy={filedBy} />
        </>
      )}
    </>
  );
}

function Audit({ id }: { id: string }) {
  const [after, setAfter] = useState<string | null>(null);
  const { data, loading } = useQuery(AUDIT, { variables: { id, after } });
  if (loading && !data) return <Loading />;
  if (!data) return null;
  return (
    <>
      <Table
        caption="Who read or changed this case, newest first"
        head={["When", "Who", "What", "Outcome"]}
        rows={data.caseAuditTrail.edges.map(({ node: e }) => [
          formatDateTime(e.occurredAt),
          e.user?.displayName ?? "—",
          e.operation.replace(/^(Query|Mutation|Subscription|HTTP)\./, ""),
          e.outcome === "OK" ? "OK" : <Tag colour="red">{e.outcome}</Tag>,
        ])}
      />
      <div className="app-actions">
        {after && (
          <Button variant="secondary" onClick={() => setAfter(null)}>
            Newest
          </Button>
        )}
        {data.caseAuditTrail.pageInfo.hasNextPage && (
          <Button variant="secondary" onClick={() => setAfter(data.caseAuditTrail.pageInfo.endCursor)}>
            Older entries
          </Button>
        )}
      </div>
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
