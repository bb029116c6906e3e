import "reflect-metadata";
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { startBenchHub } from "./support";

// Upload benchmark: one large file (default 1 GiB) streamed to the hub's upload endpoint, with
// the hub's peak memory, beside a plain `cp` of the same file on the same disk.
//
//   npm run bench:upload -- [megabytes=1024]

const MB = Number(process.argv[2] ?? 1024);

function rssKb(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)![1]);
  return { rss: field("VmRSS"), hwm: field("VmHWM") };
}

async function main() {
  const hub = await startBenchHub({ MAX_UPLOAD_BYTES: String((MB + 1) * 1024 * 1024) });
  const file = path.join(hub.dataDir, "bench.pdf");
  // A PDF header, then incompressible bytes (one random block repeated: the disk sees no pattern it can skip).
  const block = randomBytes(1024 * 1024);
  const out = fs.openSync(file, "w");
  fs.writeSync(out, Buffer.from("%PDF-1.7\n"));
  for (let i = 0; i < MB; i++) fs.writeSync(out, block);
  fs.closeSync(out);
  const size = fs.statSync(file).size;
  const expected = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) expected.update(chunk as Buffer);
  const sha = expected.digest("hex");

  spawnSync("sync");
  const cpStart = performance.now();
  const cp = spawnSync("cp", [file, `${file}.copy`]);
  spawnSync("sync");
  const cpMs = performance.now() - cpStart;
  if (cp.status !== 0) throw new Error("cp failed");
  fs.rmSync(`${file}.copy`);

  const [{ id: caseId }] = (await hub.gql("legal.lee", `{ myCases(first: 5) { edges { node { id courtCaseNumber } } } }`)).data.myCases.edges
    .map((e: any) => e.node)
    .filter((n: any) => n.courtCaseNumber === "NS26C00041");
  const slot = await hub.gql("legal.lee", `mutation($i: CreateUploadSlotInput!) { createUploadSlot(input: $i) { uploadUrl documentId } }`, {
    i: {
      proceedingsId: caseId,
      type: "EXPERT_ASSESSMENT",
      title: "Benchmark file",
      documentDate: new Date().toISOString().slice(0, 10),
      confidentiality: "OPEN",
      fileName: "bench.pdf",
      contentType: "application/pdf",
      idempotencyKey: `bench-${Date.now()}`,
    },
  });
  const before = rssKb(hub.process.pid!);
  let peakRss = before.rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssKb(hub.process.pid!).rss)), 20);

  const upStart = performance.now();
  const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(new URL(slot.data.createUploadSlot.uploadUrl, hub.url), {
      method: "PUT",
      headers: { authorization: `Bearer ${hub.token("legal.lee")}`, "content-length": String(size), "content-type": "application/pdf" },
    });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject);
    fs.createReadStream(file).pipe(req);
  });
  spawnSync("sync");
  const upMs = performance.now() - upStart;
  clearInterval(sampler);
  const after = rssKb(hub.process.pid!);

  const doc = await hub.gql("legal.lee", `query($id: ID!) { courtDocument(id: $id) { sizeBytes sha256 } }`, { id: slot.data.createUploadSlot.documentId });
  const result = {
    fileMB: +(size / 1048576).toFixed(1),
    upload: { status: response.status, seconds: +(upMs / 1000).toFixed(2), MBps: +(size / 1048576 / (upMs / 1000)).toFixed(1) },
    cp: { seconds: +(cpMs / 1000).toFixed(2), MBps: +(size / 1048576 / (cpMs / 1000)).toFixed(1) },
    hubMemoryMB: {
      rssBefore: +(before.rss / 1024).toFixed(1),
      rssPeakDuringUpload: +(peakRss / 1024).toFixed(1),
      growth: +((peakRss - before.rss) / 1024).toFixed(1),
      processHighWaterMark: +(after.hwm / 1024).toFixed(1),
    },
    sha256Matches: doc.data.courtDocument.sha256 === sha && doc.data.courtDocument.sizeBytes === size,
  };
  console.log(JSON.stringify(result, null, 2));
  await hub.stop();
  process.exit(result.sha256Matches && response.status === 201 ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
