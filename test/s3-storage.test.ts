import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import S3rver from "s3rver";
import { S3Storage } from "../src/core/storage/s3-storage";
import { startTestHub, TestHub, DEMO_USERS } from "./support/test-hub";

// The S3 storage option against a real S3-compatible server (s3rver, from the npm registry),
// through the hub's own upload and download endpoints.
describe("S3-compatible document storage", () => {
  let server: InstanceType<typeof S3rver>;
  let storage: S3Storage;
  let hub: TestHub;
  const bucket = "hub-documents";

  beforeAll(async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "s3rver-"));
    server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
    const { port } = await server.run();
    process.env.AWS_ACCESS_KEY_ID = "S3RVER";
    process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
    storage = new S3Storage({ endpoint: `http://127.0.0.1:${port}`, region: "eu-west-2", bucket, forcePathStyle: true });
    hub = await startTestHub({ storage });
  });
  afterAll(async () => {
    await hub.stop();
    storage.destroy();
    await server.close();
  });

  it("stores, lists, reads and deletes objects; a failed stream leaves nothing", async () => {
    const key = `documents/test/${randomUUID()}`;
    await storage.put(key, Readable.from([Buffer.from("%PDF-1.7 hello")]));
    const chunks: Buffer[] = [];
    for await (const c of await storage.get(key)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("%PDF-1.7 hello");
    const listed: string[] = [];
    for await (const o of storage.list("documents/test")) listed.push(o.key);
    expect(listed).toContain(key);

    const broken = new Readable({
      read() {
        this.destroy(new Error("client went away"));
      },
    });
    const brokenKey = `documents/test/${randomUUID()}`;
    await expect(storage.put(brokenKey, broken)).rejects.toThrow();
    await expect(storage.get(brokenKey)).rejects.toThrow();

    await storage.delete(key);
    await expect(storage.get(key)).rejects.toThrow();
  });

  it("serves the hub's uploads and downloads", async () => {
    const [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(9 * 1024 * 1024, 0x41)]); // two multipart parts
    const slot = await hub.gql(DEMO_USERS.legal, `mutation($i: CreateUploadSlotInput!) { createUploadSlot(input: $i) { uploadUrl documentId } }`, {
      i: {
        proceedingsId: caseId,
        type: "THRESHOLD_DOCUMENT",
        title: "Threshold",
        documentDate: hub.clock.today(),
        confidentiality: "OPEN",
        fileName: "threshold.pdf",
        contentType: "application/pdf",
        idempotencyKey: randomUUID(),
      },
    });
    const up = await hub.upload(DEMO_USERS.legal, slot.data.createUploadSlot.uploadUrl, pdf);
    expect(up.status).toBe(201);
    const got = await hub.download(DEMO_USERS.iroAlex, `/documents/${up.body.documentId}/content`);
    expect(got.status).toBe(200);
    expect(got.body.equals(pdf)).toBe(true);
  });
});
