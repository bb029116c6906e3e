import { PDFDocument, PDFFont, PDFHexString, PDFName, PDFNumber, PDFPage, PDFRef, StandardFonts, rgb } from "pdf-lib";

// One court bundle as one PDF, as FPR Practice Direction 27A asks: an index at the front listing
// every document with its section and page range, the sections' pages numbered by letter ("Bates
// numbering": A1, A2, ... then B1), every page stamped with its number, and an outline
// (bookmarks) per section and document. Pure: bytes in, bytes out, no database and no storage, so
// it runs in a worker thread (bundle-worker.ts) and the hub's event loop never waits for it.

export const SECTIONS = {
  A: "Preliminary documents",
  B: "Applications and orders",
  C: "Statements and affidavits",
  D: "Care plans",
  E: "Experts' reports and other reports",
  F: "Other documents",
} as const;
export type SectionLetter = keyof typeof SECTIONS;

export interface BundleHeading {
  courtCaseNumber: string;
  courtName: string;
  hearing: string;
  hearingDate: string;
  version: number;
}

export interface BundlePaper {
  id: string;
  section: SectionLetter;
  title: string;
  documentDate: string;
  contentType: string;
  /** Added after an earlier version of the bundle was lodged: the index says so. */
  late: boolean;
  /** Listed, not included, for this reason (its bytes are not read). */
  excluded?: string | null;
}

export interface BundleEntry {
  id: string;
  included: boolean;
  /** Why a paper is listed but not in the bundle (a Word document, an unreadable file). */
  reason: string | null;
  pages: number;
  /** Bates numbers of its first and last page ("C4", "C9"); null when not included. */
  firstPage: string | null;
  lastPage: string | null;
  /** Where its first page is in the file (1-based, counting the index pages). */
  fileFirstPage: number | null;
}

