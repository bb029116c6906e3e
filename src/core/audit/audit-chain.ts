import crypto from "node:crypto";
import { Client } from "pg";
import { entryMac } from "./audit-key";
import type { Checkpoint } from "./audit-checkpoints";

// Recomputes the audit trail outside the database. Three layers, each catching what the one
// before cannot (docs/design.md, "The audit trail and its anchor"):
//  1. the hash chain (written by a trigger, recomputed here): a row altered, removed or reordered
//     behind the triggers' back breaks it from that row on;
//  2. each entry's MAC, under a key the database does not hold: a row written by anyone but the
//     hub, even one chained perfectly by the database's own trigger, has none that holds;
//  3. signed checkpoints kept outside the database, each listing the hashes of the entries it
//     covers: a chain rewritten and recomputed, renumbered, or cut short no longer matches them.

export interface ChainRow {
  id: string;
  chain_seq: string;
  prev_hash: string;
  hash: string;
  occurred_micros: string;
  request_id: string | null;
  user_id: string | null;
  organisation_id: string | null;
  operation: string | null;
  proceedings_id: string | null;
  child_id: string | null;
  outcome: string | null;
  mac: string | null;
}

export const GENESIS = "genesis";

const text = (v: string | null) => (v === null ? "-" : `${[...v].length}:${v}`);
const plain = (v: string | null) => v ?? "-";

/** The same digest as the SQL function audit_entry_digest: every column of the entry. */
export function digest(prev: string, row: ChainRow): string {
  const content = [
    "v2",
    prev,
    row.id,
    row.chain_seq,
    row.occurred_micros,
    text(row.request_id),
    plain(row.user_id),
    plain(row.organisation_id),
    text(row.operation),
    plain(row.proceedings_id),
    plain(row.child_id),
    text(row.outcome),
  ].join("|");
  return crypto.createHash("sha256").update(content, "utf8").digest("hex");
}

export type ChainVerdict =
  { ok: true; rows: number; covered: number } | { ok: false; rows: number; brokenAt: { id: string | null; chainSeq: string; reason: string } };

export const CHAIN_COLUMNS = `id, chain_seq, prev_hash, hash, ((extract(epoch FROM occurred_at) * 1000000)::bigint)::text AS occurred_micros,
  request_id, user_id, organisation_id, operation, proceedings_id, child_id, outcome, mac`;

/** The chain's rows after `afterSeq`, in order, a page at a time. */
export async function* chainRows(client: Pick<Client, "query">, afterSeq = 0n, pageSize = 5000): AsyncIterable<ChainRow> {
  let from = afterSeq;
  for (;;) {
    const { rows } = await client.query<ChainRow>(`SELECT ${CHAIN_COLUMNS} FROM audit_entry WHERE chain_seq > $1 ORDER BY chain_seq LIMIT $2`, [
      from.toString(),
      pageSize,
    ]);
    yield* rows;
    if (rows.length < pageSize) return;
    from = BigInt(rows[rows.length - 1].chain_seq);
  }
}

export interface VerifyOptions {
  /** The MAC key: without it MACs are not checked (an auditor with the public key alone). */
  macKey?: Buffer;
  /** Verified checkpoints, oldest first (audit-checkpoints.ts reads and checks them). */
  checkpoints?: readonly Checkpoint[];
  /** Walk only what follows this entry (a checkpoint's head), having checked it is still there unchanged. */
  after?: { seq: string; hash: string };
}

/**
 * Walks the chain from its start, as the database holds it, and names the first entry that does
 * not hold: against its neighbours, its MAC and the checkpoints.
 */
export async function verifyAuditChain(client: Pick<Client, "query">, options: VerifyOptions = {}): Promise<ChainVerdict> {
  const signed = new Map<bigint, string>();
  for (const c of options.checkpoints ?? []) c.entries.hashes.forEach((h, i) => signed.set(BigInt(c.entries.from) + BigInt(i), h));
  const lastSigned = options.checkpoints?.length ? BigInt(options.checkpoints[options.checkpoints.length - 1].seq) : 0n;

  let prev = GENESIS;
  let expectedSeq = 1n;
  let rows = 0;
  let macsBegan = false;
  if (options.after) {
    const { rows: at } = await client.query<{ hash: string }>("SELECT hash FROM audit_entry WHERE chain_seq = $1", [options.after.seq]);
    if (at[0]?.hash !== options.after.hash) {
      return {
        ok: false,
        rows,
        brokenAt: { id: null, chainSeq: options.after.seq, reason: "the entry the last checkpoint ends at is gone or changed (the chain was rewritten)" },
      };
    }
    prev = options.after.hash;
    expectedSeq = BigInt(options.after.seq) + 1n;
    macsBegan = true;
  }
  for await (const row of chainRows(client, expectedSeq - 1n)) {
    const broken = (reason: string): ChainVerdict => ({ ok: false, rows, brokenAt: { id: row.id, chainSeq: row.chain_seq, reason } });
    const seq = BigInt(row.chain_seq);
    if (seq !== expectedSeq) {
      const missing = expectedSeq <= lastSigned ? " (a signed checkpoint covers it: entries were removed)" : "";
      return { ok: false, rows, brokenAt: { id: null, chainSeq: expectedSeq.toString(), reason: `row ${expectedSeq} of the chain is missing${missing}` } };
    }
    const checkpointHash = signed.get(seq);
    if (checkpointHash !== undefined && checkpointHash !== row.hash) {
      return broken("it differs from the entry a signed checkpoint recorded here (the chain was rewritten from this entry on)");
    }
    if (row.prev_hash !== prev) return broken("its previous-hash does not match the row before it");
    if (digest(prev, row) !== row.hash) return broken("its content does not match its hash (the row was altered)");
    if (options.macKey) {
      // Entries written before MACs began have none; once they began, every entry has one.
      if (row.mac === null) {
        if (macsBegan) return broken("it has no MAC: the hub did not write it (a forged entry)");
      } else {
        macsBegan = true;
        const expected = entryMac(options.macKey, {
          occurredMicros: row.occurred_micros,
          requestId: row.request_id!,
          userId: row.user_id,
          organisationId: row.organisation_id,
          operation: row.operation!,
          proceedingsId: row.proceedings_id,
          childId: row.child_id,
          outcome: row.outcome!,
        });
        if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(row.mac.padEnd(expected.length).slice(0, expected.length)))) {
          return broken("its MAC does not hold: the hub did not write it as it stands (a forged or altered entry)");
        }
      }
    }
    prev = row.hash;
    expectedSeq++;
    rows++;
  }
  if (expectedSeq <= lastSigned) {
    return {
      ok: false,
      rows,
      brokenAt: {
        id: null,
        chainSeq: expectedSeq.toString(),
        reason: `the chain ends at ${expectedSeq - 1n} but a signed checkpoint covers ${lastSigned} entries (entries removed from the end)`,
      },
    };
  }
  const { rows: head } = await client.query<{ seq: string; hash: string }>("SELECT seq::text, hash FROM audit_chain_head");
  if (head[0] && (BigInt(head[0].seq) !== expectedSeq - 1n || head[0].hash !== prev)) {
    return {
      ok: false,
      rows,
      brokenAt: {
        id: null,
        chainSeq: expectedSeq.toString(),
        reason: `the chain ends at ${expectedSeq - 1n} but its head says ${head[0].seq} (the head was moved, or rows removed from the end)`,
      },
    };
  }
  return { ok: true, rows, covered: Number(lastSigned) };
}
