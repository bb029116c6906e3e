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
  // TypeORM's list parameters (`IN (:...roles)`) become an array compared with ANY.
  const sql = p.sql.replace(/IN \(:\.\.\.(\w+)\)/g, "= ANY(:$1)");
  // Only the parameters the text uses, in their order: an unused one has no type PostgreSQL can infer.
  const used: string[] = [];
  const text = sql.replace(/(?<!:):(\w+)/g, (m, name: string) => {
    if (!(name in p.params)) return m;
    if (!used.includes(name)) used.push(name);
    return `$${first + used.indexOf(name)}`;
  });
  return { sql: text, values: used.map((n) => p.params[n]) };
}
