/** A condition for a WHERE clause, with its named parameters (TypeORM's `:name` style). */
export interface SqlPredicate {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * The predicate for a raw query with positional parameters: its `:name`s become `$first`,
 * `$first+1`, ... and `values` are their values in that order.
 */
export function positional(p: SqlPredicate, first: number): { sql: string; values: unknown[] } {
  const names = Object.keys(p.params);
  const sql = p.sql.replace(/(?<!:):(\w+)/g, (m, name: string) => (names.includes(name) ? `$${first + names.indexOf(name)}` : m));
  return { sql, values: names.map((n) => p.params[n]) };
}
