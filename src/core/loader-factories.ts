import DataLoader from "dataloader";
import { EntityManager, EntityTarget, In, ObjectLiteral, FindOptionsOrder } from "typeorm";

// Per-request DataLoaders: one SQL query per kind of thing per tick, however many parents ask.

export function loaderById<T extends ObjectLiteral & { id: string }>(em: () => EntityManager, entity: EntityTarget<T>): DataLoader<string, T | undefined> {
  return new DataLoader(async (ids) => {
    const rows = await em().find(entity, { where: { id: In([...ids]) } as never });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  });
}

export function loaderGroupedBy<T extends ObjectLiteral>(
  em: () => EntityManager,
  entity: EntityTarget<T>,
  key: keyof T & string,
  order: FindOptionsOrder<T>,
): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const rows = await em().find(entity, { where: { [key]: In([...keys]) } as never, order });
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) groups.get(row[key] as string)?.push(row);
    return keys.map((k) => groups.get(k)!);
  });
}

/** Rows grouped by a key, each group in the rows' order (for batch reads that answer many ids at once). */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    let group = groups.get(k);
    if (!group) groups.set(k, (group = []));
    group.push(row);
  }
  return groups;
}
