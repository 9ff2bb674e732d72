import {
  type FormRun,
  linearEluAttention,
  runChunked,
  runParallel,
  runRecurrent,
  Tensor,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { ortBackend } from './support/backends.js';
import { randomFloat, seededRandom } from './support/random.js';

const [B, H, N, DK, DV] = [1, 2, 6, 4, 3];

/** elu(x) + 1 written as the exact function it is; float64 keeps exp(x) down to x = -745. */
const phi = (x: number) => (x > 0 ? x + 1 : Math.exp(x));

/** Causal Katharopoulos attention by its quadratic definition, in float64. */
function naiveCausal(q: Tensor, k: Tensor, v: Tensor, eps: number): Float64Array {
  const out = new Float64Array(B * H * N * DV);
  for (let bh = 0; bh < B * H; bh++) {
    for (let i = 0; i < N; i++) {
      let den = eps;
      const num = new Float64Array(DV);
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let d = 0; d < DK; d++)
          s += phi(q.data[(bh * N + i) * DK + d]!) * phi(k.data[(bh * N + j) * DK + d]!);
        den += s;
        for (let e = 0; e < DV; e++) num[e]! += s * v.data[(bh * N + j) * DV + e]!;
      }
      for (let e = 0; e < DV; e++) out[(bh * N + i) * DV + e] = num[e]! / den;
    }
  }
  return out;
}

function expectNear(run: FormRun, expected: Float64Array, label: string): void {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = run.out.data[i]!;
    expect(Number.isFinite(a), `${label}[${i}] = ${a}`).toBe(true);
    worst = Math.max(worst, Math.abs(a - expected[i]!) / Math.max(1e-3, Math.abs(expected[i]!)));
  }
  expect(worst, label).toBeLessThan(1e-4);
}

async function expectAllForms(q: Tensor, k: Tensor, v: Tensor, eps: number): Promise<void> {
  const backend = await ortBackend('cpu');
  const expected = naiveCausal(q, k, v, eps);
  const inputs = { q, k, v };
  expectNear(
    await runParallel(backend, linearEluAttention, inputs, { eps, causal: true }),
    expected,
    'parallel',
  );
  expectNear(
    await runChunked(backend, linearEluAttention, inputs, { eps, chunkSize: 4 }),
    expected,
    'chunked',
  );
  expectNear(await runRecurrent(backend, linearEluAttention, inputs, { eps }), expected, 'recurrent');
}

describe('linear-elu keeps elu(x) + 1 = exp(x) for large negative x in float32 (ort cpu)', () => {
  it('q, k in [-40, -18] with eps 0: finite and exact, where elu(x) + 1 rounds to 0', async () => {
    const rand = seededRandom(5);
    const q = randomFloat(rand, [B, H, N, DK], { scale: 11, offset: -29 });
    const k = randomFloat(rand, [B, H, N, DK], { scale: 11, offset: -29 });
    const v = randomFloat(rand, [B, H, N, DV]);
    await expectAllForms(q, k, v, 0);
  });

  it('keys all equal at scale 1e3 with eps 1e-30: each output is the running mean of v', async () => {
    const rand = seededRandom(6);
    const q = randomFloat(rand, [B, H, N, DK], { scale: 1000 });
    const key = [-30, -1000, -25, -500];
    const k = Tensor.float64(
      Array.from({ length: B * H * N * DK }, (_, i) => key[i % DK]!),
      [B, H, N, DK],
    );
    const v = randomFloat(rand, [B, H, N, DV]);
    await expectAllForms(q, k, v, 1e-30);
  });
});
