import { EmbeddedDatabase } from "../../src/core/db/embedded";

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as Record<string, unknown>).__HUB_EMBEDDED__ as EmbeddedDatabase | undefined;
  await embedded?.stop();
}
