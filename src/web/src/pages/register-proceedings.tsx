// The legal department registers proceedings its local authority has issued, with the children.
import { useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { ApplicationType } from "../gql/graphql";
import { useAction, check } from "../lib/forms";
import { usePageTitle } from "../lib/page";
import { navigate } from "../lib/router";
import { today, words } from "../lib/format";
import { BackLink, Button, DateInput, ErrorSummary, Select, TextInput, isDate } from "../govuk/components";

const COURTS = graphql(`
  query Courts {
    organisations(kind: COURT) {
      id
      name
    }
  }
`);
const REGISTER = graphql(`
  mutation RegisterProceedings($input: RegisterProceedingsInput!) {
    registerProceedings(input: $input) {
      id
      courtCaseNumber
    }
  }
`);

interface ChildDraft {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  laReference: string;
}
const emptyChild = (): ChildDraft => ({ givenName: "", familyName: "", dateOfBirth: "", laReference: "" });

export default function RegisterProceedings() {
  usePageTitle("Register proceedings");
  const { data } = useQuery(COURTS, { fetchPolicy: "cache-first" });
  const [v, setV] = useState({ courtId: "", courtCaseNumber: "", issueDate: today(), applicationType: "" });
  const [children, setChildren] = useState<ChildDraft[]>([emptyChild()]);
  const known = [
    "courtId",
    "courtCaseNumber",
    "issueDate",
    "applicationType",
    ...children.flatMap((_, i) => ["givenName", "familyName", "dateOfBirth", "laReference"].map((f) => `children-${i}-${f}`)),
  ];
  const action = useAction(REGISTER, known);
  const set = (k: keyof typeof v) => (x: string) => setV({ ...v, [k]: x });
  const setChild = (i: number, k: keyof ChildDraft) => (x: string) => setChildren(children.map((c, j) => (j === i ? { ...c, [k]: x } : c)));
  const submit = async () => {
    const problems = check([
      [!!v.courtId, "courtId", "Select the court"],
      [v.courtCaseNumber.trim() !== "", "courtCaseNumber", "Enter the court's case number"],
      [isDate(v.issueDate), "issueDate", "Enter the issue date"],
      [!!v.applicationType, "applicationType", "Select the application"],
      ...children.flatMap((c, i): [boolean, string, string][] => [
        [c.givenName.trim() !== "", `children-${i}-givenName`, `Enter child ${i + 1}'s given name`],
        [c.familyName.trim() !== "", `children-${i}-familyName`, `Enter child ${i + 1}'s family name`],
        [isDate(c.dateOfBirth), `children-${i}-dateOfBirth`, `Enter child ${i + 1}'s date of birth`],
        [c.laReference.trim() !== "", `children-${i}-laReference`, `Enter child ${i + 1}'s local authority reference`],
      ]),
    ]);
    if (problems.length) return action.setErrors(problems);
    const r = await action.run({
      input: {
        courtId: v.courtId,
        courtCaseNumber: v.courtCaseNumber.trim(),
        issueDate: v.issueDate,
        applicationType: v.applicationType as ApplicationType,
        children: children.map((c) => ({ ...c, givenName: c.givenName.trim(), familyName: c.familyName.trim(), laReference: c.laReference.trim() })),
      },
    });
    if (r) navigate(`/cases/${r.registerProceedings.id}`);
  };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds-from-desktop">
        <BackLink to="/">My cases</BackLink>
        <h1 className="govuk-heading-xl">Register proceedings</h1>
        <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
          <ErrorSummary errors={action.errors} />
          <Select
            id="courtId"
            label="Court"
            errors={action.errors}
            value={v.courtId}
            onChange={set("courtId")}
            placeholder="Choose a court"
            options={(data?.organisations ?? []).map((c) => ({ value: c.id, text: c.name }))}
          />
          <TextInput
            id="courtCaseNumber"
            label="Court case number"
            width="10"
            errors={action.errors}
            value={v.courtCaseNumber}
            onChange={set("courtCaseNumber")}
          />
          <DateInput id="issueDate" legend="Issue date" errors={action.errors} value={v.issueDate} onChange={set("issueDate")} />
          <Select
            id="applicationType"
            label="Application"
            errors={action.errors}
            value={v.applicationType}
            onChange={set("applicationType")}
            placeholder="Choose"
            options={["CARE_ORDER", "SUPERVISION_ORDER", "CARE_OR_SUPERVISION_ORDER", "PLACEMENT_ORDER", "DISCHARGE_OF_CARE_ORDER", "OTHER"].map((a) => ({
              value: a,
              text: words(a),
            }))}
          />
          {children.map((c, i) => (
            <fieldset className="govuk-fieldset app-card" key={i}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">Child {i + 1}</legend>
              <TextInput id={`children-${i}-givenName`} label="Given name" errors={action.errors} value={c.givenName} onChange={setChild(i, "givenName")} />
              <TextInput id={`children-${i}-familyName`} label="Family name" errors={action.errors} value={c.familyName} onChange={setChild(i, "familyName")} />
              <DateInput
                id={`children-${i}-dateOfBirth`}
                legend="Date of birth"
                errors={action.errors}
                value={c.dateOfBirth}
                onChange={setChild(i, "dateOfBirth")}
              />
              <TextInput
                id={`children-${i}-laReference`}
                label="Local authority reference"
                width="10"
                errors={action.errors}
                value={c.laReference}
                onChange={setChild(i, "laReference")}
              />
              {children.length > 1 && (
                <Button variant="secondary" onClick={() => setChildren(children.filter((_, j) => j !== i))}>
                  Remove child {i + 1}
                </Button>
              )}
            </fieldset>
          ))}
          <div className="app-actions">
            <Button variant="secondary" onClick={() => setChildren([...children, emptyChild()])}>
              Add another child
            </Button>
          </div>
          <Button type="submit" disabled={action.pending}>
            Register the proceedings
          </Button>
        </form>
      </div>
    </div>
  );
}
