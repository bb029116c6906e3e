// IRO-guardian liaison as the Good Practice Protocol expects it: records of contact with each
// party's views and agreed actions, the other party's confirmation or own account, and the
// protocol checklist computed from what the hub holds.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { ActionOwner, LiaisonMethod, LiaisonTopic, ProtocolChecklistStep } from "../gql/graphql";
import { useAction, check } from "../lib/forms";
import { useMe } from "../lib/me";
import { formatDate, formatDateTime, today, words } from "../lib/format";
import {
  Button,
  Checkboxes,
  DateInput,
  Details,
  ErrorSummary,
  Loading,
  NotificationBanner,
  Select,
  SummaryList,
  Tag,
  TaskList,
  TextInput,
  Textarea,
  isDate,
  type TagColour,
} from "../govuk/components";
import type { ChildData } from "./child";

const LIAISON = graphql(`
  query Liaison($childId: ID!) {
    liaison(childId: $childId) {
      id
      occurredOn
      method
      participants
      topics
      protocolStep
      hearingId
      iroViewsOnCarePlan
      guardianViewsOnCarePlan
      concerns
      notes
      authorRole
      author {
        id
        displayName
      }
      createdAt
      editableUntil
      confirmedAt
      correctsId
      respondsToId
      actions {
        id
        description
        owner
        dueOn
        completedAt
        overdue
      }
    }
  }
`);

const CHECKLIST = graphql(`
  query ProtocolChecklist($childId: ID!) {
    protocolChecklist(childId: $childId) {
      step
      status
      dueOn
      note
      evidence {
        id
        kind
        on
      }
    }
  }
`);

const RECORD = graphql(`
  mutation RecordLiaison($input: RecordLiaisonInput!) {
    recordLiaison(input: $input) {
      id
    }
  }
`);
const UPDATE = graphql(`
  mutation UpdateLiaison($id: ID!, $input: LiaisonDetailsInput!) {
    updateLiaison(id: $id, input: $input) {
      id
    }
  }
`);
const CONFIRM = graphql(`
  mutation ConfirmLiaison($id: ID!) {
    confirmLiaison(id: $id) {
      id
      confirmedAt
    }
  }
`);
const COMPLETE_ACTION = graphql(`
  mutation CompleteLiaisonAction($id: ID!) {
    completeLiaisonAction(id: $id) {
      id
      completedAt
    }
  }
`);

type Record_ = NonNullable<ReturnType<typeof useLiaison>["data"]>["liaison"][number];
const useLiaison = (childId: string) => useQuery(LIAISON, { variables: { childId } });

const TOPICS = ["CARE_PLAN", "CHILD_WISHES", "CONTACT", "PLACEMENT", "TIMETABLE", "REVIEW_DATES", "REVIEW_CONTRIBUTION", "HANDOVER", "DISAGREEMENT"];
const STEPS = [
  "IRO_KNOWN_TO_COURT",
  "GUARDIAN_AND_IRO_INTRODUCED",
  "EARLY_CONTACT",
  "PAPERS_REACH_IRO",
  "CARE_PLAN_VIEWS_BEFORE_HEARINGS",
  "REVIEWS_IN_PROCEEDINGS",
  "OUTCOME_TO_IRO",
  "POST_ORDER_MONITORING",
];
const STEP_NAMES: Record<string, string> = {
  IRO_KNOWN_TO_COURT: "1. IRO known to the court",
  GUARDIAN_AND_IRO_INTRODUCED: "2. Guardian and IRO introduced",
  EARLY_CONTACT: "3. Early contact",
  PAPERS_REACH_IRO: "4. Papers reach the IRO",
  CARE_PLAN_VIEWS_BEFORE_HEARINGS: "5. Care plan views before key hearings",
  REVIEWS_IN_PROCEEDINGS: "6. Reviews in proceedings",
  OUTCOME_TO_IRO: "7. Outcome to the IRO",
  POST_ORDER_MONITORING: "8. Post-order monitoring",
};

interface ActionDraft {
  description: string;
  owner: string;
  dueOn: string;
}

interface Draft {
  method: string;
  occurredOn: string;
  participants: string;
  topics: string[];
  protocolStep: string;
  hearingId: string;
  views: string;
  concerns: string;
  notes: string;
  actions: ActionDraft[];
}

function draftFrom(r: Record_ | null, isIro: boolean): Draft {
  return {
    method: r?.method ?? "",
    occurredOn: r?.occurredOn ?? today(),
    participants: r?.participants.join(", ") ?? "",
    topics: r?.topics ?? [],
    protocolStep: r?.protocolStep ?? "",
    hearingId: r?.hearingId ?? "",
    views: (isIro ? r?.iroViewsOnCarePlan : r?.guardianViewsOnCarePlan) ?? "",
    concerns: r?.concerns ?? "",
    notes: r?.notes ?? "",
    actions: [],
  };
}

