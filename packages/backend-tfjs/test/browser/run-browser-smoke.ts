/**
 * Runs smoke-entry.ts in headless Chromium (WebGL and WebGPU on SwiftShader) and prints per-case results.
 *
 *   cd packages/backend-tfjs && npx tsx test/browser/run-browser-smoke.ts [webgl,webgpu,wasm] [case-name-part]
 *
 * Not part of `vitest run`: it needs a Chromium binary (CHROMIUM_PATH, default /usr/bin/chromium). It
 * bundles with the esbuild that tsx already depends on, serves the bundle and tfjs's .wasm files from a
 * local HTTP server, and reads the results back through playwright-core (both already installed).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const fromRoot = createRequire(path.resolve(here, '../../../../package.json'));
interface Esbuild {
  build(options: Record<string, unknown>): Promise<unknown>;
}
// Not a dependency of this package: borrowed from tsx, which bundles TypeScript with it anyway.
const esbuild = createRequire(fromRoot.resolve('tsx/package.json'))('esbuild') as Esbuild;
const { chromium } = fromRoot('playwright-core') as typeof import('playwright-core');

const devices = process.argv[2] ?? 'webgl,webgpu';
const out = mkdtempSync(path.join(tmpdir(), 'tfjs-smoke-'));
await esbuild.build({
  entryPoints: [path.join(here, 'smoke-entry.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['@constant-attention/source'],
  outfile: path.join(out, 'smoke.js'),
  logLevel: 'warning',
  // Node-only branches (wasm paths, gradient loader hooks) are never taken in a browser.
  external: ['node:*'],
});
const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
writeFileSync(path.join(out, 'index.html'), '<!doctype html><script type="module" src="smoke.js"></script>');

const server = createServer((req, res) => {
  const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname) || 'index.html';
  const file = name.endsWith('.wasm') ? path.join(wasmDir, name) : path.join(out, name);
  try {
    const body = readFileSync(file);
    const type = name.endsWith('.js')
      ? 'text/javascript'
      : name.endsWith('.wasm')
        ? 'application/wasm'
        : 'text/html';
    res.writeHead(200, { 'content-type': type }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as { port: number }).port;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--enable-unsafe-webgpu', '--use-angle=swiftshader', '--enable-features=Vulkan', '--no-sandbox'],
});
let failed = 0;
try {
  const page = await browser.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  // WebGPU validation errors and tfjs warnings surface only as console messages.
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning')
      console.error(`console ${msg.type()}: ${msg.text()}`);
  });
  const only = process.argv[3] ? `&only=${encodeURIComponent(process.argv[3])}` : '';
  await page.goto(`http://127.0.0.1:${port}/index.html?devices=${devices}${only}`);
  await page.waitForFunction(
    () => (globalThis as { smokeResults?: unknown }).smokeResults !== undefined,
    null,
    {
      timeout: 300_000,
    },
  );
  const results = (await page.evaluate(() => (globalThis as { smokeResults?: unknown }).smokeResults)) as {
    device: string;
    name: string;
    ok: boolean;
    detail?: string;
  }[];
  for (const r of results) {
    if (!r.ok) failed++;
    console.log(
      `${r.ok ? 'ok  ' : 'FAIL'} ${r.device.padEnd(7)} ${r.name}${r.detail ? `: ${r.detail}` : ''}`,
    );
  }
  console.log(`${results.length - failed}/${results.length} passed`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
