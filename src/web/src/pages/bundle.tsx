// A hearing's court bundle (FPR PD27A), for the legal department: choose the papers, put each
// in its section and order, record a direction for more pages if the court gave one, then build.
// The hub builds it in the background (progress shows here) and files it as a paper that goes
// through the virus scanner to the court, the IRO and the guardian.
import { useEffect, useState } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { BundleSection } from "../gql/graphql";
import { usePageTitle } from "../lib/page";
import { useAction } from "../lib/forms";
import { Link } from "../lib/router";
import { formatDate, words } from "../lib/format";
import {
  BackLink,
  Button,
  Checkbox,
  Details,
  ErrorSummary,
  Loading,
  Select,
  SummaryList,
  Table,
  Tag,
  TextInput,
  Textarea,
  WarningText,
} from "../govuk/components";

const BUNDLE_PAGE = graphql(`
  query BundlePage($caseId: ID!, $hearingId: ID!) {
    proceedings(id: $caseId) {
      id
      courtCaseNumber
      hearings {
        id
        type
        date
      }
    }
    suggestedBundle(hearingId: $hearingId) {
      section
      document {
        id
        title
        type
        documentDate
      }
    }
    courtBundleForHearing(hearingId: $hearingId) {
      id
      status
      version
      failure
      pageCount
      progressDone
      progressTotal
      directionPages
      directionNote
      lodgeBy
      lodgedOn
      lodgedOnTime
      items {
        section
        late
        included
        notIncludedReason
        firstPage
        lastPage
        document {
          id
          title
          type
          documentDate
        }
      }
      document {
        id
        title
        scanStatus
      }
    }
  }
`);

const SAVE_BUNDLE = graphql(`
  mutation SaveCourtBundle($input: SaveCourtBundleInput!) {
    saveCourtBundle(input: $input) {
      id
      status
    }
  }
`);

const BUILD_BUNDLE = graphql(`
  mutation BuildCourtBundle($bundleId: ID!) {
    buildCourtBundle(bundleId: $bundleId) {
      id
      status
    }
  }
`);

const SECTION_NAMES: Record<BundleSection, string> = {
  A: "A: Preliminary documents",
  B: "B: Applications and orders",
  C: "C: Statements and affidavits",
  D: "D: Care plans",
  E: "E: Experts' reports and other reports",
  F: "F: Other documents",
};
const SECTION_OPTIONS = Object.entries(SECTION_NAMES).map(([value, text]) => ({ value, text }));

interface Row {
  id: string;
  title: string;
  type: string;
  date: string;
  section: BundleSection;
  chosen: boolean;
  late: boolean;
}

