import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  eigenvalues,
  type HostMatrix,
  InvalidInputValueError,
  logNormalFit,
  matrixFromRows,
  meanRowEntropy,
  rowEntropy,
  ShapeError,
  spectralGap,
} from '../../src/index.js';

const uniform = (n: number) => matrixFromRows(Array.from({ length: n }, () => new Array(n).fill(1 / n)));

function permutation(perm: readonly number[]): HostMatrix {
  return matrixFromRows(perm.map((p) => perm.map((_, j) => (j === p ? 1 : 0))));
}

/** Random row-stochastic matrix from a seeded stream, entries in (0, 1]. */
function randomStochastic(values: readonly number[], n: number): HostMatrix {
  const rows = Array.from({ length: n }, (_, i) => {
    const row = Array.from({ length: n }, (_, j) => 0.01 + values[(i * n + j) % values.length]!);
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((x) => x / total);
  });
  return matrixFromRows(rows);
}

function matmul(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0)));
}

describe('rowEntropy', () => {
  it('is log n for uniform rows and 0 for one-hot rows', () => {
    for (const n of [1, 2, 5, 17]) {
      for (const h of rowEntropy(uniform(n))) expect(h).toBeCloseTo(Math.log(n), 12);
      expect(meanRowEntropy(permutation(Array.from({ length: n }, (_, i) => (i + 1) % n)))).toBe(0);
    }
  });

  it('matches a hand value and ignores zeros', () => {
    const [h] = rowEntropy(matrixFromRows([[0.5, 0.25, 0.25, 0]]));
    expect(h).toBeCloseTo(1.5 * Math.LN2, 14);
  });

  it('rejects negative and non-finite weights', () => {
    expect(() => rowEntropy(matrixFromRows([[1.5, -0.5]]))).toThrow(InvalidInputValueError);
    expect(() => rowEntropy(matrixFromRows([[Number.NaN, 1]]))).toThrow(/entry \(0, 0\) is NaN/);
  });
});

describe('spectralGap', () => {
  it('2x2 chain [[1-a, a], [b, 1-b]] has lambda_2 = 1 - a - b', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, b) => {
          const g = spectralGap(
            matrixFromRows([
              [1 - a, a],
              [b, 1 - b],
            ]),
          );
          expect(g.lambda1).toBeCloseTo(1, 12);
          expect(g.lambda2).toBeCloseTo(Math.abs(1 - a - b), 12);
          expect(g.gap).toBeCloseTo(1 - Math.abs(1 - a - b), 12);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is 0 for permutation matrices (complex unit eigenvalues) and for the identity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer(), (n, seed) => {
        const perm = Array.from({ length: n }, (_, i) => i);
        let s = seed >>> 0;
        for (let i = n - 1; i > 0; i--) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const j = s % (i + 1);
          [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        }
        const g = spectralGap(permutation(perm));
        expect(g.lambda1).toBeCloseTo(1, 9);
        expect(Math.abs(g.gap)).toBeLessThan(1e-9);
      }),
      { numRuns: 60 },
    );
    const cycle = eigenvalues(permutation([1, 2, 0]));
    const args = cycle.map((e) => Math.atan2(e.im, e.re)).sort((x, y) => x - y);
    expect(args[0]).toBeCloseTo((-2 * Math.PI) / 3, 12);
    expect(args[1]).toBeCloseTo(0, 12);
    expect(args[2]).toBeCloseTo((2 * Math.PI) / 3, 12);
  });

  it('is 1 for the all-uniform matrix', () => {
    for (const n of [1, 2, 3, 8]) expect(spectralGap(uniform(n)).gap).toBeCloseTo(1, 12);
  });

  it('eigenvalues of random non-symmetric matrices satisfy sum_i lambda_i^p = trace(A^p)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 81, maxLength: 81 }),
        fc.boolean(),
        (n, values, stochastic) => {
          // General matrices with signed entries have complex pairs; stochastic ones have lambda_1 = 1.
          const m = stochastic
            ? randomStochastic(values, n)
            : { rows: n, cols: n, data: Float64Array.from(values.slice(0, n * n), (x) => 2 * x - 1) };
          const a = Array.from({ length: n }, (_, i) => Array.from(m.data.subarray(i * n, (i + 1) * n)));
          const eig = eigenvalues(m);
          expect(eig).toHaveLength(n);
          let power = a;
          for (let p = 1; p <= n; p++) {
            const trace = power.reduce((s, row, i) => s + row[i]!, 0);
            let re = 0;
            let im = 0;
            let scale = 1;
            for (const e of eig) {
              const r = Math.hypot(e.re, e.im) ** p;
              scale += r;
              const t = Math.atan2(e.im, e.re) * p;
              re += r * Math.cos(t);
              im += r * Math.sin(t);
            }
            expect(Math.abs(re - trace)).toBeLessThan(1e-9 * scale);
            expect(Math.abs(im)).toBeLessThan(1e-9 * scale);
            power = matmul(power, a);
          }
          if (!stochastic) return;
          const g = spectralGap(m);
          expect(g.lambda1).toBeCloseTo(1, 9);
          expect(g.gap).toBeGreaterThan(-1e-9);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects non-square input', () => {
    expect(() => spectralGap(matrixFromRows([[0.5, 0.5]]))).toThrow(ShapeError);
  });
});

describe('logNormalFit', () => {
  it('matches a direct computation of the mean and variance of log P', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 36, maxLength: 36 }),
        (n, values) => {
          const m = randomStochastic(values, n);
          const rows = Array.from({ length: n }, (_, i) => Array.from(m.data.subarray(i * n, (i + 1) * n)));
          rows[0]![0] = 0;
          const logs = rows
            .flat()
            .filter((p) => p > 0)
            .map(Math.log);
          const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
          const variance = logs.reduce((a, x) => a + (x - mean) ** 2, 0) / logs.length;
          const fit = logNormalFit(matrixFromRows(rows));
          expect(fit.count).toBe(logs.length);
          expect(fit.zeros).toBe(1);
          expect(fit.mean).toBeCloseTo(mean, 12);
          expect(fit.variance).toBeCloseTo(variance, 12);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('separates the within-row variance from the pooled one', () => {
    const fit = logNormalFit(
      matrixFromRows([
        [Math.exp(-1), Math.exp(-3)],
        [Math.exp(-5), Math.exp(-7)],
      ]),
    );
    expect(fit.mean).toBeCloseTo(-4, 14);
    expect(fit.variance).toBeCloseTo(5, 14);
    expect(fit.meanRowVariance).toBeCloseTo(1, 14);
  });
});
