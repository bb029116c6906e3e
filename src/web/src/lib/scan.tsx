import { Tag } from "../govuk/components";

// Where a paper stands with the virus scanner, as its filer sees it (others never see a paper
// before it is released). A paper that passed says nothing: that is the normal case.

type ScanStatus = "AWAITING_SCAN" | "SCANNER_UNAVAILABLE" | "RELEASED" | "QUARANTINED" | "NOT_SCANNED";

const SCAN_TAG: Record<ScanStatus, { text: string; colour: "blue" | "orange" | "red" | "grey" } | null> = {
  RELEASED: null,
  AWAITING_SCAN: { text: "Awaiting virus scan", colour: "blue" },
  SCANNER_UNAVAILABLE: { text: "Held: scanner unavailable", colour: "orange" },
  QUARANTINED: { text: "Quarantined", colour: "red" },
  NOT_SCANNED: { text: "Not scanned", colour: "grey" },
};

export function ScanTag({ status }: { status: ScanStatus }) {
  const tag = SCAN_TAG[status];
  return tag ? (
    <>
      {" "}
      <Tag colour={tag.colour}>{tag.text}</Tag>
    </>
  ) : null;
}

/** A sentence for the paper's own page: what the scan means for who receives it. */
export function scanExplanation(d: { scanStatus: ScanStatus; scanSignature?: string | null; scanProblem?: string | null }): string | null {
  switch (d.scanStatus) {
    case "AWAITING_SCAN":
      return "This paper is waiting for the virus scanner. Nobody else receives it, or is told of it, until the scanner has passed it.";
    case "SCANNER_UNAVAILABLE":
      return `The virus scanner cannot be reached, so this paper is held and will be tried again; it is never released unscanned.${d.scanProblem ? ` (${d.scanProblem})` : ""}`;
    case "QUARANTINED":
      return `The virus scanner found ${d.scanSignature ?? "malware"} in this file. It was not delivered to anyone and cannot be downloaded; it will be removed. File a clean copy.`;
    case "NOT_SCANNED":
      return "This paper was released by a hub without a virus scanner (development).";
    default:
      return null;
  }
}
