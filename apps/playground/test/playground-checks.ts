import { join } from 'node:path';
import type { CheckContext, TrackedPage } from './playground-test.js';

export interface Check {
  readonly name: string;
  run(context: CheckContext): Promise<void>;
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

function expectClean(tracked: TrackedPage): void {
  expect(tracked.errors.length === 0, `the page logged errors:\n${tracked.errors.join('\n')}`);
  expect(tracked.blocked.length === 0, `the page tried to leave its origin: ${tracked.blocked.join(', ')}`);
}

const GENERATE_TOKENS = 96;
const MIN_TOKENS = 64;
const RUN_TIMEOUT_MS = 240_000;

async function openApp(context: CheckContext): Promise<TrackedPage> {
  const tracked = await context.openPage();
  await tracked.page.goto(`${context.origin}/`);
  await tracked.page.waitForSelector('#gen-backend[data-ready="true"]');
  return tracked;
}

async function waitIdle(tracked: TrackedPage, view: string): Promise<void> {
  await tracked.page.waitForFunction(
    (id) => document.getElementById(id)?.dataset.state === 'idle',
    `view-${view}`,
    { timeout: RUN_TIMEOUT_MS },
  );
}

const isCheckpoint = (path: string) => path.startsWith('checkpoints/');

function generateOn(backendId: string): Check {
  return {
    name: `Generate: at least ${MIN_TOKENS} tokens of the shipped heinsen-lm on ${backendId}`,
    async run(context) {
      const tracked = await openApp(context);
      const { page } = tracked;
      const shell = [...tracked.requested];
      await page.selectOption('#gen-backend', backendId);
      await page.fill('#gen-max-tokens', String(GENERATE_TOKENS));
      await page.click('#gen-start');
      await waitIdle(tracked, 'generate');
      const tokens = Number(await page.getAttribute('#gen-stats', 'data-tokens'));
      const text = (await page.textContent('#gen-text')) ?? '';
      await page.waitForFunction(
        (min) => Number(document.getElementById('gen-chart')?.dataset.points) >= min,
        MIN_TOKENS,
        { timeout: 10_000 },
      );
      expectClean(tracked);
      expect(tokens >= MIN_TOKENS, `generated ${tokens} tokens, expected at least ${MIN_TOKENS}`);
      expect(text.trim().length > 0, 'the generated text is empty');
      await page.screenshot({ path: join(context.artifacts, `generate-${backendId.replace(':', '-')}.png`) });
      const loaded = tracked.requested.filter((p) => !shell.includes(p));
      context.recordSizes('app shell (first paint, no backend)', shell);
      context.recordSizes('heinsen-lm checkpoint', loaded.filter(isCheckpoint));
      context.recordSizes(
        `${backendId} backend (code + wasm)`,
        loaded.filter((p) => !isCheckpoint(p)),
      );
      if (backendId === 'ort:wasm') {
        const wasm = loaded.filter((p) => p.endsWith('.wasm'));
        expect(
          wasm.length === 1 && /ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(wasm[0]!),
          `ORT wasm should load only the non-JSEP .wasm, loaded: ${wasm.join(', ')}`,
        );
      }
      await tracked.close();
    },
  };
}

const gpuChoicesMatchTheBrowser: Check = {
  name: 'the backend selector offers GPU choices exactly where the browser has them',
  async run(context) {
    const tracked = await openApp(context);
    const offered = await tracked.page.$$eval('#gen-backend option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    const has = await tracked.page.evaluate(async () => {
      const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
      const canvas = document.createElement('canvas');
      return {
        webgpu: adapter != null,
        webgl: (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) !== null,
      };
    });
    const expected = [
      'ort:wasm',
      ...(has.webgpu ? ['ort:webgpu'] : []),
      'tfjs:wasm',
      ...(has.webgl ? ['tfjs:webgl'] : []),
      ...(has.webgpu ? ['tfjs:webgpu'] : []),
    ];
    expect(
      JSON.stringify(offered) === JSON.stringify(expected),
      `offered ${offered.join(', ')}; this browser (webgpu ${has.webgpu}, webgl ${has.webgl}) calls for ${expected.join(', ')}`,
    );
    expectClean(tracked);
    await tracked.close();
  },
};

const COST_TOKENS = 320;

const constantCost: Check = {
  name: `Constant cost: both checkpoints write ${COST_TOKENS} tokens on ort:wasm; the chart fills; state vs KV cache`,
  async run(context) {
    const tracked = await openApp(context);
    const { page } = tracked;
    await page.click('button[data-view="cost"]');
    await page.waitForSelector('#cost-backend[data-ready="true"]');
    await page.selectOption('#cost-backend', 'ort:wasm');
    await page.fill('#cost-tokens', String(COST_TOKENS));
    await page.click('#cost-start');
    await waitIdle(tracked, 'cost');
    await page.waitForFunction(
      (min) => Number(document.getElementById('cost-chart')?.dataset.points) >= min,
      4 * COST_TOKENS,
      { timeout: 10_000 },
    );
    const rows = await page.$$eval('#cost-summary tr[data-model]', (trs) =>
      trs.map((tr) => ({
        model: (tr as HTMLElement).dataset.model,
        tokens: Number((tr as HTMLElement).dataset.tokens),
        bytes: Number((tr as HTMLElement).dataset.stateBytes),
        position: Number((tr as HTMLElement).dataset.position),
      })),
    );
    expectClean(tracked);
    expect(rows.length === 2, `expected a summary row per model, got ${JSON.stringify(rows)}`);
    for (const row of rows) expect(row.tokens === COST_TOKENS, `${row.model} wrote ${row.tokens} tokens`);
    // packages/model/README.md: heinsen-lm's decode state is 136,192 bytes at every position; gpt
    // softmax's KV cache grows 6,144 bytes a token (4 layers x K and V x 192 floats) plus its
    // 768-byte position state.
    const [heinsen, gpt] = rows;
    expect(heinsen!.bytes === 136_192, `heinsen-lm state ${heinsen!.bytes} bytes, expected 136,192`);
    expect(
      gpt!.bytes === 6144 * gpt!.position + 768,
      `gpt softmax state ${gpt!.bytes} bytes at position ${gpt!.position}, expected ${6144 * gpt!.position + 768}`,
    );
    await page.screenshot({ path: join(context.artifacts, 'cost-ort-wasm.png'), fullPage: true });
    await tracked.close();
  },
};

