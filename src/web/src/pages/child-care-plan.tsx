// A child's care plan: every version, any two side by side with what changed marked, and (for
// the social worker and the legal department) a new version based on the latest.
import { useEffect, useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { CarePlanStatus } from "../gql/graphql";
import { useAction, check } from "../lib/forms";
import { useMe } from "../lib/me";
import { formatDateTime, words } from "../lib/format";
import { Button, Details, ErrorSummary, Loading, NotificationBanner, Radios, Select, Table, Tag, Textarea } from "../govuk/components";
import type { ChildData } from "./child";

const HISTORY = graphql(`
  query CarePlanHistory($childId: ID!) {
    carePlanHistory(childId: $childId) {
      id
      version
      status
      changeSummary
      createdAt
      author {
        id
        displayName
      }
      sections {
        placement
        contact
        health
        education
        permanence
        wishesAndFeelings
      }
    }
  }
`);

const DIFF = graphql(`
  query CarePlanDiff($childId: ID!, $from: Int!, $to: Int!) {
    carePlanDiff(childId: $childId, fromVersion: $from, toVersion: $to) {
      statusChanged
      from {
        id
        version
        status
        createdAt
      }
      to {
        id
        version
        status
        createdAt
      }
      sections {
        section
        before
        after
        changed
      }
    }
  }
`);

const RECORD = graphql(`
  mutation RecordCarePlanVersion($input: RecordCarePlanVersionInput!) {
    recordCarePlanVersion(input: $input) {
      id
      version
    }
  }
`);

const SECTIONS = ["placement", "contact", "health", "education", "permanence", "wishesAndFeelings"] as const;
type Sections = Record<(typeof SECTIONS)[number], string>;
const SECTION_NAMES: Sections = {
  placement: "Placement",
  contact: "Contact",
  health: "Health",
  education: "Education",
  permanence: "Permanence",
  wishesAndFeelings: "The child's wishes and feelings",
};

function Compare({ childId, versions }: { childId: string; versions: number[] }) {
  const [from, setFrom] = useState(String(versions[1] ?? versions[0]));
  const [to, setTo] = useState(String(versions[0]));
  const { data, loading, error } = useQuery(DIFF, { variables: { childId, from: Number(from), to: Number(to) }, skip: from === to });
  return (
    <section aria-labelledby="compare-heading">
      <h2 className="govuk-heading-m" id="compare-heading">
        Compare versions
      </h2>
      <div className="app-actions">
        <Select
          id="compare-from"
          label="Earlier version"
          value={from}
          onChange={setFrom}
          options={versions.map((v) => ({ value: String(v), text: `Version ${v}` }))}
        />
        <Select id="compare-to" label="Later version" value={to} onChange={setTo} options={versions.map((v) => ({ value: String(v), text: `Version ${v}` }))} />
      </div>
      {from === to && <p className="govuk-body">Choose two different versions.</p>}
      {loading && !data && <Loading />}
      {error && <ErrorSummary errors={[{ id: null, message: error.message }]} />}
      {data && (
        <>
          <p className="govuk-body">
            Version {data.carePlanDiff.from.version} ({words(data.carePlanDiff.from.status)}, {formatDateTime(data.carePlanDiff.from.createdAt)}) against
            version {data.carePlanDiff.to.version} ({words(data.carePlanDiff.to.status)}, {formatDateTime(data.carePlanDiff.to.createdAt)}).{" "}
            {data.carePlanDiff.sections.filter((s) => s.changed).length} of {data.carePlanDiff.sections.length} sections changed
            {data.carePlanDiff.statusChanged ? ", and the plan's status" : ""}.
          </p>
          {data.carePlanDiff.sections.map((s) => (
            <div
              key={s.section}
              className={s.changed ? "app-diff__changed govuk-!-margin-bottom-4" : "govuk-!-margin-bottom-4"}
              data-testid={`diff-${s.section}`}
            >
              <h3 className="govuk-heading-s">
                {SECTION_NAMES[s.section as keyof Sections] ?? words(s.section)}{" "}
                {s.changed ? <Tag colour="orange">Changed</Tag> : <Tag colour="grey">No change</Tag>}
              </h3>
              <div className="app-diff">
                <div>
                  <p className="govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1">Version {data.carePlanDiff.from.version}</p>
                  <p className="govuk-body app-pre">{s.before ?? "—"}</p>
                </div>
                <div>
                  <p className="govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1">Version {data.carePlanDiff.to.version}</p>
                  <p className="govuk-body app-pre">{s.after ?? "—"}</p>
                </div>
              </div>
            </div>
          ))}
        </>
      )}
    </section>
  );
}

function RecordVersion({ childId, latest }: { childId: string; latest: { version: number; status: string; sections: Sections } | null }) {
  const [status, setStatus] = useState(latest?.status ?? "INTERIM");
  const [summary, setSummary] = useState("");
  const [sections, setSections] = useState<Sections>(
    latest?.sections ?? { placement: "", contact: "", health: "", education: "", permanence: "", wishesAndFeelings: "" },
  );
  const [done, setDone] = useState<number | null>(null);
  const known = {
    status: "status",
    changeSummary: "changeSummary",
    basedOnVersion: "changeSummary",
    ...Object.fromEntries(SECTIONS.map((s) => [`sections.${s}`, `section-${s}`])),
  };
  const action = useAction(RECORD, known);
  // A newer version arrived (live): start the form from it.
  useEffect(() => {
    if (latest) setSections(latest.sections);
  }, [latest?.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const submit = async () => {
    const problems = check([[summary.trim() !== "", "changeSummary", "Say what changed in this version"]]);
    if (problems.length) return action.setErrors(problems);
    const r = await action.run({
      input: { childId, basedOnVersion: latest?.version ?? 0, status: status as CarePlanStatus, changeSummary: summary.trim(), sections },
    });
    if (r) {
      setDone(r.recordCarePlanVersion.version);
      setSummary("");
    }
  };
  return (
    <Details summary="Record a new version">
      {done && <NotificationBanner success>{<p className="govuk-notification-banner__heading">Version {done} recorded</p>}</NotificationBanner>}
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <ErrorSummary errors={action.errors} />
        <p className="govuk-body">
          {latest
            ? `Starts from version ${latest.version}. If someone records a version meanwhile, you will be asked to start again from theirs.`
            : "The first version of this child's care plan."}
        </p>
        <Radios
          id="status"
          legend="Status"
          errors={action.errors}
          value={status}
          onChange={setStatus}
          small
          options={["INTERIM", "FINAL", "POST_ORDER"].map((s) => ({ value: s, text: words(s) }))}
        />
        <Textarea id="changeSummary" label="What changed" errors={action.errors} value={summary} onChange={setSummary} rows={3} />
        {SECTIONS.map((s) => (
          <Textarea
            key={s}
            id={`section-${s}`}
            label={SECTION_NAMES[s]}
            errors={action.errors}
            value={sections[s]}
            onChange={(v) => setSections({ ...sections, [s]: v })}
            rows={4}
          />
        ))}
        <Button type="submit" disabled={action.pending}>
          Record the version
        </Button>
      </form>
    </Details>
  );
}

export function CarePlan({ c }: { c: ChildData }) {
  const { has } = useMe();
  const { data, loading, error } = useQuery(HISTORY, { variables: { childId: c.id } });
  if (loading && !data) return <Loading />;
  if (error) return <ErrorSummary errors={[{ id: null, message: error.message }]} />;
  const versions = data?.carePlanHistory ?? [];
  // Only the six sections (the cache adds __typename, which the input type does not take).
  const latest = versions[0]
    ? { version: versions[0].version, status: versions[0].status, sections: Object.fromEntries(SECTIONS.map((k) => [k, versions[0].sections[k]])) as Sections }
    : null;
  return (
    <>
      <Table
        caption="Care plan versions"
        empty="No care plan has been recorded yet."
        head={["Version", "Status", "Recorded", "By", "What changed"]}
        rows={versions.map((v) => [`Version ${v.version}`, words(v.status), formatDateTime(v.createdAt), v.author?.displayName ?? "—", v.changeSummary])}
      />
      {versions.length >= 2 && <Compare childId={c.id} versions={versions.map((v) => v.version)} />}
      {versions.length === 1 && (
        <>
          <h2 className="govuk-heading-m">Version {versions[0].version}</h2>
          {SECTIONS.map((s) => (
            <div key={s}>
              <h3 className="govuk-heading-s">{SECTION_NAMES[s]}</h3>
              <p className="govuk-body app-pre">{versions[0].sections[s]}</p>
            </div>
          ))}
        </>
      )}
      {has("SOCIAL_WORKER", "LA_LEGAL") && <RecordVersion childId={c.id} latest={latest} />}
    </>
  );
}
