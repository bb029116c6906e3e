import "reflect-metadata";
import { DataSource } from "typeorm";
import { dataSourceOptions } from "./src/core/db/data-source";
import { ENTITIES } from "./src/app";

// The data source the TypeORM CLI works on (`typeorm -d dist/ormconfig.js ...`). The app builds
// its own from the same options; see src/core/db/data-source.ts.
if (!process.env.DATABASE_URL) {
  throw new Error("DATABASE_URL must be set for the TypeORM CLI (npm run migration:generate starts a database for you)");
}
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL, ENTITIES));
