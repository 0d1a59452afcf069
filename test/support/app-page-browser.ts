/// <reference lib="dom" />
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { startDemoWorld, type DemoWorld, type DemoWorldOptions } from './demo-world';
import { eventually as settles } from './fixtures';

/**
 * What the browser suites of the app page share: one demo world and one browser per file,
 * the app's frame inside the double's portal page, screenshots, axe-core, and a watch on the
 * app frame's console errors and uncaught exceptions.
 */

export const SCREENSHOTS = resolve(__dirname, '../../test-results/app-page');

let printed = false;
export function screenshotsDir(): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  if (!printed) {
    printed = true;
    console.log(`screenshots: ${SCREENSHOTS}`);
  }
  return SCREENSHOTS;
}

export interface Rig {
  world: DemoWorld;
  browser: Browser;
  /** Console errors and uncaught exceptions of the app's pages, collected for every page opened through the rig. */
  problems: string[];
  newPage(options?: Parameters<Browser['newContext']>[0]): Promise<Page>;
  close(): Promise<void>;
}

export async function startRig(options: DemoWorldOptions = {}): Promise<Rig> {
  screenshotsDir();
  const world = await startDemoWorld({ database: 'test', leads: 60, logLevel: 'error', ...options });
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await world.close();
    throw e;
  }
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const serviceOrigin = new URL(world.url).origin;
  return {
    world,
    browser,
    problems,
    async newPage(contextOptions = {}) {
      const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 }, ...contextOptions });
      contexts.push(context);
      const page = await context.newPage();
      watch(page, serviceOrigin, problems);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await world.close();
    },
  };
}

/** Errors in frames served by the service (the app); the double's own page is not ours to judge. */
function watch(page: Page, serviceOrigin: string, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url ?? '';
    if (!where.startsWith(serviceOrigin) || /favicon/.test(where)) return;
    problems.push(`console.error in ${where}: ${msg.text()}`);
  });
}

/** The app's iframe in the double's portal page (not the slider's). */
export function appFrameLocator(page: Page): FrameLocator {
  return page.frameLocator('iframe.app');
}

/** The app frame as a Frame, once its document came from the service. */
export async function appFrame(page: Page, serviceUrl: string): Promise<Frame> {
  const handle = await page.waitForSelector('iframe.app', { state: 'attached' });
  const started = Date.now();
  for (;;) {
    const frame = await handle.contentFrame();
    if (frame && frame.url().startsWith(serviceUrl)) return frame;
    if (Date.now() - started > 15_000) throw new Error(`the app frame never loaded from ${serviceUrl} (at ${frame?.url()})`);
    await page.waitForEvent('framenavigated', { timeout: 15_000 }).catch(() => undefined);
  }
}

/** Opens the portal's app page and waits for the app's header inside the frame. */
export async function launchApp(page: Page, world: DemoWorld, opts: { domain?: string; query?: string } = {}): Promise<Frame> {
  await page.goto(world.appPageUrl(opts.domain) + (opts.query ? `?${opts.query}` : ''));
  const frame = await appFrame(page, world.url);
  await frame.locator('body').waitFor();
  return frame;
}

/** The frame protocol commands the app sent to the portal page (the double records them). */
export async function b24Commands(page: Page): Promise<Array<{ command: string; params: Record<string, unknown> | null }>> {
  return page.evaluate(() => (window as unknown as { __b24Commands?: Array<{ command: string; params: Record<string, unknown> | null }> }).__b24Commands ?? []);
}

export async function shot(target: Page, name: string): Promise<string> {
  const path = join(screenshotsDir(), `${name}.png`);
  // The viewport only: a full-page capture re-lays the portal page out and shows the app's
  // (out-of-process) iframe only partly painted.
  await target.screenshot({ path });
  return path;
}

// ---- axe-core ----

let axeSource: string | null = null;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string; html: string }>;
}

/**
 * axe-core inside the app's frame. The frame's CSP allows only its own scripts, so axe is not added
 * as a <script> element: Frame.evaluate runs the library's source through the devtools protocol,
 * which CSP does not govern. Returns the serious and critical violations.
 */
export async function axeSerious(frame: Frame): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await frame.evaluate(axeSource);
  const violations = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary, html: n.html.slice(0, 200) })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function formatViolations(screen: string, violations: AxeViolation[]): string {
  if (violations.length === 0) return `${screen}: no serious or critical axe violations`;
  return [
    `${screen}: ${violations.length} serious/critical axe violation(s)`,
    ...violations.flatMap((v) => [
      `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s))`,
      ...v.nodes.slice(0, 5).map((n) => `     at ${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240)}\n        ${n.html}`),
    ]),
  ].join('\n');
}

/**
 * axe findings by screen, kept so that a screen's functional checks run on and one test at the end
 * of each file reports every screen at once.
 */
export class AxeLedger {
  readonly screens = new Map<string, AxeViolation[]>();

  async check(frame: Frame, screen: string): Promise<void> {
    // The kit's badges and buttons fade between colours (200 ms): contrast is read once they settle.
    await frame.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
    this.screens.set(screen, await axeSerious(frame));
  }

  /** Throws the readable list when any screen has a serious or critical violation. */
  expectClean(expectedScreens: string[]): void {
    const report = [...this.screens].map(([screen, v]) => formatViolations(screen, v)).join('\n');
    expect([...this.screens.keys()].sort()).toEqual([...expectedScreens].sort());
    if ([...this.screens.values()].some((v) => v.length > 0)) throw new Error(`axe-core ${AXE_VERSION}:\n${report}`);
    console.log(`axe-core ${AXE_VERSION}:\n${report}`);
  }
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AXE_VERSION = (require('axe-core/package.json') as { version: string }).version;

// ---- service and double helpers ----

export async function operatorPost(world: DemoWorld, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${world.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': world.keys.operator },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** A REST call to a portal of the double through an incoming webhook (as a portal's own integration would). */
export async function webhookCall(hook: string, method: string, params: Record<string, unknown>): Promise<unknown> {
  const res = await fetch(`${hook}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
  const body = (await res.json()) as { result?: unknown; error?: string; error_description?: string };
  if (!res.ok || body.error) throw new Error(`${method}: ${res.status} ${body.error} ${body.error_description ?? ''}`);
  return body.result;
}

/** Text a screen must never show: an error code, a stack trace, an exception's name. */
export const TECHNICAL = /\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b|\bat [\w.$<>]+ \(|Error:|Exception|undefined|\[object Object\]/;

/**
 * Reads until the check passes (jest has no expect.poll): the check is an expect() that throws
 * while the screen is not there yet; after `timeout` the last failure is thrown.
 */
export async function eventually<T>(
  read: () => Promise<T> | T,
  check: (value: T) => void,
  opts: { timeout?: number } = {},
): Promise<T> {
  let value!: T;
  await settles(async () => {
    value = await read();
    check(value);
  }, opts.timeout);
  return value;
}
