import path from "node:path";
import pg from "pg";
import { DataSource, DataSourceOptions, Logger as TypeOrmLogger } from "typeorm";
import { SnakeNamingStrategy } from "./naming";

// PostgreSQL `date` columns hold calendar dates; pg would turn them into JS Dates at local
// midnight and shift them across time zones. Keep them as "YYYY-MM-DD" strings.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
// bigint ids (audit, events) stay strings: they outgrow JS numbers' exact range.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => v);

/** Compiled migrations sit beside the compiled source (dist/migrations). */
export const MIGRATIONS_GLOB = path.resolve(__dirname, "../../../migrations/*.js");

/** Counts the SQL statements the hub sends; tests use it to prove queries stay batched. */
export class QueryCounter implements TypeOrmLogger {
  count = 0;
  readonly recent: string[] = [];
  logQuery(query: string): void {
    this.count++;
    this.recent.push(query);
    if (this.recent.length > 50) this.recent.shift();
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** The entities come from the application (src/app.ts): core lists none of the modules'. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function dataSourceOptions(url: string, entities: readonly Function[], logger?: TypeOrmLogger): DataSourceOptions {
  return {
    type: "postgres",
    url,
    entities: [...entities],
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: "migrations",
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: logger ? ["query"] : false,
    logger,
    uuidExtension: "pgcrypto",
    extra: { max: 20, application_name: "proceedings-hub" },
  };
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export async function openDataSource(url: string, entities: readonly Function[], logger?: TypeOrmLogger): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(url, entities, logger));
  await ds.initialize();
  return ds;
}
