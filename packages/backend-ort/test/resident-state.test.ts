import {
  type Backend,
  type Graph,
  GraphBuilder,
  type RunResult,
  Tensor,
  type TensorLike,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import type { OrtBackend } from '../src/index.js';
import { OrtDeviceTensor } from '../src/index.js';
import { ortBackend } from './support/backends.js';

const D = 4;

/** A decode-step-shaped graph: state' = 0.9 * state + k^T v, out = q state'. */
function stepGraph(): Graph {
  const b = new GraphBuilder();
  const state = b.input('past.S', 'float32', [1, D, D]);
  const q = b.input('q', 'float32', [1, 1, D]);
  const k = b.input('k', 'float32', [1, 1, D]);
  const v = b.input('v', 'float32', [1, 1, D]);
  const next = b.add(b.mul(state, 0.9), b.matmul(b.transposeLast2(k), v));
  return b.build({ out: b.matmul(q, next), 'present.S': next });
}

/** The same recurrence in plain float64 loops: the oracle for the final state. */
function naiveFinalState(steps: number, token: (t: number) => { k: number[]; v: number[] }): number[] {
  const s = new Array<number>(D * D).fill(0);
  for (let t = 0; t < steps; t++) {
    const { k, v } = token(t);
    for (let i = 0; i < D; i++)
      for (let j = 0; j < D; j++) s[i * D + j] = 0.9 * s[i * D + j]! + k[i]! * v[j]!;
  }
  return s;
}

const token = (t: number) => ({
  k: Array.from({ length: D }, (_, i) => Math.fround(Math.sin(t * 0.37 + i))),
  v: Array.from({ length: D }, (_, i) => Math.fround(Math.cos(t * 0.11 - i))),
});

async function decode(backend: Backend, steps: number, sample: (t: number) => void): Promise<Tensor> {
  const exe = await backend.compile(stepGraph());
  let state: TensorLike = await backend.upload(Tensor.zeros([1, D, D]));
  const q = Tensor.float32([1, 0.5, -0.25, 2], [1, 1, D]);
  for (let t = 0; t < steps; t++) {
    const { k, v } = token(t);
    const result: RunResult = await exe.run(
      { 'past.S': state, q, k: Tensor.float32(k, [1, 1, D]), v: Tensor.float32(v, [1, 1, D]) },
      { keepOnDevice: ['present.S'] },
    );
    const next: TensorLike = result['present.S']!;
    expect(next).toBeInstanceOf(OrtDeviceTensor);
    if ('dispose' in state) state.dispose();
    state = next;
    sample(t);
  }
  const final = await (state as OrtDeviceTensor).read();
  (state as OrtDeviceTensor).dispose();
  await exe.dispose();
  return final;
}

describe('resident decode state', () => {
  it('runs 10,000 cpu steps feeding device tensors back, with no growth in live tensors or memory', async () => {
    const backend = (await ortBackend('cpu')) as OrtBackend;
    const before = backend.liveTensorCount;
    const counts = new Set<number>();
    let rssAfterWarmup = 0;
    let rssPeak = 0;
    const steps = 10_000;
    const final = await decode(backend, steps, (t) => {
      counts.add(backend.liveTensorCount - before);
      if (t === 500) rssAfterWarmup = process.memoryUsage().rss;
      if (t > 500 && t % 500 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    });
    // Exactly one state tensor is alive between steps, every step.
    expect([...counts]).toEqual([1]);
    expect(backend.liveTensorCount).toBe(before);
    // Loose bound on purpose (GC timing varies): it catches leaking sessions or native buffers per
    // step, while the exact live-tensor count above catches leaked wrappers.
    expect(rssPeak - rssAfterWarmup).toBeLessThan(64 * 1024 * 1024);
    const expected = naiveFinalState(steps, token);
    final.data.forEach((x, i) =>
      expect(Math.abs(x - expected[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(expected[i]!))),
    );
  });

  it('runs 100 wasm steps with resident state and matches the naive recurrence', async () => {
    const backend = (await ortBackend('wasm')) as OrtBackend;
    const before = backend.liveTensorCount;
    const final = await decode(backend, 100, () => expect(backend.liveTensorCount - before).toBe(1));
    const expected = naiveFinalState(100, token);
    final.data.forEach((x, i) =>
      expect(Math.abs(x - expected[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(expected[i]!))),
    );
    expect(backend.liveTensorCount).toBe(before);
  });

  it('device tensors: upload, read, idempotent dispose, and backend dispose frees the rest', async () => {
    const { createBackend } = await import('@constant-attention/core');
    const backend = (await createBackend({ backend: 'ort', device: 'cpu' })) as OrtBackend;
    const host = Tensor.float64([1.5, -2, Number.NEGATIVE_INFINITY, 4], [2, 2]);
    const a = await backend.upload(host);
    const b = await backend.upload(Tensor.int32([1, 2], [2]));
    expect(backend.liveTensorCount).toBe(2);
    expect(a.dtype).toBe('float32');
    expect([...a.shape]).toEqual([2, 2]);
    expect(Array.from((await a.read()).data)).toEqual([1.5, -2, Number.NEGATIVE_INFINITY, 4]);
    a.dispose();
    a.dispose();
    expect(a.disposed).toBe(true);
    expect([...a.shape]).toEqual([2, 2]);
    await expect(a.read()).rejects.toThrow(/disposed/);
    expect(backend.liveTensorCount).toBe(1);
    await backend.dispose();
    expect(b.disposed).toBe(true);
    expect(backend.liveTensorCount).toBe(0);
  });
});
