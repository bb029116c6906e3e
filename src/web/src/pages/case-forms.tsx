// The case page's forms: hearings, timetable extensions, adding a child, and appointing (and
// ending appointments of) the IRO, guardian and social worker.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { AppointmentRole, HearingType } from "../gql/graphql";
import { useAction, check } from "../lib/forms";
import { formatDate, today, words } from "../lib/format";
import { Button, DateInput, Details, ErrorSummary, NotificationBanner, Select, TextInput, Textarea, isDate } from "../govuk/components";
import type { CaseData } from "./case";

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

function Done({ text }: { text: string | null }) {
  return text ? (
    <NotificationBanner success>
      <p className="govuk-notification-banner__heading">{text}</p>
    </NotificationBanner>
  ) : null;
}

export function RecordHearing({ p }: { p: CaseData }) {
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

export function ExtendTimetable({ p }: { p: CaseData }) {
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

export function AddChild({ p }: { p: CaseData }) {
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

export const APPOINTING: { role: AppointmentRole; userRole: string; label: string; needs: "IRO_MANAGER" | "CAFCASS_MANAGER" | "LA_LEGAL" }[] = [
  { role: "IRO", userRole: "IRO", label: "Appoint an IRO", needs: "IRO_MANAGER" },
  { role: "GUARDIAN", userRole: "GUARDIAN", label: "Allocate a children's guardian", needs: "CAFCASS_MANAGER" },
  { role: "SOCIAL_WORKER", userRole: "SOCIAL_WORKER", label: "Allocate a social worker", needs: "LA_LEGAL" },
];

export function Appoint({ p, which }: { p: CaseData; which: (typeof APPOINTING)[number] }) {
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

export function EndAppointment({ party }: { party: CaseData["parties"][number] }) {
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
