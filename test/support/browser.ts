import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { ROOT } from "./hub-process";

// Real Chromium (Debian's package) driven by playwright-core, for the console's tests. Where
// Chromium is not installed the browser suites say so and skip; CI installs it (.ci/run).

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumPresent = fs.existsSync(CHROMIUM);

/** `describe` when Chromium is here; otherwise a skipped suite that says why, once. */
export function describeInBrowser(name: string, fn: () => void): void {
  if (chromiumPresent) {
    describe(name, fn);
    return;
  }
  describe(name, () => {
    it.skip(`needs Chromium at ${CHROMIUM} (apt-get install chromium); browser tests skipped`, () => undefined);
  });
  process.stderr.write(`\n[browser tests] SKIPPED "${name}": Chromium not found at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As root Chromium needs --no-sandbox; the rest keep it off the (closed) network.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors, CSP violations and requests to other origins, in order. */
  problems: string[];
  /** Every request the page made to another origin. */
  foreignRequests: string[];
}

/** A page in its own context (its own storage: another person's browser), watched for trouble. */
export async function openPage(browser: Browser, base: string, options: { width?: number; height?: number } = {}): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  const foreignRequests: string[] = [];
  const origin = new URL(base).origin;
  page.on("console", (m) => {
    // A failed load is reported with its URL below.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console: ${m.text()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) foreignRequests.push(url);
  });
  return { page, context, problems, foreignRequests };
}

let axeSource: string | undefined;

/** Runs axe-core in the page (WCAG 2.0, 2.1 and 2.2, A and AA) and returns the violations. */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; help: string; targets: string[] }[]> {
  axeSource ??= fs.readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(`${axeSource}\n;0`);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
}

/** The page fits a narrow screen: nothing wider than the viewport except inside scrollable table regions. */
export async function overflowsAt(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("body *"))) {
      if (el.closest(".app-table-scroll")) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1) out.push(`${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80));
    }
    return out.slice(0, 10);
  });
}

export async function signInAsDemo(page: Page, base: string, displayName: string): Promise<void> {
  await page.goto(`${base}/signin`);
  await page.getByRole("button", { name: `Sign in as ${displayName}` }).click();
  // Everyone lands on My cases, but the hub administrator, who has no cases, on Administration.
  await page.getByRole("heading", { level: 1, name: displayName === "Hub Administrator" ? "Administration" : "My cases" }).waitFor();
}

/** Screenshots for the README go to src/web/screenshots when SCREENSHOTS=1 (npm run screenshots). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== "1") return;
  const dir = path.join(ROOT, "src", "web", "screenshots");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: false });
}

/** Navigation timing of the page's last full load, and the JavaScript it transferred. */
export async function loadFigures(page: Page): Promise<{ domContentLoadedMs: number; loadMs: number; jsTransferredBytes: number; jsFiles: number }> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter(
      (r) => r.initiatorType === "script" || r.name.endsWith(".js"),
    );
    return {
      domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd - nav.startTime),
      loadMs: Math.round(nav.loadEventEnd - nav.startTime),
      jsTransferredBytes: scripts.reduce((n, r) => n + r.encodedBodySize, 0),
      jsFiles: scripts.length,
    };
  });
}
