import crypto from "node:crypto";
import { Client } from "pg";

// Recomputes the audit trail's hash chain outside the database (the trigger in the Hardening
// migration writes it): anyone who alters, removes or reorders a row, even as the database
// owner with the append-only triggers disabled, breaks the chain from that row on.

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
}

export const GENESIS = "genesis";

const text = (v: string | null) => (v === null ? "-" : `${[...v].length}:${v}`);
const plain = (v: string | null) => v ?? "-";

/** The same digest as the SQL function audit_entry_digest. */
export function digest(prev: string, row: ChainRow): string {
  const content = [
    prev,
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

export type ChainVerdict = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: { id: string | null; chainSeq: string; reason: string } };

/** Walks the chain in order, in pages, and names the first row that does not hold. */
export async function verifyAuditChain(client: Client, pageSize = 5000): Promise<ChainVerdict> {
  let prev = GENESIS;
  let expectedSeq = 1n;
  let rows = 0;
  for (;;) {
    const { rows: page } = await client.query<ChainRow>(
      `SELECT id, chain_seq, prev_hash, hash, ((extract(epoch FROM occurred_at) * 1000000)::bigint)::text AS occurred_micros,
              request_id, user_id, organisation_id, operation, proceedings_id, child_id, outcome
         FROM audit_entry WHERE chain_seq >= $1 ORDER BY chain_seq LIMIT $2`,
      [expectedSeq.toString(), pageSize],
    );
    for (const row of page) {
      const broken = (reason: string): ChainVerdict => ({ ok: false, rows, brokenAt: { id: row.id, chainSeq: row.chain_seq, reason } });
      if (BigInt(row.chain_seq) !== expectedSeq) {
        return { ok: false, rows, brokenAt: { id: row.id, chainSeq: expectedSeq.toString(), reason: `row ${expectedSeq} of the chain is missing` } };
      }
      if (row.prev_hash !== prev) return broken("its previous-hash does not match the row before it");
      if (digest(prev, row) !== row.hash) return broken("its content does not match its hash (the row was altered)");
      prev = row.hash;
      expectedSeq++;
      rows++;
    }
    if (page.length < pageSize) break;
  }
  const { rows: head } = await client.query<{ seq: string; hash: string }>("SELECT seq::text, hash FROM audit_chain_head");
  if (head[0] && (BigInt(head[0].seq) !== expectedSeq - 1n || head[0].hash !== prev)) {
    return {
      ok: false,
      rows,
      brokenAt: {
        id: null,
        chainSeq: expectedSeq.toString(),
        reason: `the chain ends at ${expectedSeq - 1n} but ${head[0].seq} rows were written (rows removed from the end)`,
      },
    };
  }
  return { ok: true, rows };
}
