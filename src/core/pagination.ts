import { ArgsType, ClassType, Field, Int, ObjectType } from "type-graphql";
import type { SelectQueryBuilder } from "typeorm";
import { badInput } from "./errors";
import { isUuid } from "./ids";

// Relay-style connections with opaque keyset cursors: a page never shifts when rows are added
// before it, and deep pages cost the same as the first.

@ObjectType({ description: "Where a page sits in the whole list" })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` to get the next page" })
  endCursor: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: "Page size, 1 to the hub's MAX_PAGE_SIZE (default 100)" })
  first: number;

  @Field(() => String, { nullable: true, description: "The endCursor of the previous page" })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

export function Connection<T extends object>(nodeType: ClassType<T>, name: string, description: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => String)
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${name}Connection`, { description })
  class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;
  }
  return ConnectionType;
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === "string" || typeof k === "number")) {
      return key;
    }
  } catch {
    // fall through
  }
  throw badInput("after", "Not a cursor this list gave out");
}

export function pageSize(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badInput("first", `first must be between 1 and ${max}`);
  }
  return first;
}

/** Turns rows fetched with limit size+1 into a page. */
export function toPage<T>(rows: T[], size: number, keyOf: (row: T) => (string | number)[]): Page<T> {
  const hasNextPage = rows.length > size;
  const nodes = hasNextPage ? rows.slice(0, size) : rows;
  const edges = nodes.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null } };
}

/**
 * Newest first by a timestamp column, then id: the page after `after` (a cursor this gave out)
 * of `first` rows, for lists that only grow (notices, an outbox, a delivery log).
 */
export async function newestFirst<T extends { id: string }>(
  qb: SelectQueryBuilder<T>,
  at: { column: string; of: (row: T) => Date },
  first: number,
  after: string | null | undefined,
  maxPageSize: number,
): Promise<Page<T>> {
  const size = pageSize(first, maxPageSize);
  const alias = qb.alias;
  // The cursor holds milliseconds; the column holds microseconds: compare and order at the
  // cursor's precision, so no row falls between two pages.
  const key = `date_trunc('milliseconds', ${alias}.${at.column})`;
  if (after) {
    const [time, id] = decodeCursor(after, 2);
    if (typeof time !== "string" || Number.isNaN(Date.parse(time)) || typeof id !== "string" || !isUuid(id))
      throw badInput("after", "Not a cursor this list gave out");
    qb.andWhere(`(${key}, ${alias}.id) < (:pageAt::timestamptz, :pageId::uuid)`, { pageAt: time, pageId: id });
  }
  const rows = await qb
    .orderBy(key, "DESC")
    .addOrderBy(`${alias}.id`, "DESC")
    .limit(size + 1)
    .getMany();
  return toPage(rows, size, (r) => [at.of(r).toISOString(), r.id]);
}
