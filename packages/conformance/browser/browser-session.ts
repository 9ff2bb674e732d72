import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import type { BrowserEnv } from './browser-envs.js';
import { TFJS_WASM_PREFIX } from './browser-envs.js';
import { bundlePage } from './bundle-page.js';
import { launchChromium } from './launch-chromium.js';
import { type BrowserEnvResult, PAGE_API, type RandomCheckPlan, type RunBrowserEnv } from './protocol.js';
import { onnxruntimeWebDist, tfjsWasmDist } from './runtime-assets.js';
import { type StaticServer, startStaticServer } from './static-server.js';

const GOLDEN_PREFIX = '/golden/';

const PAGE_HTML = `<!doctype html><meta charset="utf-8"><title>constant-attention conformance</title>
<script type="module" src="/page.js"></script>`;

function goldenFiles(folder: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.json')) files.push(path);
    }
  };
  walk(folder);
  return files;
}

export interface BrowserSessionOptions {
  readonly goldenFolder: string;
  readonly random: RandomCheckPlan;
}

export interface EnvRun {
  readonly result: BrowserEnvResult;
  /** Uncaught page errors and console errors seen while the env ran (for failure messages). */
  readonly pageErrors: readonly string[];
  readonly wallSeconds: number;
}

/**
 * Bundles the page, serves it (plus the runtimes' .wasm files and the golden cases) on 127.0.0.1 and
 * drives headless Chromium. Requests to any other origin are aborted and recorded: the run is offline.
 */
export class BrowserSession {
  readonly blockedRequests: string[] = [];
  readonly bundleSeconds: number;
  readonly goldenUrls: readonly string[];

  private constructor(
    private readonly server: StaticServer,
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    private readonly options: BrowserSessionOptions,
    bundleSeconds: number,
  ) {
    this.bundleSeconds = bundleSeconds;
    this.goldenUrls = goldenFiles(options.goldenFolder).map(
      (f) => `${GOLDEN_PREFIX}${relative(options.goldenFolder, f).split('\\').join('/')}`,
    );
  }

  static async start(options: BrowserSessionOptions): Promise<BrowserSession> {
    const t0 = performance.now();
    const bundle = await bundlePage();
    const bundleSeconds = (performance.now() - t0) / 1000;
    const memory = new Map<string, Uint8Array | string>([['/index.html', PAGE_HTML]]);
    for (const [name, contents] of bundle.files) memory.set(`/${name}`, contents);
    // onnxruntime-web's bundle fetches its .wasm relative to the script (import.meta.url): '/' here.
    const server = await startStaticServer({
      memory,
      folders: new Map([
        [GOLDEN_PREFIX, options.goldenFolder],
        [TFJS_WASM_PREFIX, tfjsWasmDist()],
        ['/', onnxruntimeWebDist()],
      ]),
    });
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const context = await browser.newContext();
      const session = new BrowserSession(server, browser, context, options, bundleSeconds);
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(`${server.origin}/`)) return route.continue();
        session.blockedRequests.push(url);
        return route.abort('blockedbyclient');
      });
      return session;
    } catch (err) {
      await browser?.close().catch(() => undefined);
      await server.close();
      throw err;
    }
  }

  get serverMisses(): readonly string[] {
    return this.server.misses;
  }

  /** Runs one env in a fresh page, so one device's failure (or lost GPU device) cannot leak into the next. */
  async runEnv(env: BrowserEnv): Promise<EnvRun> {
    const t0 = performance.now();
    const page = await this.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
    });
    try {
      await page.goto(`${this.server.origin}/index.html`);
      await page.waitForFunction(
        (api) => typeof (globalThis as Record<string, unknown>)[api] === 'function',
        PAGE_API,
      );
      const request = {
        label: env.label,
        backend: env.backend,
        device: env.device,
        ...(env.options ? { options: env.options } : {}),
        goldenUrls: this.goldenUrls,
        random: this.options.random,
      };
      const result = await page.evaluate(
        ([api, req]) => ((globalThis as Record<string, unknown>)[api] as RunBrowserEnv)(req),
        [PAGE_API, request] as const,
      );
      return { result, pageErrors, wallSeconds: (performance.now() - t0) / 1000 };
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.close();
  }
}