/** One form for a new record, an edit, a correction or the other party's own account. */
function LiaisonForm({
  c,
  mode,
  base,
  onDone,
}: {
  c: ChildData;
  mode: "new" | "edit" | "correct" | "respond";
  base: Record_ | null;
  onDone: (text: string) => void;
}) {
  const { has } = useMe();
  const isIro = has("IRO");
  const [d, setD] = useState<Draft>(() =>
    mode === "edit" || mode === "correct" ? draftFrom(base, isIro) : { ...draftFrom(null, isIro), topics: base?.topics ?? [] },
  );
  const prefix = `liaison-${mode}-${base?.id ?? "new"}`;
  const id = (f: string) => `${prefix}-${f}`;
  const known: Record<string, string> = {
    method: id("method"),
    occurredOn: id("occurredOn"),
    participants: id("participants"),
    topics: id("topics"),
    protocolStep: id("protocolStep"),
    hearingId: id("hearingId"),
    iroViewsOnCarePlan: id("views"),
    guardianViewsOnCarePlan: id("views"),
    concerns: id("concerns"),
    notes: id("notes"),
    ...Object.fromEntries(d.actions.flatMap((_, i) => ["description", "owner", "dueOn"].map((f) => [`actions.${i}.${f}`, id(`actions-${i}-${f}`)]))),
  };
  const record = useAction(RECORD, known);
  const update = useAction(UPDATE, known);
  const action = mode === "edit" ? update : record;
  const set =
    <K extends keyof Draft>(k: K) =>
    (v: Draft[K]) =>
      setD({ ...d, [k]: v });

  const submit = async () => {
    const problems = check([
      [!!d.method, id("method"), "Select how you were in contact"],
      [isDate(d.occurredOn), id("occurredOn"), "Enter the date of the contact"],
      [d.participants.trim() !== "", id("participants"), "Enter who took part"],
      [d.topics.length > 0, id("topics"), "Select at least one topic"],
      ...d.actions.flatMap((a, i): [boolean, string, string][] => [
        [a.description.trim() !== "", id(`actions-${i}-description`), `Describe agreed action ${i + 1}`],
        [!!a.owner, id(`actions-${i}-owner`), `Select who owns agreed action ${i + 1}`],
        [isDate(a.dueOn), id(`actions-${i}-dueOn`), `Enter when agreed action ${i + 1} is due`],
      ]),
    ]);
    if (problems.length) return action.setErrors(problems);
    const details = {
      method: d.method as LiaisonMethod,
      occurredOn: d.occurredOn,
      participants: d.participants
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean),
      topics: d.topics as LiaisonTopic[],
      protocolStep: (d.protocolStep || null) as ProtocolChecklistStep | null,
      hearingId: d.hearingId || null,
      ...(isIro ? { iroViewsOnCarePlan: d.views.trim() || null } : { guardianViewsOnCarePlan: d.views.trim() || null }),
      concerns: d.concerns.trim() || null,
      notes: d.notes.trim() || null,
      actions: d.actions.length ? d.actions.map((a) => ({ description: a.description.trim(), owner: a.owner as ActionOwner, dueOn: a.dueOn })) : null,
    };
    const ok =
      mode === "edit"
        ? await update.run({ id: base!.id, input: details })
        : await record.run({
            input: { childId: c.id, ...details, correctsId: mode === "correct" ? base!.id : null, respondsToId: mode === "respond" ? base!.id : null },
          });
    if (ok)
      onDone(
        mode === "edit" ? "Record updated" : mode === "correct" ? "Correction recorded" : mode === "respond" ? "Your account was added" : "Liaison recorded",
      );
  };

  return (
    <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
      <ErrorSummary errors={action.errors} />
      <Select
        id={id("method")}
        label="How"
        errors={action.errors}
        value={d.method}
        onChange={set("method")}
        placeholder="Choose"
        options={["CALL", "MEETING", "EMAIL", "REVIEW_ATTENDANCE"].map((m) => ({ value: m, text: words(m) }))}
      />
      <DateInput id={id("occurredOn")} legend="When" errors={action.errors} value={d.occurredOn} onChange={set("occurredOn")} />
      <TextInput
        id={id("participants")}
        label="Who took part"
        hint="Names, separated by commas"
        errors={action.errors}
        value={d.participants}
        onChange={set("participants")}
      />
      <Checkboxes
        id={id("topics")}
        legend="Topics"
        errors={action.errors}
        values={d.topics}
        onChange={set("topics")}
        small
        options={TOPICS.map((t) => ({ value: t, text: words(t) }))}
      />
      <Select
        id={id("protocolStep")}
        label="Protocol step (optional)"
        errors={action.errors}
        value={d.protocolStep}
        onChange={set("protocolStep")}
        placeholder="None"
        options={STEPS.map((s) => ({ value: s, text: STEP_NAMES[s] }))}
      />
      {c.proceedings.hearings.length > 0 && (
        <Select
          id={id("hearingId")}
          label="Before which hearing (optional)"
          errors={action.errors}
          value={d.hearingId}
          onChange={set("hearingId")}
          placeholder="None"
          options={c.proceedings.hearings.map((h) => ({ value: h.id, text: `${words(h.type)}, ${formatDate(h.date)}` }))}
        />
      )}
      <Textarea
        id={id("views")}
        label={`Your views on the care plan (${isIro ? "IRO" : "guardian"})`}
        errors={action.errors}
        value={d.views}
        onChange={set("views")}
        rows={3}
      />
      <Textarea id={id("concerns")} label="Concerns (optional)" errors={action.errors} value={d.concerns} onChange={set("concerns")} rows={3} />
      <Textarea id={id("notes")} label="Notes (optional)" errors={action.errors} value={d.notes} onChange={set("notes")} rows={3} />
      {mode !== "edit" && (
        <fieldset className="govuk-fieldset govuk-!-margin-bottom-6">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Agreed actions</legend>
          {d.actions.map((a, i) => (
            <div className="app-card" key={i}>
              <TextInput
                id={id(`actions-${i}-description`)}
                label={`Action ${i + 1}`}
                errors={action.errors}
                value={a.description}
                onChange={(v) => set("actions")(d.actions.map((x, j) => (j === i ? { ...x, description: v } : x)))}
              />
              <Select
                id={id(`actions-${i}-owner`)}
                label="Owner"
                errors={action.errors}
                value={a.owner}
                onChange={(v) => set("actions")(d.actions.map((x, j) => (j === i ? { ...x, owner: v } : x)))}
                placeholder="Choose"
                options={["IRO", "GUARDIAN", "SOCIAL_WORKER", "LA_LEGAL"].map((o) => ({ value: o, text: words(o) }))}
              />
              <DateInput
                id={id(`actions-${i}-dueOn`)}
                legend="Due"
                errors={action.errors}
                value={a.dueOn}
                onChange={(v) => set("actions")(d.actions.map((x, j) => (j === i ? { ...x, dueOn: v } : x)))}
              />
              <Button variant="secondary" onClick={() => set("actions")(d.actions.filter((_, j) => j !== i))}>
                Remove action {i + 1}
              </Button>
            </div>
          ))}
          <Button variant="secondary" onClick={() => set("actions")([...d.actions, { description: "", owner: "", dueOn: "" }])}>
            Add an agreed action
          </Button>
        </fieldset>
      )}
      <Button type="submit" disabled={action.pending}>
        {mode === "edit" ? "Save changes" : mode === "correct" ? "Record the correction" : mode === "respond" ? "Add your account" : "Record the contact"}
      </Button>
    </form>
  );
}

