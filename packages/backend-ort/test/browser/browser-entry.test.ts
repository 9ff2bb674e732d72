import { existsSync, readdirSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import * as core from '@constant-attention/core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx } from '../../src/index.js';
import { expectClose } from '../support/compare.js';
import { CASES } from '../support/primitive-cases.js';
import { ROOTS, startPageServer } from './page-server.js';

/**
 * The built browser entry (dist/browser.js) in headless Chromium: wasm always, webgpu where the
 * browser exposes an adapter (SwiftShader on Debian's chromium). Results are checked against core's
 * float64 interpreter in Node on the same graph, built from the same source text on both sides.
 */
const CHROMIUM = '/usr/bin/chromium';
const BUILT_ENTRY = join(ROOTS['/backend-ort/']!, 'browser.js');
const BUILT = existsSync(BUILT_ENTRY) && existsSync(join(ROOTS['/core/']!, 'index.js'));

/** The page runs dist/, so a dist older than any source file would test stale code. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}
const STALE =
  BUILT && newestSource(join(ROOTS['/backend-ort/']!, '..', 'src')) > statSync(BUILT_ENTRY).mtimeMs;
const reason = !existsSync(CHROMIUM)
  ? ` — SKIPPED: ${CHROMIUM} not installed`
  : !BUILT || STALE
    ? ` — SKIPPED: dist/ is ${BUILT ? 'older than src/' : 'missing'}; run \`pnpm build\` first (the page loads dist/)`
    : '';

const GRAPH_SOURCE = `
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', ['batch', 6]);
  const i = b.input('i', 'int32', ['batch', 6]);
  const masked = b.where(b.greater(i, 0), x, Number.NEGATIVE_INFINITY);
  return b.build({
    softmax: b.softmax(masked, -1),
    lse: b.logSumExp(masked, [1]),
    lcse: b.logCumSumExp(masked, 1),
    gram: b.matmul(b.reshape(x, ['batch', 6, 1]), b.reshape(x, ['batch', 1, 6])),
    counts: b.cumSum(i, 1, { exclusive: true }),
    positions: b.iota('batch', 'float32'),
  });
`;

type Wire = Record<string, { dtype: core.DType; shape: number[]; data: number[] }>;

const FEEDS = {
  x: [0.5, -1, 2, 3, -0.25, 1.5, 1, 2, 3, 4, 5, 6, -3, 0, 3, 1e-3, 7, -7],
  i: [1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1],
};

function oracle(): Record<string, core.Tensor> {
  const graph = new Function('GraphBuilder', GRAPH_SOURCE)(core.GraphBuilder) as core.Graph;
  return core.evaluate(graph, {
    x: core.Tensor.float64(FEEDS.x, [3, 6]),
    i: core.Tensor.int32(FEEDS.i, [3, 6]),
  });
}

async function runInPage(page: Page, device: string): Promise<Wire> {
  return page.evaluate(
    async ({ device, source, feeds }) => {
      const w = window as unknown as { core: typeof core };
      const graph = new Function('GraphBuilder', source)(w.core.GraphBuilder);
      const backend = await w.core.createBackend({ backend: 'ort', device });
      const exe = await backend.compile(graph);
      const out = await exe.run({
        x: w.core.Tensor.float32(feeds.x, [3, 6]),
        i: w.core.Tensor.int32(feeds.i, [3, 6]),
      });
      await backend.dispose();
      const wire: Record<string, unknown> = {};
      for (const [name, t] of Object.entries(out))
        wire[name] = { dtype: t.dtype, shape: [...t.shape], data: Array.from(t.data) };
      return wire as Wire;
    },
    { device, source: GRAPH_SOURCE, feeds: FEEDS },
  );
}

function expectMatchesOracle(actual: Wire): void {
  const expected = oracle();
  for (const [name, e] of Object.entries(expected)) {
    const a = actual[name]!;
    const data =
      a.dtype === 'float32'
        ? Float64Array.from(a.data)
        : a.dtype === 'int32'
          ? Int32Array.from(a.data)
          : Uint8Array.from(a.data);
    expectClose(new core.Tensor(a.dtype, a.shape, data), e, { rtol: 2e-5, atol: 2e-5 }, name);
  }
}

describe.skipIf(reason !== '')(`browser entry in headless Chromium${reason}`, () => {
  let browser: Browser;
  let server: Server;
  let page: Page;

  beforeAll(async () => {
    const started = await startPageServer();
    server = started.server;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--enable-unsafe-webgpu',
        '--enable-features=Vulkan',
        '--use-vulkan=swiftshader',
        '--no-sandbox',
      ],
    });
    page = await browser.newPage();
    await page.goto(started.url);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('registers ort with wasm as default and refuses cpu with a clear error', async () => {
    const result = await page.evaluate(async () => {
      const w = window as unknown as { core: typeof core };
      const registration = w.core.getBackendRegistration('ort');
      const cpu = await w.core
        .createBackend({ backend: 'ort', device: 'cpu' })
        .catch((e: Error) => `${e.name}: ${e.message}`);
      return { defaultDevice: registration.defaultDevice, cpu };
    });
    expect(result.defaultDevice).toBe('wasm');
    expect(result.cpu).toMatch(/BackendUnavailableError: .*needs onnxruntime-node/);
  });

  it('wasm in the browser matches the float64 interpreter', async () => {
    expectMatchesOracle(await runInPage(page, 'wasm'));
  });

  it('webgpu matches the interpreter, or is a clear BackendUnavailableError without an adapter', async () => {
    const hasAdapter = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return gpu ? (await gpu.requestAdapter()) !== null : false;
    });
    if (!hasAdapter) {
      const err = await runInPage(page, 'webgpu').catch((e: Error) => e.message);
      expect(String(err)).toMatch(/webgpu/);
      return;
    }
    expectMatchesOracle(await runInPage(page, 'webgpu'));
  });

  it('webgpu keeps decode state in GPU buffers across steps and reads back the exact recurrence', async (ctx) => {
    const hasAdapter = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return gpu ? (await gpu.requestAdapter()) !== null : false;
    });
    if (!hasAdapter) ctx.skip('this Chromium exposes no WebGPU adapter');
    const result = await page.evaluate(async () => {
      const w = window as unknown as { core: typeof core };
      const b = new w.core.GraphBuilder();
      const state = b.input('past.S', 'float32', [2, 2]);
      const k = b.input('k', 'float32', [2, 1]);
      const next = b.add(b.mul(state, 0.5), b.matmul(k, b.transposeLast2(k)));
      const graph = b.build({ out: b.reduceSum(next, [0, 1]), 'present.S': next });
      const backend = await w.core.createBackend({ backend: 'ort', device: 'webgpu' });
      const exe = await backend.compile(graph);
      let s: core.TensorLike = await backend.upload(w.core.Tensor.zeros([2, 2]));
      const locations: string[] = [];
      for (let t = 0; t < 5; t++) {
        const r: core.RunResult = await exe.run(
          { 'past.S': s, k: w.core.Tensor.float32([t, 1], [2, 1]) },
          { keepOnDevice: ['present.S'] },
        );
        if ('dispose' in s) s.dispose();
        s = r['present.S']!;
        locations.push((s as unknown as { ortTensor: { location: string } }).ortTensor.location);
      }
      const final = Array.from((await (s as core.DeviceTensor).read()).data);
      const hostOnly = await exe.run({
        'past.S': w.core.Tensor.zeros([2, 2]),
        k: w.core.Tensor.float32([1, 1], [2, 1]),
      });
      await backend.dispose();
      return { final, locations, hostOnly: Array.from(hostOnly['present.S']!.data) };
    });
    // S_t = 0.5 S_{t-1} + k k^T with k = [t, 1], computed by hand in float64.
    let s = [0, 0, 0, 0];
    for (let t = 0; t < 5; t++) s = [0.5 * s[0]! + t * t, 0.5 * s[1]! + t, 0.5 * s[2]! + t, 0.5 * s[3]! + 1];
    expect(result.final).toEqual(s);
    expect(new Set(result.locations)).toEqual(new Set(['gpu-buffer']));
    expect(result.hostOnly).toEqual([1, 1, 1, 1]);
  });

  it('webgpu: broadcasting Where after an equal-shape one of the same ranks, and state passed through unchanged', async (ctx) => {
    const hasAdapter = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return gpu ? (await gpu.requestAdapter()) !== null : false;
    });
    if (!hasAdapter) ctx.skip('this Chromium exposes no WebGPU adapter');
    // ORT-web 1.30's WebGPU EP reused a Where shader compiled for equal shapes on broadcasting inputs,
    // and two CPU->GPU copies inside one run (from an Identity or Max on its CPU EP) got the same data.
    const result = await page.evaluate(async () => {
      const w = window as unknown as { core: typeof core };
      const b = new w.core.GraphBuilder();
      const q = b.input('q', 'float32', [2, 3]);
      const alpha = b.input('past.alpha', 'float32', [2, 1]);
      const beta = b.input('past.beta', 'float32', [2, 1]);
      const same = b.where(b.greater(q, 0), q, b.neg(q));
      const graph = b.build({
        same,
        broadcast: b.where(b.greater(same, 1), alpha, q),
        scaled: b.add(b.mul(q, alpha), b.mul(b.exp(b.maximum(b.neg(q), 0)), beta)),
        'present.alpha': alpha,
        'present.beta': beta,
      });
      const backend = await w.core.createBackend({ backend: 'ort', device: 'webgpu' });
      const exe = await backend.compile(graph);
      const out = await exe.run({
        q: w.core.Tensor.float32([0.5, -2, 3, -0.25, 1.5, -4], [2, 3]),
        'past.alpha': w.core.Tensor.float32([10, 20], [2, 1]),
        'past.beta': w.core.Tensor.float32([-1, -3], [2, 1]),
      });
      await backend.dispose();
      return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, Array.from(t.data)]));
    });
    // By hand: |q|; where |q| > 1 alpha of the row, else q; q * alpha + exp(max(-q, 0)) * beta.
    const q = [0.5, -2, 3, -0.25, 1.5, -4];
    const rowOf = (i: number) => (i < 3 ? 0 : 1);
    const alpha = [10, 20];
    const beta = [-1, -3];
    expect(result.same).toEqual(q.map(Math.abs));
    expect(result.broadcast).toEqual(q.map((x, i) => (Math.abs(x) > 1 ? alpha[rowOf(i)]! : x)));
    const scaled = q.map((x, i) => x * alpha[rowOf(i)]! + Math.exp(Math.max(-x, 0)) * beta[rowOf(i)]!);
    result.scaled!.forEach((x, i) => expect(x).toBeCloseTo(scaled[i]!, 4));
    expect(result['present.alpha']).toEqual(alpha);
    expect(result['present.beta']).toEqual(beta);
  });

  it("every primitive, lowered as compile() does for webgpu, runs on the WebGPU EP with the interpreter's results", async (ctx) => {
    const hasAdapter = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return gpu ? (await gpu.requestAdapter()) !== null : false;
    });
    if (!hasAdapter) ctx.skip('this Chromium exposes no WebGPU adapter');
    const ORT_TYPE = { float32: 'float32', int32: 'int32', bool: 'bool' } as const;
    const failures: string[] = [];
    for (const c of CASES) {
      const feeds = Object.fromEntries(
        Object.entries(c.feeds).map(([name, t]) => [
          name,
          { type: ORT_TYPE[t.dtype], dims: [...t.shape], data: Array.from(t.data) },
        ]),
      );
      const actual = await page.evaluate(
        async ({ model, feeds }) => {
          const { ort } = window as unknown as { ort: typeof import('onnxruntime-web') };
          const session = await ort.InferenceSession.create(Uint8Array.from(model), {
            executionProviders: ['webgpu'],
          });
          const inputs: Record<string, import('onnxruntime-web').Tensor> = {};
          for (const [name, f] of Object.entries(feeds)) {
            const data =
              f.type === 'float32'
                ? Float32Array.from(f.data)
                : f.type === 'int32'
                  ? Int32Array.from(f.data)
                  : Uint8Array.from(f.data);
            inputs[name] = new ort.Tensor(f.type, data, f.dims);
          }
          const out = await session.run(inputs);
          await session.release();
          const wire: Record<string, { type: string; dims: number[]; data: number[] }> = {};
          for (const [name, t] of Object.entries(out)) {
            wire[name] = { type: t.type, dims: [...t.dims], data: Array.from(t.data as Float32Array) };
          }
          return wire;
        },
        { model: Array.from(exportOnnx(c.graph, { webgpu: true })), feeds },
      );
      const expected = core.evaluate(c.graph, c.feeds);
      for (const [name, e] of Object.entries(expected)) {
        const a = actual[name]!;
        const data =
          e.dtype === 'float32'
            ? Float64Array.from(a.data)
            : e.dtype === 'int32'
              ? Int32Array.from(a.data)
              : Uint8Array.from(a.data);
        try {
          expectClose(
            new core.Tensor(e.dtype, a.dims, data),
            e,
            { rtol: 2e-5, atol: 2e-5 },
            `${c.name}: ${name}`,
          );
        } catch (err) {
          failures.push((err as Error).message.split('\n')[0]!);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
