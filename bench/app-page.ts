import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { appPageDir } from '../src/modules/crm-sync/api/app-page-bundle';
import { launchBrowser } from '../test/support/browser';
import { startDemoWorld } from '../test/support/demo-world';

const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 10);

/**
 * `npm run bench:page`: what the app page's first screen ships (gzipped) and how long Chromium
 * takes, from opening the imitated portal page, to show the first request card in the app's frame.
 * The time includes the launch the way Bitrix24 makes it (form POST, verification against the
 * Bitrix24 double, the session) and the page's first API calls.
 */
async function main(): Promise<void> {
  const shipped = firstScreenFiles();
  const world = await startDemoWorld({ leads: 200, database: 'embedded', logLevel: 'silent' });
  const browser = await launchBrowser();
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    const context = await browser.newContext();
    for (let run = 0; run < RUNS; run++) {
      // A fresh context has an empty cache (cold); the second load in the same one reuses it (warm).
      const fresh = run === 0 ? context : await browser.newContext();
      for (const sink of [cold, warm]) {
        const page = await fresh.newPage();
        const started = Date.now();
        await page.goto(world.appPageUrl('integrator.bitrix24.ru'));
        await page.frameLocator('iframe').first().getByTestId('lead-card').first().waitFor();
        sink.push(Date.now() - started);
        await page.close();
      }
      if (fresh !== context) await fresh.close();
    }
  } finally {
    await browser.close();
    await world.close();
  }
  console.table(shipped.files);
  console.log(`first screen: ${kb(shipped.gzip)} kB gzipped (${kb(shipped.raw)} kB raw); lazy chunks: ${kb(shipped.lazyGzip)} kB gzipped`);
  console.log(`time to the list over ${RUNS} runs, ms: cold median ${median(cold)} (min ${Math.min(...cold)}, max ${Math.max(...cold)}), warm median ${median(warm)}`);
}

/** The files index.html makes the browser fetch before the list can render, and the rest. */
function firstScreenFiles() {
  const dir = appPageDir();
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const linked = [...html.matchAll(/(?:src|href)="\/b24\/static\/(assets\/[^"]+)"/g)].map((m) => m[1]);
  const files = linked.map((file) => {
    const body = readFileSync(join(dir, file));
    return { file, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
  const all = readdirSync(join(dir, 'assets')).filter((f) => /\.(js|css)$/.test(f) && !linked.includes(`assets/${f}`));
  const lazyGzip = all.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, 'assets', f)), { level: 9 }).length, 0);
  return {
    files,
    raw: files.reduce((s, f) => s + f.raw, 0),
    gzip: files.reduce((s, f) => s + f.gzip, 0) + gzipSync(html).length,
    lazyGzip,
  };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