function RecordCard({ c, r, all }: { c: ChildData; r: Record_; all: Record_[] }) {
  const { me, has } = useMe();
  const [mode, setMode] = useState<"edit" | "correct" | "respond" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const confirm = useAction(CONFIRM);
  const complete = useAction(COMPLETE_ACTION);
  const mine = r.author.id === me?.user.id;
  const writer = has("IRO", "GUARDIAN");
  const editable = mine && new Date(r.editableUntil).getTime() > Date.now();
  const correctedBy = all.find((x) => x.correctsId === r.id);
  const responses = all.filter((x) => x.respondsToId === r.id);
  const views = [
    r.iroViewsOnCarePlan && ["IRO's views on the care plan", r.iroViewsOnCarePlan],
    r.guardianViewsOnCarePlan && ["Guardian's views on the care plan", r.guardianViewsOnCarePlan],
  ].filter(Boolean) as [string, string][];
  return (
    <div className="app-card" data-testid="liaison-record">
      <h3 className="govuk-heading-s">
        {words(r.method)} on {formatDate(r.occurredOn)}, recorded by {r.author.displayName} ({words(r.authorRole)}){" "}
        {r.confirmedAt && <Tag colour="green">Confirmed</Tag>} {correctedBy && <Tag colour="grey">Corrected</Tag>}{" "}
        {r.correctsId && <Tag colour="blue">Correction</Tag>}
      </h3>
      {done && <NotificationBanner success>{<p className="govuk-notification-banner__heading">{done}</p>}</NotificationBanner>}
      <SummaryList
        rows={[
          ["Who took part", r.participants.join(", ")],
          ["Topics", r.topics.map(words).join(", ")],
          r.protocolStep ? ["Protocol step", STEP_NAMES[r.protocolStep]] : null,
          ...views,
          r.concerns ? ["Concerns", <span className="app-pre">{r.concerns}</span>] : null,
          r.notes ? ["Notes", <span className="app-pre">{r.notes}</span>] : null,
          responses.length ? ["Other party's account", responses.map((x) => `${x.author.displayName}, ${formatDate(x.occurredOn)}`).join("; ")] : null,
        ]}
      />
      {r.actions.length > 0 && (
        <ul className="govuk-list">
          {r.actions.map((a) => (
            <li key={a.id}>
              {a.description} — {words(a.owner)}, due {formatDate(a.dueOn)}{" "}
              {a.completedAt ? <Tag colour="green">Done</Tag> : a.overdue ? <Tag colour="red">Overdue</Tag> : <Tag colour="blue">Open</Tag>}{" "}
              {writer && !a.completedAt && (
                <Button variant="secondary" onClick={() => void complete.run({ id: a.id })}>
                  Mark done<span className="govuk-visually-hidden">: {a.description}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorSummary errors={[...confirm.errors, ...complete.errors]} />
      {writer && (
        <div className="app-actions">
          {!mine && !r.confirmedAt && (
            <Button variant="secondary" onClick={() => void confirm.run({ id: r.id }).then((x) => x && setDone("Confirmed"))}>
              Confirm this record
            </Button>
          )}
          {!mine && (
            <Button variant="secondary" onClick={() => setMode("respond")}>
              Add your own account
            </Button>
          )}
          {editable && (
            <Button variant="secondary" onClick={() => setMode("edit")}>
              Edit (until {formatDateTime(r.editableUntil)})
            </Button>
          )}
          {mine && !editable && !correctedBy && (
            <Button variant="secondary" onClick={() => setMode("correct")}>
              Correct this record
            </Button>
          )}
        </div>
      )}
      {mode && (
        <LiaisonForm
          c={c}
          mode={mode}
          base={r}
          onDone={(text) => {
            setMode(null);
            setDone(text);
          }}
        />
      )}
    </div>
  );
}

export function Liaison({ c }: { c: ChildData }) {
  const { has } = useMe();
  const { data, loading, error } = useLiaison(c.id);
  const [done, setDone] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  if (loading && !data) return <Loading />;
  if (error) return <ErrorSummary errors={[{ id: null, message: error.message }]} />;
  const records = data?.liaison ?? [];
  return (
    <>
      <h2 className="govuk-heading-m">Liaison between the IRO and the guardian</h2>
      {done && <NotificationBanner success>{<p className="govuk-notification-banner__heading">{done}</p>}</NotificationBanner>}
      {has("IRO", "GUARDIAN") && (
        <Details summary="Record a contact">
          <LiaisonForm
            key={formKey}
            c={c}
            mode="new"
            base={null}
            onDone={(text) => {
              setDone(text);
              setFormKey(formKey + 1);
            }}
          />
        </Details>
      )}
      {records.length === 0 && <p className="govuk-body">No contact has been recorded yet.</p>}
      {records.map((r) => (
        <RecordCard key={r.id} c={c} r={r} all={records} />
      ))}
    </>
  );
}

const STATUS_TAG: Record<string, [string, TagColour]> = {
  DONE: ["Done", "green"],
  DUE: ["Due", "blue"],
  OVERDUE: ["Overdue", "red"],
  NOT_APPLICABLE: ["Not applicable", "grey"],
};

export function Checklist({ c }: { c: ChildData }) {
  const { data, loading, error } = useQuery(CHECKLIST, { variables: { childId: c.id } });
  if (loading && !data) return <Loading />;
  if (error) return <ErrorSummary errors={[{ id: null, message: error.message }]} />;
  return (
    <>
      <h2 className="govuk-heading-m">Protocol checklist</h2>
      <p className="govuk-body">The eight steps of the Cafcass and IRO Good Practice Protocol for this child, worked out from what the hub holds.</p>
      <TaskList
        items={(data?.protocolChecklist ?? []).map((row) => ({
          id: `step-${row.step}`,
          title: STEP_NAMES[row.step],
          hint: [
            row.dueOn ? `Due ${formatDate(row.dueOn)}` : null,
            row.evidence ? `Evidence: ${words(row.evidence.kind)} on ${formatDate(row.evidence.on)}` : null,
            row.note,
          ]
            .filter(Boolean)
            .join(". "),
          // A step done after its date says so: done, but late.
          status:
            row.status === "DONE" && row.dueOn && row.evidence && row.evidence.on > row.dueOn ? (
              <Tag colour="yellow">Done late</Tag>
            ) : (
              <Tag colour={STATUS_TAG[row.status][1]}>{STATUS_TAG[row.status][0]}</Tag>
            ),
        }))}
      />
    </>
  );
}
