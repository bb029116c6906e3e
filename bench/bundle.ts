import "reflect-metadata";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { BundlePaper, SectionLetter, buildInWorker } from "../src/modules/court-bundles/court-bundles.module";

// Court bundle benchmark: 40 papers of 300 pages in all (each page a paragraph of text, as a
// statement's would be), built as the hub builds them, in a worker thread. Reports the build's
// time, this process's peak memory (the worker's heap is in it), and how long the main thread's
// event loop was ever held up meanwhile: what the hub's other requests would have waited.
//
//   npm run bench:bundle -- [papers=40] [pages=300]

const PAPERS = Number(process.argv[2] ?? 40);
const PAGES = Number(process.argv[3] ?? 300);

async function paper(title: string, pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const text = "The local authority's evidence sets out the chronology of events, the assessments undertaken and the plan for the child. ".repeat(4);
  for (let k = 1; k <= pages; k++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`${title}, page ${k}`, { x: 72, y: 770, size: 14, font });
    for (let line = 0; line < 40; line++) page.drawText(text.slice(line * 11, line * 11 + 90), { x: 72, y: 740 - line * 16, size: 12, font });
  }
  return doc.save();
}

async function main() {
  const sections: SectionLetter[] = ["A", "B", "C", "D", "E", "F"];
  const papers: BundlePaper[] = [];
  const bytes: Uint8Array[] = [];
  for (let i = 0; i < PAPERS; i++) {
    const pages = Math.floor(PAGES / PAPERS) + (i < PAGES % PAPERS ? 1 : 0);
    papers.push({
      id: String(i),
      section: sections[Math.floor((i * sections.length) / PAPERS)],
      title: `Paper ${i + 1}`,
      documentDate: "2026-11-30",
      contentType: "application/pdf",
      late: false,
    });
    bytes.push(await paper(`Paper ${i + 1}`, pages));
  }
  const input = bytes.reduce((n, b) => n + b.length, 0);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const rssBefore = process.memoryUsage().rss;
  lag.enable();
  const started = process.hrtime.bigint();
  const built = await buildInWorker(
    { courtCaseNumber: "BENCH", courtName: "Bench Family Court", hearing: "Final hearing", hearingDate: "2027-01-15", version: 1 },
    papers,
    async (i) => new Uint8Array(bytes[i]),
    PAGES + 50,
    () => undefined,
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  lag.disable();
  console.log(
    JSON.stringify({
      papers: PAPERS,
      pages: built.pageCount,
      inputMB: +(input / 1048576).toFixed(1),
      outputMB: +(built.pdf.length / 1048576).toFixed(1),
      buildMs: Math.round(ms),
      mainThreadMaxEventLoopDelayMs: +(lag.max / 1e6).toFixed(1),
      mainThreadP99EventLoopDelayMs: +(lag.percentile(99) / 1e6).toFixed(1),
      rssBeforeMB: Math.round(rssBefore / 1048576),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

void main();
