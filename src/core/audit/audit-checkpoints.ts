import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { Client } from "pg";
import { AuditKey } from "./audit-key";
import { chainRows, GENESIS, verifyAuditChain } from "./audit-chain";
import type { DocumentStorage } from "../storage/storage";

// Signed checkpoints of the audit chain, kept outside the database: the idea of Certificate
// Transparency's signed tree heads (RFC 9162) and of ledger databases' exported digests. Each
// checkpoint names the chain's head (position and hash), the checkpoint before it, and the hash
// of every entry since that one, and is signed with the audit key (Ed25519). Files are written
// once and never rewritten: one per checkpoint, in a directory the database's administrator does
// not control, and in the S3 store as well when the hub uses one (a bucket with Object Lock keeps
// them for its retention period whoever asks).

export interface Checkpoint {
  version: 1;
  keyId: string;
  /** The chain's head when signed: its position and hash. */
  seq: string;
  hash: string;
  signedAt: string;
  /** The checkpoint before (position and hash of its file), or null for the first. */
  previous: { seq: string; digest: string } | null;
  /** The hashes of the entries from `from` to `seq`, in order. */
  entries: { from: string; hashes: string[] };
  signature: string;
}

type Unsigned = Omit<Checkpoint, "signature">;

const PREFIX = "audit-checkpoints/";
const fileName = (seq: string) => `${seq.padStart(20, "0")}.json`;

/** The signed bytes: the checkpoint's fields in a fixed order, without the signature. */
function signedBytes(c: Unsigned): Buffer {
  const { version, keyId, seq, hash, signedAt, previous, entries } = c;
  return Buffer.from(JSON.stringify({ version, keyId, seq, hash, signedAt, previous, entries }), "utf8");
}

export const checkpointDigest = (c: Checkpoint) => crypto.createHash("sha256").update(JSON.stringify(c)).digest("hex");

export type CheckpointProblem = { file: string; reason: string };

/**
 * The checkpoints in a directory, oldest first, each checked: its signature under the public key,
 * and its link to the one before (a missing or replaced checkpoint file breaks the link).
 */
export function readCheckpoints(dir: string, publicKey: crypto.KeyObject): { checkpoints: Checkpoint[]; problems: CheckpointProblem[] } {
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /^\d{20}\.json$/.test(f))
        .sort()
    : [];
  const checkpoints: Checkpoint[] = [];
  const problems: CheckpointProblem[] = [];
  for (const file of files) {
    let c: Checkpoint;
    try {
      c = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    } catch {
      problems.push({ file, reason: "it is not a checkpoint" });
      continue;
    }
    if (!crypto.verify(null, signedBytes(c), publicKey, Buffer.from(c.signature ?? "", "base64"))) {
      problems.push({ file, reason: "its signature does not hold under the audit key" });
      continue;
    }
    const before = checkpoints[checkpoints.length - 1];
    const link = before ? { seq: before.seq, digest: checkpointDigest(before) } : null;
    if (JSON.stringify(c.previous) !== JSON.stringify(link)) {
      problems.push({ file, reason: "it does not follow the checkpoint before it (a checkpoint is missing or was replaced)" });
      continue;
    }
    checkpoints.push(c);
  }
  return { checkpoints, problems };
}

export interface CheckpointResult {
  signed: Checkpoint | null;
  /** Why nothing was signed, when the chain since the last checkpoint does not hold. */
  refused?: string;
}

/**
 * Signs the chain's current head, after checking every entry since the last checkpoint (its
 * links, its MAC, and that the last checkpoint's entry is still there unchanged): a chain that
 * does not hold is never signed over. Nothing new since the last checkpoint: nothing to sign.
 */
export async function signCheckpoint(client: Pick<Client, "query">, key: AuditKey, dir: string, storage?: DocumentStorage): Promise<CheckpointResult> {
  const { checkpoints, problems } = readCheckpoints(dir, key.publicKey);
  if (problems.length) return { signed: null, refused: `checkpoint ${problems[0].file}: ${problems[0].reason}` };
  const last = checkpoints[checkpoints.length - 1];
  const [head] = (await client.query<{ seq: string; hash: string }>("SELECT seq::text AS seq, hash FROM audit_chain_head")).rows;
  if (!head || head.seq === (last?.seq ?? "0")) return { signed: null };

  // What is new since the last checkpoint is checked, from that checkpoint's entry (a rewrite
  // of anything before it changes that entry's hash); the whole chain is audit:verify's work.
  const verdict = await verifyAuditChain(client, { macKey: key.macKey, after: last ? { seq: last.seq, hash: last.hash } : undefined });
  if (!verdict.ok) return { signed: null, refused: `entry ${verdict.brokenAt.chainSeq}: ${verdict.brokenAt.reason}` };
  const from = BigInt(last?.seq ?? "0") + 1n;
  const hashes: string[] = [];
  let prev = last?.hash ?? GENESIS;
  for await (const row of chainRows(client, from - 1n)) {
    if (BigInt(row.chain_seq) > BigInt(head.seq)) break;
    if (row.prev_hash !== prev) return { signed: null, refused: `entry ${row.chain_seq} changed while it was being signed` };
    hashes.push(row.hash);
    prev = row.hash;
  }
  if (prev !== head.hash) return { signed: null, refused: "the chain's head moved while it was being signed" };
  const unsigned: Unsigned = {
    version: 1,
    keyId: key.keyId,
    seq: head.seq,
    hash: head.hash,
    signedAt: new Date().toISOString(),
    previous: last ? { seq: last.seq, digest: checkpointDigest(last) } : null,
    entries: { from: from.toString(), hashes },
  };
  const checkpoint: Checkpoint = { ...unsigned, signature: crypto.sign(null, signedBytes(unsigned), key.privateKey).toString("base64") };
  const body = JSON.stringify(checkpoint);
  fs.mkdirSync(dir, { recursive: true });
  try {
    // Written once: another process that signed the same head first has already said it.
    fs.writeFileSync(path.join(dir, fileName(checkpoint.seq)), body, { flag: "wx", mode: 0o444 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return { signed: null };
    throw err;
  }
  if (storage) await storage.put(PREFIX + fileName(checkpoint.seq), Readable.from([Buffer.from(body)]));
  return { signed: checkpoint };
}
