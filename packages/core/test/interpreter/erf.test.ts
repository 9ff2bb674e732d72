import { describe, expect, it } from 'vitest';
import { Tensor } from '../../src/index.js';
import { runGraph } from './oracle.js';

// Reference values from high-precision tables (scipy.special.erf / mpmath), correctly rounded float64.
const KNOWN: [number, number][] = [
  [0, 0],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [2, 0.9953222650189527],
  [-3, -0.9999779095030014],
  [0.1, 0.1124629160182849],
  [-1.5, -0.9661051464753108],
  [4, 0.9999999845827421],
];

describe('Erf', () => {
  it('matches known values to a few ulps', () => {
    const x = Tensor.float64(
      KNOWN.map(([v]) => v),
      [KNOWN.length],
    );
    const out = runGraph({ x }, (g, v) => g.erf(v.x!)).toArray();
    KNOWN.forEach(([, expected], i) => {
      expect(Math.abs(out[i]! - expected)).toBeLessThanOrEqual(
        4 * Number.EPSILON * Math.max(Math.abs(expected), 1e-300),
      );
    });
  });

  it('is odd, monotone, within [-1, 1], and saturates without NaN', () => {
    // Monotonicity and |erf| <= 1 catch the rounding drift of the series at large |x|.
    const grid = Array.from({ length: 201 }, (_, i) => i * 0.05);
    const x = Tensor.float64([...grid, ...grid.map((v) => -v)], [2 * grid.length]);
    const out = runGraph({ x }, (g, v) => g.erf(v.x!)).toArray();
    grid.forEach((_, i) => {
      expect(out[grid.length + i]! + out[i]!).toBe(0);
      expect(Math.abs(out[i]!)).toBeLessThanOrEqual(1);
      if (i > 0) expect(out[i]).toBeGreaterThanOrEqual(out[i - 1]!);
    });
    const extremes = Tensor.float64([Number.NEGATIVE_INFINITY, -1e10, 1e10, Number.POSITIVE_INFINITY], [4]);
    expect(runGraph({ x: extremes }, (g, v) => g.erf(v.x!)).toArray()).toEqual([-1, -1, 1, 1]);
  });
});
