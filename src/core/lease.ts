import { randomUUID } from "node:crypto";
import { EntityManager } from "typeorm";

// Work taken for a while by one sender: the email outbox's messages, the webhook endpoints. A
// table with `leased_until` and `lease_token` columns; a sender takes due rows (SKIP LOCKED, so
// two senders never take the same one), renews each before working on it (a batch may outlast
// one lease), and records its outcome only while the row is still its own. A sender that dies
// leaves its rows to come free when their lease lapses: at least once, never twice at a time.

export class Leases {
  constructor(
    private readonly table: string,
    readonly seconds: number,
  ) {}

  /** SQL for "held from now for one lease" (the database's clock: every process agrees). */
  until(): string {
    return `now() + make_interval(secs => ${this.seconds})`;
  }

  /**
   * Takes up to `limit` rows that are `due` (SQL over the table's columns) and free, in `order`;
   * returns the token they are held by and the `returning` columns of each.
   */
  async take<T>(em: EntityManager, due: string, order: string, limit: number, returning: string): Promise<{ token: string; rows: T[] }> {
    const token = randomUUID();
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [T[], number] = await em.query(
      `UPDATE ${this.table} t SET leased_until = ${this.until()}, lease_token = $1
        WHERE t.id IN (SELECT id FROM ${this.table}
                        WHERE ${due} AND (leased_until IS NULL OR leased_until < now())
                        ORDER BY ${order} LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING ${returning}`,
      [token, limit],
    );
    return { token, rows };
  }

  /** Holds a row for another lease, if it is still this token's (and `still`, SQL, holds): false when lost. */
  async renew(em: EntityManager, id: string, token: string, still = "true"): Promise<boolean> {
    const [, count]: [unknown, number] = await em.query(
      `UPDATE ${this.table} SET leased_until = ${this.until()} WHERE id = $1 AND lease_token = $2 AND ${still}`,
      [id, token],
    );
    return count > 0;
  }

  /** Lets a row go (someone changed it meanwhile, or the work failed): the next take starts afresh. */
  async release(em: EntityManager, id: string, token: string): Promise<void> {
    await em.query(`UPDATE ${this.table} SET leased_until = NULL, lease_token = NULL WHERE id = $1 AND lease_token = $2`, [id, token]);
  }
}
