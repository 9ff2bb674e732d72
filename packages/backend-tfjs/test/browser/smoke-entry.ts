/**
 * Browser smoke check (bundled by run-browser-smoke.ts): every primitive and composite case on the
 * browser-only tfjs devices, against core's float64 interpreter running in the same page.
 */
import { createBackend, evaluate, type Tensor } from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/index.js';
import { COMPOSITE_CASES } from '../support/composite-cases.js';
import { HIGH_RANK_CASES } from '../support/high-rank-cases.js';
import { MECHANISM_CASES } from '../support/mechanism-cases.js';
import { PRIMITIVE_CASES } from '../support/op-cases.js';
import { seededRandom } from '../support/random.js';

interface CaseResult {
  readonly device: string;
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

/** Same rule as expectClose, loosened for GPU float32 math (transcendentals are not correctly rounded). */
function compare(actual: Tensor, expected: Tensor, rtol: number, atol: number): string | undefined {
  if (actual.dtype !== expected.dtype) return `dtype ${actual.dtype} vs ${expected.dtype}`;
  if (actual.shape.join() !== expected.shape.join()) return `shape [${actual.shape}] vs [${expected.shape}]`;
  for (let i = 0; i < expected.size; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    if (expected.dtype !== 'float32' || !Number.isFinite(e)) {
      if (!(Object.is(a, e) || a === e || (Number.isNaN(a) && Number.isNaN(e))))
        return `[${i}] ${a} vs exact ${e}`;
    } else if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      return `[${i}] ${a} vs ${e}`;
    }
  }
  return undefined;
}

async function runDevice(device: string): Promise<CaseResult[]> {
  let backend: Awaited<ReturnType<typeof createBackend>>;
  try {
    // Served by run-browser-smoke.ts, so the wasm device never reaches for tfjs's CDN.
    backend = await createBackend({ backend: 'tfjs', device, options: { wasmPaths: `${location.origin}/` } });
  } catch (err) {
    return [{ device, name: 'createBackend', ok: false, detail: String(err) }];
  }
  // Small CPU-resident tensors would otherwise run on tfjs's CPU kernels and hide GPU numerics.
  if (device === 'webgl') tf.env().set('WEBGL_CPU_FORWARD', false);
  if (device === 'webgpu') tf.env().set('WEBGPU_CPU_FORWARD', false);
  const results: CaseResult[] = [];
  const only = new URLSearchParams(location.search).get('only');
  const cases = [...PRIMITIVE_CASES, ...HIGH_RANK_CASES, ...COMPOSITE_CASES, ...MECHANISM_CASES].filter(
    (c) => !only || c.name.includes(only),
  );
  for (const [i, c] of cases.entries()) {
    try {
      const feeds = c.feeds(seededRandom(3000 + i));
      const f32 = Object.fromEntries(Object.entries(feeds).map(([n, t]) => [n, t.toFloat32()]));
      const expected = evaluate(c.graph, f32);
      const exe = await backend.compile(c.graph);
      const actual = await exe.run(feeds);
      await exe.dispose();
      const problems = c.graph.outputs
        .map((o) => {
          const why = compare(actual[o.name]!, expected[o.name]!, Math.max(c.rtol ?? 0, 2e-4), 2e-5);
          return why && `${o.name}${why}`;
        })
        .filter(Boolean);
      results.push({
        device,
        name: c.name,
        ok: problems.length === 0,
        detail: problems.join('; ') || undefined,
      });
    } catch (err) {
      results.push({ device, name: c.name, ok: false, detail: String(err) });
    }
  }
  await backend.dispose();
  return results;
}

async function main(): Promise<void> {
  const devices = new URLSearchParams(location.search).get('devices')?.split(',') ?? ['webgl', 'webgpu'];
  const all: CaseResult[] = [];
  for (const device of devices) all.push(...(await runDevice(device)));
  (globalThis as { smokeResults?: CaseResult[] }).smokeResults = all;
}

main().catch((err) => {
  (globalThis as { smokeResults?: CaseResult[] }).smokeResults = [
    { device: '-', name: 'main', ok: false, detail: String(err) },
  ];
});
