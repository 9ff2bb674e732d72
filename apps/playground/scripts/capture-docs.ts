/**
 * Retakes docs/*.png, the README's screenshots, from the built app (`vite build` first): one per view,
 * on ORT-web wasm. Not part of the tests; run by hand with `pnpm --filter @constant-attention/playground docs:screenshots`.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { launchChromium } from '../test/launch-chromium.js';

const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = join(APP_ROOT, 'docs');
const COST_TOKENS = Number(process.env.COST_TOKENS ?? 1024);

const server = await preview({
  root: APP_ROOT,
  logLevel: 'warn',
  preview: { host: '127.0.0.1', port: 4395 },
});
const origin = server.resolvedUrls!.local[0]!;
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
  page.on('console', (m) => m.type() === 'error' && console.error(m.text()));
  const idle = (view: string) =>
    page.waitForFunction((id) => document.getElementById(id)?.dataset.state === 'idle', `view-${view}`, {
      timeout: 600_000,
    });
  await page.goto(origin);
  await page.waitForSelector('#gen-backend[data-ready="true"]');
  await page.fill('#gen-max-tokens', '300');
  await page.click('#gen-start');
  await idle('generate');
  await page.screenshot({ path: join(DOCS, 'generate.png'), fullPage: true });

  await page.click('button[data-view="cost"]');
  await page.waitForSelector('#cost-backend[data-ready="true"]');
  await page.fill('#cost-tokens', String(COST_TOKENS));
  await page.click('#cost-start');
  await idle('cost');
  await page.screenshot({ path: join(DOCS, 'constant-cost.png'), fullPage: true });

  await page.click('button[data-view="explorer"]');
  await idle('explorer');
  await page.selectOption('#explorer-source', 'checkpoint');
  await page.click('#explorer-show');
  await idle('explorer');
  await page.screenshot({ path: join(DOCS, 'explorer.png'), fullPage: true });
  console.log(`wrote ${DOCS}/generate.png, constant-cost.png, explorer.png`);
} finally {
  await browser.close();
  server.httpServer.close();
}
