import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// The audit trail's key lives outside the database (a file the database's administrator does not
// hold), for two jobs:
//  - each entry the hub writes carries a MAC (HMAC-SHA256 over all its content, with a key
//    derived from this one): an entry written by anyone else, appended or slipped in, has none
//    that holds;
//  - checkpoints of the chain's head are signed with it (Ed25519), and kept outside the database
//    too (audit-checkpoints.ts): a chain rewritten and recomputed no longer reaches them.
// Anyone with the public key can check a checkpoint; checking MACs needs the key itself.

export interface AuditKey {
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
  /** Short fingerprint of the public key, named in each checkpoint. */
  keyId: string;
  macKey: Buffer;
}

export function auditKeyFrom(privateKeyPem: string): AuditKey {
  const privateKey = crypto.createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("The audit key must be an Ed25519 private key (PEM)");
  const publicKey = crypto.createPublicKey(privateKey);
  const spki = publicKey.export({ type: "spki", format: "der" });
  const keyId = crypto.createHash("sha256").update(spki).digest("hex").slice(0, 16);
  const raw = privateKey.export({ type: "pkcs8", format: "der" });
  const macKey = Buffer.from(crypto.hkdfSync("sha256", raw, Buffer.alloc(0), "proceedings-hub audit entry mac", 32));
  return { privateKey, publicKey, keyId, macKey };
}

export function readAuditKey(file: string): AuditKey {
  return auditKeyFrom(fs.readFileSync(file, "utf8"));
}

/** A development key under the data directory, made on first use (never in production). */
export function ensureAuditKeyFile(file: string): AuditKey {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = crypto.generateKeyPairSync("ed25519");
    fs.writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
  }
  return readAuditKey(file);
}

export function generateAuditKeyPem(): string {
  return crypto.generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

/** The content of an entry, as the MAC sees it; the time in microseconds since the epoch. */
export interface SealedContent {
  occurredMicros: string;
  requestId: string;
  userId: string | null;
  organisationId: string | null;
  operation: string;
  proceedingsId: string | null;
  childId: string | null;
  outcome: string;
}

const field = (v: string | null) => (v === null ? "-" : `${[...v].length}:${v}`);

export function entryMac(key: Buffer, e: SealedContent): string {
  const content = ["v1", e.occurredMicros, e.requestId, e.userId, e.organisationId, e.operation, e.proceedingsId, e.childId, e.outcome]
    .map((v, i) => (i < 2 ? v : field(v)))
    .join("|");
  return crypto.createHmac("sha256", key).update(content, "utf8").digest("hex");
}

type Unsealed = {
  requestId: string;
  userId?: string | null;
  organisationId?: string | null;
  operation: string;
  proceedingsId?: string | null;
  childId?: string | null;
  outcome: string;
};

/** Rows ready to insert: the time set here (so that the MAC covers it) and the MAC beside them. */
export function seal<T extends Unsealed>(key: AuditKey, rows: T[]): (T & { occurredAt: Date; mac: string })[] {
  return rows.map((r) => {
    const occurredAt = new Date();
    const mac = entryMac(key.macKey, {
      occurredMicros: (BigInt(occurredAt.getTime()) * 1000n).toString(),
      requestId: r.requestId,
      userId: r.userId ?? null,
      organisationId: r.organisationId ?? null,
      operation: r.operation,
      proceedingsId: r.proceedingsId ?? null,
      childId: r.childId ?? null,
      outcome: r.outcome,
    });
    return { ...r, occurredAt, mac };
  });
}
