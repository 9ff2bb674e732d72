/**
 * `pnpm playground:test`: serves the built app with `vite preview` and drives headless Chromium through
 * every view. Prints `N passed`, exits non-zero on any failure. Screenshots and the measured transfer
 * sizes go to test-artifacts/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from './launch-chromium.js';
import { playgroundChecks } from './playground-checks.js';
import { gzipBytes, mb } from './transfer-sizes.js';

const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(APP_ROOT, 'dist');
const ARTIFACTS = join(APP_ROOT, 'test-artifacts');

export interface CheckContext {
  readonly browser: Browser;
  readonly origin: string;
  readonly artifacts: string;
  /** A fresh page (own context, empty cache) that records its same-origin requests and its errors. */
  openPage(options?: { readonly softwareGpu?: boolean }): Promise<TrackedPage>;
  /** Records which built files a named phase of loading requested (for the size table). */
  recordSizes(phase: string, paths: readonly string[]): void;
}

export interface TrackedPage {
  readonly page: Page;
  /** Paths (relative to dist/) requested so far, in order. */
  readonly requested: string[];
  readonly errors: string[];
  readonly blocked: string[];
  close(): Promise<void>;
}

async function main(): Promise<number> {
  if (!chromiumAvailable()) {
    const message = `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CA_CHROMIUM)`;
    if (process.env.CI) {
      console.error(`playground test: ${message}`);
      return 1;
    }
    console.log(`playground test SKIPPED: ${message}`);
    return 0;
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await preview({
    root: APP_ROOT,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 4390, strictPort: false, open: false },
  });
  const origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
  const browser = await launchChromium();
  let gpuBrowser: Browser | undefined;
  const sizes = new Map<string, readonly string[]>();
  const pages: TrackedPage[] = [];
  const context: CheckContext = {
    browser,
    origin,
    artifacts: ARTIFACTS,
    recordSizes: (phase, paths) => sizes.set(phase, [...new Set(paths)]),
    async openPage(options = {}) {
      let owner = browser;
      if (options.softwareGpu) {
        gpuBrowser ??= await launchChromium({ softwareGpu: true });
        owner = gpuBrowser;
      }
      const browserContext = await owner.newContext({ viewport: { width: 1200, height: 900 } });
      const page = await browserContext.newPage();
      const tracked: TrackedPage = {
        page,
        requested: [],
        errors: [],
        blocked: [],
        close: () => browserContext.close(),
      };
      // Offline: anything not served by the app itself is refused and recorded.
      await browserContext.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(`${origin}/`)) {
          tracked.requested.push(new URL(url).pathname.slice(1) || 'index.html');
          return route.continue();
        }
        tracked.blocked.push(url);
        return route.abort('blockedbyclient');
      });
      page.on('pageerror', (err) => tracked.errors.push(`pageerror: ${err.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') tracked.errors.push(`console.error: ${message.text()}`);
      });
      pages.push(tracked);
      return tracked;
    },
  };
  let passed = 0;
  let failed = 0;
  try {
    for (const check of playgroundChecks) {
      const t0 = performance.now();
      try {
        await check.run(context);
        passed++;
        console.log(`  ok   ${check.name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (err) {
        failed++;
        console.log(
          `  FAIL ${check.name}\n       ${String((err as Error).stack ?? err)
            .split('\n')
            .join('\n       ')}`,
        );
      }
    }
  } finally {
    for (const p of pages) await p.close().catch(() => undefined);
    await browser.close().catch(() => undefined);
    await gpuBrowser?.close().catch(() => undefined);
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
  if (sizes.size > 0) {
    const table = [...sizes].map(([phase, paths]) => ({
      phase,
      files: paths.length,
      ...gzipBytes(DIST, paths),
      paths,
    }));
    writeFileSync(join(ARTIFACTS, 'transfer-sizes.json'), `${JSON.stringify(table, null, 2)}\n`);
    console.log('\n  first-load transfer (files the page requested, gzip -9):');
    for (const row of table)
      console.log(
        `    ${row.phase.padEnd(44)} ${String(row.files).padStart(3)} files  ${mb(row.raw).padStart(10)} raw  ${mb(row.gzip).padStart(10)} gzip`,
      );
  }
  console.log(`\n${passed} passed${failed ? `, ${failed} failed` : ''}`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