export default function BundlePage({ params }: { params: Record<string, string> }) {
  const [building, setBuilding] = useState(false);
  const { data, loading, error } = useQuery(BUNDLE_PAGE, {
    variables: { caseId: params.id, hearingId: params.hearingId },
    // While it builds, follow its progress.
    pollInterval: building ? 1000 : 0,
  });
  const bundle = data?.courtBundleForHearing;
  const hearing = data?.proceedings?.hearings.find((h) => h.id === params.hearingId);
  usePageTitle(hearing ? `Court bundle: ${words(hearing.type)} on ${formatDate(hearing.date)}` : "Court bundle");
  const [rows, setRows] = useState<Row[] | null>(null);
  const [pages, setPages] = useState("");
  const [note, setNote] = useState("");
  const save = useAction(SAVE_BUNDLE, { directionPages: "direction-pages", directionNote: "direction-note" });
  const build = useAction(BUILD_BUNDLE);

  useEffect(() => setBuilding(bundle?.status === "QUEUED" || bundle?.status === "BUILDING"), [bundle?.status]);
  useEffect(() => {
    if (!data || rows) return;
    // The bundle's own papers first, in its order; then the others that may go in, not chosen.
    const chosen: Row[] = (bundle?.items ?? []).map((i) => ({
      id: i.document.id,
      title: i.document.title ?? words(i.document.type),
      type: i.document.type,
      date: i.document.documentDate,
      section: i.section,
      chosen: true,
      late: i.late,
    }));
    const others: Row[] = data.suggestedBundle
      .filter((s) => !chosen.some((c) => c.id === s.document.id))
      .map((s) => ({
        id: s.document.id,
        title: s.document.title ?? words(s.document.type),
        type: s.document.type,
        date: s.document.documentDate,
        section: s.section,
        chosen: !bundle,
        late: false,
      }));
    setRows([...chosen, ...others]);
    setPages(bundle?.directionPages ? String(bundle.directionPages) : "");
    setNote(bundle?.directionNote ?? "");
  }, [data, bundle, rows]);

  if (loading && !data) return <Loading />;
  if (!data || !hearing) return <ErrorSummary errors={[{ id: null, message: error?.message ?? "Hearing not found" }]} />;
  const list = rows ?? [];
  const update = (i: number, change: Partial<Row>) => setRows(list.map((r, k) => (k === i ? { ...r, ...change } : r)));
  const move = (i: number, by: number) => {
    const j = i + by;
    if (j < 0 || j >= list.length) return;
    const next = [...list];
    [next[i], next[j]] = [next[j], next[i]];
    setRows(next);
  };
  const saveAndBuild = async () => {
    const saved = await save.run({
      input: {
        hearingId: hearing.id,
        items: list.filter((r) => r.chosen).map((r) => ({ documentId: r.id, section: r.section })),
        directionPages: pages.trim() ? Number(pages) : null,
        directionNote: note.trim() || null,
      },
    });
    if (!saved) return;
    if (await build.run({ bundleId: saved.saveCourtBundle.id })) {
      setBuilding(true);
      setRows(null); // read back the bundle as saved (sections in order)
    }
  };

  return (
    <>
      <BackLink to={`/cases/${data.proceedings!.id}`}>Case {data.proceedings!.courtCaseNumber}</BackLink>
      <span className="govuk-caption-l">Case {data.proceedings!.courtCaseNumber}</span>
      <h1 className="govuk-heading-l">
        Court bundle: {words(hearing.type)} on {formatDate(hearing.date)}
      </h1>
      <ErrorSummary errors={[...save.errors, ...build.errors]} />
      {bundle && (
        <SummaryList
          rows={[
            [
              "Status",
              <>
                <Tag colour={bundle.status === "BUILT" ? "green" : bundle.status === "FAILED" ? "red" : "blue"}>{words(bundle.status)}</Tag> (version{" "}
                {bundle.version})
              </>,
            ],
            building
              ? [
                  "Progress",
                  <span role="status" aria-live="polite">
                    Building: {bundle.progressDone} of {bundle.progressTotal || "?"} papers done
                  </span>,
                ]
              : null,
            bundle.pageCount ? ["Pages", `${bundle.pageCount}, the index's included`] : null,
            ["Lodge by", `${formatDate(bundle.lodgeBy)} (2 working days before the hearing, PD27A)`],
            [
              "Lodged",
              bundle.lodgedOn ? (
                <>
                  {formatDate(bundle.lodgedOn)} <Tag colour={bundle.lodgedOnTime ? "green" : "red"}>{bundle.lodgedOnTime ? "On time" : "Late"}</Tag>
                </>
              ) : bundle.document ? (
                "Filed; waiting for the virus scanner before it reaches the court"
              ) : (
                "Not yet"
              ),
            ],
            bundle.document ? ["Filed as", <Link to={`/papers/${bundle.document.id}`}>{bundle.document.title}</Link>] : null,
          ]}
        />
      )}
      {bundle?.failure && <WarningText>{bundle.failure}</WarningText>}
      {bundle?.items.some((i) => i.included === false) && (
        <WarningText>
          Not included:{" "}
          {bundle.items
            .filter((i) => i.included === false)
            .map((i) => `${i.document.title} (${i.notIncludedReason})`)
            .join("; ")}
        </WarningText>
      )}
      <h2 className="govuk-heading-m">Papers</h2>
      <p className="govuk-body">
        Released papers that are not withdrawn or superseded: the latest version of each. Within a section they go in the order below; each section is numbered
        from 1 (A1, A2, ... B1).
      </p>
      <Table
        caption={<span className="govuk-visually-hidden">Papers for the bundle</span>}
        head={["Paper", "Dated", "Section", "Order"]}
        empty="No released papers on this case yet."
        rows={list.map((r, i) => [
          <>
            <Checkbox id={`paper-${i}`} label={r.title} checked={r.chosen} onChange={(v) => update(i, { chosen: v })} />
            {r.late && <Tag colour="orange">Late addition</Tag>}
          </>,
          formatDate(r.date),
          <Select
            id={`section-${i}`}
            label={<span className="govuk-visually-hidden">Section for {r.title}</span>}
            value={r.section}
            onChange={(v) => update(i, { section: v as BundleSection })}
            options={SECTION_OPTIONS}
          />,
          <div className="app-actions">
            <Button variant="secondary" onClick={() => move(i, -1)} disabled={i === 0}>
              Up<span className="govuk-visually-hidden"> {r.title}</span>
            </Button>
            <Button variant="secondary" onClick={() => move(i, 1)} disabled={i === list.length - 1}>
              Down<span className="govuk-visually-hidden"> {r.title}</span>
            </Button>
          </div>,
        ])}
      />
      <Details summary="The court has directed a longer bundle">
        <TextInput
          id="direction-pages"
          label="Pages the court allows"
          hint="PD27A allows 350 pages unless the court directs otherwise"
          width="4"
          inputMode="numeric"
          value={pages}
          onChange={setPages}
          errors={save.errors}
        />
        <Textarea id="direction-note" label="The direction" hint="Which order, and its date" value={note} onChange={setNote} errors={save.errors} />
      </Details>
      <Button onClick={() => void saveAndBuild()} disabled={building || save.pending || build.pending}>
        {bundle?.status === "BUILT" ? "Build a new version" : "Save and build the bundle"}
      </Button>
    </>
  );
}
