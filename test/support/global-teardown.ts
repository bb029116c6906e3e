import fs from "node:fs";
import { EmbeddedDatabase } from "../../src/core/db/embedded";

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as Record<string, unknown>).__HUB_EMBEDDED__ as EmbeddedDatabase | undefined;
  await embedded?.stop();
  // Everything the run made in its temporary directory goes with it (global-setup.ts).
  const runDir = process.env.HUB_TEST_RUN_DIR;
  if (runDir && runDir.includes("hub-test-run-")) fs.rmSync(runDir, { recursive: true, force: true });
}