export interface BuiltBundle {
  pdf: Uint8Array;
  /** Every page of the file, the index's included. */
  pageCount: number;
  indexPages: number;
  entries: BundleEntry[];
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const ROWS_PER_INDEX_PAGE = 32;

/** The bundle's page limit was passed: nothing is built (the caller refuses with this). */
export class PageLimitExceeded extends Error {
  constructor(
    readonly pages: number,
    readonly limit: number,
  ) {
    super(`The bundle would have ${pages} pages; the limit is ${limit}`);
  }
}

/**
 * Builds the bundle. `read(i)` gives paper i's bytes when it is its turn: one paper is held at a
 * time (with the bundle so far), so memory grows with the bundle, not with every source at once.
 */
export async function buildBundlePdf(
  heading: BundleHeading,
  papers: readonly BundlePaper[],
  read: (i: number) => Promise<Uint8Array>,
  pageLimit: number,
  progress: (done: number, total: number) => void = () => undefined,
): Promise<BuiltBundle> {
  // Sections follow each other (A before B...); within one, the order the legal department chose.
  const order = Object.keys(SECTIONS);
  if (papers.some((p, i) => i > 0 && order.indexOf(p.section) < order.indexOf(papers[i - 1].section))) {
    throw new Error("papers must come in section order");
  }
  const out = await PDFDocument.create();
  out.setTitle(`Court bundle: ${heading.courtCaseNumber}, ${heading.hearing} ${heading.hearingDate}`);
  out.setCreator("Proceedings Hub");
  out.setProducer("Proceedings Hub (pdf-lib)");
  const font = await out.embedFont(StandardFonts.Helvetica);
  const bold = await out.embedFont(StandardFonts.HelveticaBold);

  // The documents first (their page counts decide the index); the index goes in front after.
  const entries: BundleEntry[] = [];
  const counted = new Map<SectionLetter, number>();
  const added: { entry: BundleEntry; paper: BundlePaper; pages: PDFPage[] }[] = [];
  for (const [i, paper] of papers.entries()) {
    const entry: BundleEntry = { id: paper.id, included: false, reason: null, pages: 0, firstPage: null, lastPage: null, fileFirstPage: null };
    entries.push(entry);
    try {
      if (paper.excluded) throw new NotIncluded(paper.excluded);
      const pages = await appendPaper(out, paper, await read(i));
      if (pages.length) {
        const from = (counted.get(paper.section) ?? 0) + 1;
        counted.set(paper.section, from + pages.length - 1);
        Object.assign(entry, {
          included: true,
          pages: pages.length,
          firstPage: `${paper.section}${from}`,
          lastPage: `${paper.section}${from + pages.length - 1}`,
        });
        added.push({ entry, paper, pages });
      }
    } catch (err) {
      entry.reason = err instanceof NotIncluded ? err.message : "The file could not be read as a PDF";
    }
    progress(i + 1, papers.length);
    const soFar = out.getPageCount() + indexPagesFor(papers.length);
    if (soFar > pageLimit) throw new PageLimitExceeded(soFar, pageLimit);
  }

  const indexPages = indexPagesFor(papers.length);
  const total = out.getPageCount() + indexPages;
  if (total > pageLimit) throw new PageLimitExceeded(total, pageLimit);
  let at = indexPages + 1;
  for (const a of added) {
    a.entry.fileFirstPage = at;
    at += a.pages.length;
  }

  // Stamp every document page with its number, bottom right, on a white ground.
  for (const a of added) {
    const from = Number(a.entry.firstPage!.slice(1));
    a.pages.forEach((page, k) => stamp(page, `${a.paper.section}${from + k}`, bold));
  }

  const index = writeIndex(out, heading, papers, entries, indexPages, font, bold);
  index.forEach((page, k) => stamp(page, `Index ${k + 1}`, bold));
  writeOutline(out, added, index[0]);
  writePageLabels(out, added);
  const pdf = await out.save();
  return { pdf, pageCount: total, indexPages, entries };
}

class NotIncluded extends Error {}

async function appendPaper(out: PDFDocument, paper: BundlePaper, bytes: Uint8Array): Promise<PDFPage[]> {
  switch (paper.contentType) {
    case "application/pdf": {
      const src = await PDFDocument.load(bytes, { updateMetadata: false });
      const copied = await out.copyPages(src, src.getPageIndices());
      return copied.map((p) => out.addPage(p));
    }
    case "image/png":
    case "image/jpeg": {
      // An image becomes one A4 page, scaled to fit inside the margins.
      const image = paper.contentType === "image/png" ? await out.embedPng(bytes) : await out.embedJpg(bytes);
      const page = out.addPage(A4);
      const fit = image.scaleToFit(A4[0] - 2 * MARGIN, A4[1] - 3 * MARGIN);
      page.drawImage(image, { x: (A4[0] - fit.width) / 2, y: A4[1] - MARGIN - fit.height, width: fit.width, height: fit.height });
      return [page];
    }
    case "image/tiff":
      throw new NotIncluded("TIFF images are not converted: file the paper as a PDF to include it");
    default:
      throw new NotIncluded("Word documents are not converted: file the paper as a PDF to include it");
  }
}

function indexPagesFor(papers: number): number {
  // A heading per section at most, and a row per paper.
  return Math.max(1, Math.ceil((papers + Object.keys(SECTIONS).length) / ROWS_PER_INDEX_PAGE));
}

/** Helvetica writes WinAnsi only: anything else is shown as "?" rather than failing the build. */
function printable(font: PDFFont, text: string): string {
  const known = new Set(font.getCharacterSet());
  return [...text].map((c) => (known.has(c.codePointAt(0)!) ? c : "?")).join("");
}

function fitted(font: PDFFont, text: string, size: number, width: number): string {
  let t = printable(font, text);
  if (font.widthOfTextAtSize(t, size) <= width) return t;
  while (t.length > 1 && font.widthOfTextAtSize(`${t}...`, size) > width) t = t.slice(0, -1);
  return `${t}...`;
}

function stamp(page: PDFPage, label: string, bold: PDFFont): void {
  const { width } = page.getSize();
  const size = 11;
  const w = bold.widthOfTextAtSize(label, size);
  const x = width - MARGIN / 2 - w;
  page.drawRectangle({ x: x - 4, y: 14, width: w + 8, height: size + 8, color: rgb(1, 1, 1) });
  page.drawText(label, { x, y: 18, size, font: bold, color: rgb(0, 0, 0) });
}

function writeIndex(
  out: PDFDocument,
  heading: BundleHeading,
  papers: readonly BundlePaper[],
  entries: readonly BundleEntry[],
  count: number,
  font: PDFFont,
  bold: PDFFont,
): PDFPage[] {
  const pages = Array.from({ length: count }, (_, k) => out.insertPage(k, A4));
  let page = 0;
  let y = A4[1] - MARGIN;
  const line = (text: string, f: PDFFont, size: number, x = MARGIN) => {
    pages[page].drawText(fitted(f, text, size, A4[0] - x - MARGIN), { x, y, size, font: f });
  };
  line(`Court bundle: case ${heading.courtCaseNumber}`, bold, 16);
  y -= 22;
  line(`${heading.courtName}. ${heading.hearing}, ${heading.hearingDate}. Version ${heading.version}.`, font, 11);
  y -= 26;
  line("Index", bold, 13);
  y -= 20;
  let rows = 0;
  const nextRow = () => {
    rows++;
    y -= 18;
    if (rows % ROWS_PER_INDEX_PAGE === 0 && page < pages.length - 1) {
      page++;
      y = A4[1] - MARGIN;
    }
  };
  for (const letter of Object.keys(SECTIONS) as SectionLetter[]) {
    const inSection = papers.map((p, i) => ({ p, e: entries[i] })).filter((x) => x.p.section === letter);
    if (!inSection.length) continue;
    line(`Section ${letter}: ${SECTIONS[letter]}`, bold, 11);
    nextRow();
    for (const { p, e } of inSection) {
      const pagesText = e.included ? (e.firstPage === e.lastPage ? e.firstPage! : `${e.firstPage}-${e.lastPage}`) : "not included";
      const title = `${p.title} (${p.documentDate})${p.late ? " [late addition]" : ""}${e.reason ? `: ${e.reason}` : ""}`;
      pages[page].drawText(pagesText, { x: MARGIN, y, size: 10, font: bold });
      line(title, font, 10, MARGIN + 90);
      nextRow();
    }
  }
  return pages;
}

/** The outline: the index, then a section each, with a document each beneath it. */
function writeOutline(out: PDFDocument, added: { entry: BundleEntry; paper: BundlePaper; pages: PDFPage[] }[], indexPage: PDFPage): void {
  const ctx = out.context;
  const root = ctx.nextRef();
  type Node = { title: string; page: PDFPage; children: Node[] };
  const nodes: Node[] = [{ title: "Index", page: indexPage, children: [] }];
  for (const letter of Object.keys(SECTIONS) as SectionLetter[]) {
    const docs = added.filter((a) => a.paper.section === letter);
    if (!docs.length) continue;
    nodes.push({
      title: `${letter}. ${SECTIONS[letter]}`,
      page: docs[0].pages[0],
      children: docs.map((d) => ({ title: `${d.entry.firstPage} ${d.paper.title}${d.paper.late ? " (late addition)" : ""}`, page: d.pages[0], children: [] })),
    });
  }
  const write = (list: Node[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = list.map(() => ctx.nextRef());
    let count = list.length;
    list.forEach((n, k) => {
      const d = ctx.obj({});
      d.set(PDFName.of("Title"), PDFHexString.fromText(n.title));
      d.set(PDFName.of("Parent"), parent);
      d.set(PDFName.of("Dest"), ctx.obj([n.page.ref, "Fit"]));
      if (k > 0) d.set(PDFName.of("Prev"), refs[k - 1]);
      if (k < list.length - 1) d.set(PDFName.of("Next"), refs[k + 1]);
      if (n.children.length) {
        const sub = write(n.children, refs[k]);
        d.set(PDFName.of("First"), sub.first);
        d.set(PDFName.of("Last"), sub.last);
        d.set(PDFName.of("Count"), PDFNumber.of(sub.count));
        count += sub.count;
      }
      ctx.assign(refs[k], d);
    });
    return { first: refs[0], last: refs[refs.length - 1], count };
  };
  const top = write(nodes, root);
  ctx.assign(root, ctx.obj({ Type: "Outlines", First: top.first, Last: top.last, Count: top.count }));
  out.catalog.set(PDFName.of("Outlines"), root);
  out.catalog.set(PDFName.of("PageMode"), PDFName.of("UseOutlines"));
}

/** Page labels, so that a reader's page box says "C4" where the stamp does. */
function writePageLabels(out: PDFDocument, added: { entry: BundleEntry; paper: BundlePaper }[]): void {
  const ctx = out.context;
  const nums = [PDFNumber.of(0), ctx.obj({ P: PDFHexString.fromText("Index "), S: "D" })];
  const seen = new Set<SectionLetter>();
  for (const a of added) {
    if (seen.has(a.paper.section)) continue;
    seen.add(a.paper.section);
    nums.push(PDFNumber.of(a.entry.fileFirstPage! - 1), ctx.obj({ P: PDFHexString.fromText(a.paper.section), S: "D", St: 1 }));
  }
  out.catalog.set(PDFName.of("PageLabels"), ctx.obj({ Nums: ctx.obj(nums) }));
}
