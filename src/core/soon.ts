import type { HubRuntime } from "./context";

/**
 * Work a process starts at once when something asks for it (a paper filed, a bundle to build),
 * besides the background job that catches up on whatever it missed: one run at a time per hub
 * runtime, and one more after it when asked meanwhile (the run under way may have passed the new
 * work by). The work itself is safe to run in several processes at once (leases).
 */
export function soon(what: string, work: (runtime: HubRuntime) => Promise<unknown>): (runtime: HubRuntime) => void {
  const runs = new WeakMap<HubRuntime, { again: boolean }>();
  const start = (runtime: HubRuntime): void => {
    const running = runs.get(runtime);
    if (running) {
      running.again = true;
      return;
    }
    const run = { again: false };
    runs.set(runtime, run);
    void work(runtime)
      .catch((err) => runtime.logger.warn(`${what} failed`, { error: String(err) }))
      .finally(() => {
        runs.delete(runtime);
        if (run.again) start(runtime);
      });
  };
  return start;
}