async function heatmapsRendered(
  tracked: TrackedPage,
): Promise<{ rendered: number; rows: number; expected: number }> {
  await waitIdle(tracked, 'explorer');
  return tracked.page.evaluate(() => ({
    rendered: document.querySelectorAll('#explorer-heatmaps .heatmap[data-rendered] canvas').length,
    rows: document.querySelectorAll('#explorer-instruments tr').length - 1,
    expected: document.querySelectorAll('fieldset input[data-mechanism]:checked').length,
  }));
}

const explorer: Check = {
  name: 'Mechanism explorer: a heatmap per registered mechanism, on random Q, K and on the checkpoint',
  async run(context) {
    const tracked = await openApp(context);
    const { page } = tracked;
    const shell = [...tracked.requested];
    await page.click('button[data-view="explorer"]');
    const random = await heatmapsRendered(tracked);
    context.recordSizes(
      'explorer view (core, vega; random input)',
      tracked.requested.filter((p) => !shell.includes(p)),
    );
    expect(random.expected > 0, 'no mechanisms listed');
    expect(
      random.rendered === random.expected,
      `random: ${random.rendered} heatmaps for ${random.expected} mechanisms`,
    );
    expect(random.rows === random.expected, `random: ${random.rows} instrument rows for ${random.expected}`);
    await page.screenshot({ path: join(context.artifacts, 'explorer-random.png'), fullPage: true });
    await page.selectOption('#explorer-source', 'checkpoint');
    await page.click('#explorer-show');
    const fromCheckpoint = await heatmapsRendered(tracked);
    expect(
      fromCheckpoint.rendered === fromCheckpoint.expected,
      `checkpoint: ${fromCheckpoint.rendered} heatmaps for ${fromCheckpoint.expected} mechanisms`,
    );
    expectClean(tracked);
    await page.screenshot({ path: join(context.artifacts, 'explorer-checkpoint.png'), fullPage: true });
    await tracked.close();
  },
};

/**
 * Opt-in (PLAYGROUND_SOFTWARE_GPU=1): Chromium with a SwiftShader WebGPU adapter and WebGL, where every
 * GPU choice must appear and write text. Emulated on the CPU, so slow (minutes): not part of `pnpm test`.
 */
const gpuChoices: Check = {
  name: 'with a (software) GPU: the GPU choices appear and each writes 16 tokens',
  async run(context) {
    const tracked = await context.openPage({ softwareGpu: true });
    const { page } = tracked;
    await page.goto(`${context.origin}/`);
    await page.waitForSelector('#gen-backend[data-ready="true"]');
    const offered = await page.$$eval('#gen-backend option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    const gpu = ['ort:webgpu', 'tfjs:webgl', 'tfjs:webgpu'];
    expect(
      gpu.every((id) => offered.includes(id)),
      `offered only ${offered.join(', ')}`,
    );
    for (const id of gpu) {
      await page.selectOption('#gen-backend', id);
      await page.fill('#gen-max-tokens', '16');
      await page.click('#gen-start');
      await waitIdle(tracked, 'generate');
      const tokens = Number(await page.getAttribute('#gen-stats', 'data-tokens'));
      expect(tokens === 16, `${id}: generated ${tokens} tokens, expected 16`);
    }
    expectClean(tracked);
    await tracked.close();
  },
};

const loadFailureShows: Check = {
  name: 'a checkpoint that fails to load shows its error in the page, which stays usable',
  async run(context) {
    const tracked = await openApp(context);
    const { page } = tracked;
    await page.route('**/checkpoints/heinsen-lm-sotu/model.safetensors', (route) =>
      route.fulfill({ status: 404, body: 'gone' }),
    );
    await page.fill('#gen-max-tokens', '8');
    await page.click('#gen-start');
    await waitIdle(tracked, 'generate');
    const shown = (await page.textContent('#errors')) ?? '';
    const status = (await page.textContent('#gen-status')) ?? '';
    expect(/model\.safetensors failed: HTTP 404/.test(shown), `the error panel says: '${shown}'`);
    expect(status.startsWith('failed'), `the status says: '${status}'`);
    expect(await page.isEnabled('#gen-start'), 'Generate stays disabled after the failure');
    // The failure itself is logged once, as every shown error is; anything else is a real problem.
    expect(
      tracked.errors.length === 2 && tracked.errors.some((e) => e.includes('HTTP 404')),
      `expected the 404 and its report, got:\n${tracked.errors.join('\n')}`,
    );
    await page.screenshot({ path: join(context.artifacts, 'error-shown.png') });
    await tracked.close();
  },
};

export const playgroundChecks: readonly Check[] = [
  gpuChoicesMatchTheBrowser,
  generateOn('ort:wasm'),
  generateOn('tfjs:wasm'),
  loadFailureShows,
  constantCost,
  explorer,
  ...(process.env.PLAYGROUND_SOFTWARE_GPU === '1' ? [gpuChoices] : []),
];
