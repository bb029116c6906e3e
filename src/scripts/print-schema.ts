import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { lexicographicSortSchema, printSchema } from "graphql";
import { hubSchema } from "../schema";

// Writes schema/schema.graphql, the committed contract API consumers read. A test fails when
// it is stale: run `npm run schema` after changing the API.
export async function printHubSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await hubSchema())) + "\n";
}

export const SCHEMA_FILE = path.resolve(__dirname, "../../../schema/schema.graphql");

if (require.main === module) {
  printHubSchema().then((sdl) => {
    fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
    fs.writeFileSync(SCHEMA_FILE, sdl);
    process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
  });
}
