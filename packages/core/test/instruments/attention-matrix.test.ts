import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attentionMatrices,
  getMechanism,
  InvalidArgumentError,
  rowEntropy,
  spectralGap,
  splitMatrices,
  type Tensor,
} from '../../src/index.js';
import { expectAllClose, gaussianTensor } from '../lln/fixtures.js';
import { loadLlnGoldens, maxRelError } from '../lln/golden-files.js';
import { naiveBlockSoftmax, naiveLln, naiveScales } from '../lln/naive.js';
import { integerFields } from '../support/integer-fields.js';
import { mulberry32 } from '../support/mulberry32.js';

/** Identity values [b, h, n, n]: attention applied to them is the attention matrix itself. */
function identityValues(bh: number, n: number): Float64Array {
  const out = new Float64Array(bh * n * n);
  for (let x = 0; x < bh; x++) for (let i = 0; i < n; i++) out[(x * n + i) * n + i] = 1;
  return out;
}

function naiveSoftmaxMatrix(q: Tensor, k: Tensor, causal: boolean): Float64Array {
  const [b, h, n, d] = q.shape as [number, number, number, number];
  const out = new Float64Array(b * h * n * n);
  for (let x = 0; x < b * h; x++) {
    for (let i = 0; i < n; i++) {
      const scores = Array.from({ length: n }, (_, j) => {
        if (causal && j > i) return Number.NEGATIVE_INFINITY;
        let s = 0;
        for (let c = 0; c < d; c++) s += q.data[(x * n + i) * d + c]! * k.data[(x * n + j) * d + c]!;
        return s / Math.sqrt(d);
      });
      const max = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - max));
      const total = e.reduce((a, c) => a + c, 0);
      e.forEach((w, j) => {
        out[(x * n + i) * n + j] = w / total;
      });
    }
  }
  return out;
}

const shapeArb = fc.record({
  ...integerFields({ batch: [1, 2], heads: [1, 2], n: [2, 9], d: [1, 4] }),
  seed: fc.nat(),
  causal: fc.boolean(),
});

describe('attention matrices', () => {
  it('lln, lln-diag and softmax match the naive formulas applied to identity values', () => {
    fc.assert(
      fc.property(shapeArb, ({ batch, heads, n, d, seed, causal }) => {
        const rng = mulberry32(seed);
        const q = gaussianTensor(rng, [batch, heads, n, d], 1.5);
        const k = gaussianTensor(rng, [batch, heads, n, d], 1.5);
        const eye = identityValues(batch * heads, n);
        const dims = { b: batch, h: heads, n, d };
        const scales = naiveScales(q.data, k.data);
        const lln = naiveLln(q.data, k.data, eye, dims, n, n, { causal, eps: 1e-8, ...scales });
        expectAllClose(attentionMatrices(getMechanism('lln'), q, k, { causal }).data, lln, 1e-12, 'lln');
        const llnEps5 = naiveLln(q.data, k.data, eye, dims, n, n, { causal, eps: 1e-5, ...scales });
        const block = naiveBlockSoftmax(q.data, k.data, eye, dims, n, causal);
        expectAllClose(
          attentionMatrices(getMechanism('lln-diag'), q, k, { causal }).data,
          llnEps5.map((x, i) => 0.5 * (x + block[i]!)),
          1e-12,
          'lln-diag',
        );
        expectAllClose(
          attentionMatrices(getMechanism('softmax'), q, k, { causal }).data,
          naiveSoftmaxMatrix(q, k, causal),
          1e-12,
          'softmax',
        );
      }),
      { numRuns: 30 },
    );
  });

  it('P v reproduces the reference output of every golden case', () => {
    for (const g of loadLlnGoldens()) {
      const q = g.arrays.get('q')!;
      const k = g.arrays.get('k')!;
      const v = g.arrays.get('v')!;
      const kind = g.mode === 'lln' ? 'lln' : 'lln-diag';
      const p = attentionMatrices(getMechanism(kind), q, k, { causal: false, eps: g.eps });
      const [b, h, nq, nk] = p.shape as [number, number, number, number];
      const dv = v.shape[3]!;
      const out = new Float64Array(b * h * nq * dv);
      for (let x = 0; x < b * h; x++) {
        for (let i = 0; i < nq; i++) {
          for (let e = 0; e < dv; e++) {
            let acc = 0;
            for (let j = 0; j < nk; j++)
              acc += p.data[(x * nq + i) * nk + j]! * v.data[(x * nk + j) * dv + e]!;
            out[(x * nq + i) * dv + e] = acc;
          }
        }
      }
      expect(maxRelError(out, g.arrays.get('out')!.data), g.name).toBeLessThanOrEqual(1e-9);
    }
  });

  it('feeds the instruments: softmax rows have entropy <= log n and a gap in [0, 1]', () => {
    const rng = mulberry32(42);
    const q = gaussianTensor(rng, [1, 2, 16, 8]);
    const k = gaussianTensor(rng, [1, 2, 16, 8]);
    for (const kind of ['softmax', 'lln'] as const) {
      const matrices = splitMatrices(attentionMatrices(getMechanism(kind), q, k, { causal: false }));
      expect(matrices).toHaveLength(2);
      for (const m of matrices) {
        for (const h of rowEntropy(m)) expect(h).toBeLessThanOrEqual(Math.log(16) + 1e-12);
        const g = spectralGap(m);
        expect(g.lambda1).toBeCloseTo(1, 6);
        expect(g.gap).toBeGreaterThan(0);
        expect(g.gap).toBeLessThanOrEqual(1);
      }
    }
  });

  it('rejects inputs that are not [batch, heads, seq, dim]', () => {
    const q = gaussianTensor(mulberry32(1), [2, 3]);
    expect(() => attentionMatrices(getMechanism('lln'), q, q, { causal: false })).toThrow(
      InvalidArgumentError,
    );
  });

  it('rejects a mechanism without an explicit attention matrix, naming it', () => {
    const q = gaussianTensor(mulberry32(1), [1, 1, 2, 2]);
    expect(() => attentionMatrices(getMechanism('linear'), q, q, { causal: false })).toThrow(/'linear'/);
  });
});
