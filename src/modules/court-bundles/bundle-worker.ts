import path from "node:path";
import { Worker, isMainThread, parentPort } from "node:worker_threads";
import { BuiltBundle, BundleHeading, BundlePaper, PageLimitExceeded, buildBundlePdf } from "./bundle-pdf";

// Building a bundle parses and writes hundreds of pages: seconds of CPU that must not stop the
// hub answering anyone else. It runs in a worker thread with a memory ceiling of its own; the
// hub's thread hands it one paper's bytes at a time, as it asks for them, from the store.

/** The worker's heap ceiling: a bundle that needs more fails, the hub does not. */
const WORKER_HEAP_MB = 512;

type ToWorker = { type: "start"; heading: BundleHeading; papers: BundlePaper[]; pageLimit: number } | { type: "bytes"; i: number; bytes: Uint8Array };
type FromWorker =
  | { type: "need"; i: number }
  | { type: "progress"; done: number; total: number }
  | { type: "done"; bundle: BuiltBundle }
  | { type: "over-limit"; pages: number; limit: number }
  | { type: "failed"; message: string };

/** Builds a bundle in a worker thread; `read(i)` fetches paper i's bytes when the worker needs them. */
export function buildInWorker(
  heading: BundleHeading,
  papers: BundlePaper[],
  read: (i: number) => Promise<Uint8Array>,
  pageLimit: number,
  progress: (done: number, total: number) => void,
): Promise<BuiltBundle> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, "bundle-worker.js"), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on("message", (m: FromWorker) => {
      if (m.type === "need") {
        read(m.i).then(
          (bytes) => worker.postMessage({ type: "bytes", i: m.i, bytes } satisfies ToWorker, [bytes.buffer as ArrayBuffer]),
          (err) => settle(() => reject(err)),
        );
      } else if (m.type === "progress") progress(m.done, m.total);
      else if (m.type === "done") settle(() => resolve(m.bundle));
      else if (m.type === "over-limit") settle(() => reject(new PageLimitExceeded(m.pages, m.limit)));
      else settle(() => reject(new Error(m.message)));
    });
    worker.on("error", (err) => settle(() => reject(err)));
    worker.on("exit", (code) => settle(() => reject(new Error(`the bundle builder stopped (exit ${code})`))));
    worker.postMessage({ type: "start", heading, papers, pageLimit } satisfies ToWorker);
  });
}

// --- inside the worker ---------------------------------------------------------------------------

if (!isMainThread && parentPort) {
  const port = parentPort;
  const waiting = new Map<number, (bytes: Uint8Array) => void>();
  const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  port.on("message", (m: ToWorker) => {
    if (m.type === "bytes") {
      waiting.get(m.i)?.(m.bytes);
      waiting.delete(m.i);
      return;
    }
    const read = (i: number) =>
      new Promise<Uint8Array>((resolve) => {
        waiting.set(i, resolve);
        send({ type: "need", i });
      });
    buildBundlePdf(m.heading, m.papers, read, m.pageLimit, (done, total) => send({ type: "progress", done, total })).then(
      (bundle) => send({ type: "done", bundle }, [bundle.pdf.buffer as ArrayBuffer]),
      (err) =>
        send(
          err instanceof PageLimitExceeded
            ? { type: "over-limit", pages: err.pages, limit: err.limit }
            : { type: "failed", message: String(err?.message ?? err) },
        ),
    );
  });
}
