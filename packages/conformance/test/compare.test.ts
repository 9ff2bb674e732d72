import { Tensor } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { compareTensors, scaledError } from '../src/golden/compare.js';

const t = (values: number[]) => Tensor.float64(values, [values.length]);
const NEG_INF = Number.NEGATIVE_INFINITY;

describe('compareTensors', () => {
  it('passes identical tensors with zero error', () => {
    const outcome = compareTensors(t([1, -2, 3.5]), t([1, -2, 3.5]), { rel: 1e-12 });
    expect(outcome).toEqual({ pass: true, maxAbsErr: 0, maxRelErr: 0 });
  });

  it('scales the bound by max(1, |e|): absolute near zero, relative for large values', () => {
    // |e| = 1000: an error of 0.05 is 5e-5 relative, inside 1e-4.
    expect(compareTensors(t([1000.05]), t([1000]), { rel: 1e-4 }).pass).toBe(true);
    // |e| = 1000: an error of 0.2 is 2e-4 relative, outside.
    expect(compareTensors(t([1000.2]), t([1000]), { rel: 1e-4 }).pass).toBe(false);
    // |e| = 1e-3 < 1: the bound is absolute, so 5e-5 passes although it is 5% of e.
    expect(compareTensors(t([1.05e-3]), t([1e-3]), { rel: 1e-4 }).pass).toBe(true);
    expect(compareTensors(t([1.2e-3]), t([1e-3]), { rel: 1e-4 }).pass).toBe(false);
  });

  it('reports the largest absolute and scaled errors', () => {
    const outcome = compareTensors(t([0.5, 2000.5, 10]), t([0.25, 2000, 10]), { rel: 1 });
    expect(outcome.pass).toBe(true);
    expect(outcome.maxAbsErr).toBe(0.5);
    expect(outcome.maxRelErr).toBe(0.25);
    expect(scaledError(2000.5, 2000)).toBe(0.5 / 2000);
  });

  it('requires expected -inf to be matched exactly by -inf', () => {
    expect(compareTensors(t([NEG_INF, 1]), t([NEG_INF, 1]), { rel: 1e-12 }).pass).toBe(true);
    const almost = compareTensors(t([-1e300, 1]), t([NEG_INF, 1]), { rel: 1 });
    expect(almost.pass).toBe(false);
    expect(almost.failure).toContain('-Infinity');
    expect(almost.failure).toContain('[0]');
    expect(compareTensors(t([NEG_INF]), t([-5]), { rel: 1 }).pass).toBe(false);
  });

  it('fails on NaN in actual or expected, however loose the tolerance', () => {
    const actualNaN = compareTensors(t([1, Number.NaN]), t([1, 2]), { rel: 1e9 });
    expect(actualNaN.pass).toBe(false);
    expect(actualNaN.failure).toContain('NaN');
    expect(actualNaN.failure).toContain('[1]');
    expect(compareTensors(t([1, 2]), t([1, Number.NaN]), { rel: 1e9 }).pass).toBe(false);
    expect(compareTensors(t([Number.NaN]), t([Number.NaN]), { rel: 1e9 }).pass).toBe(false);
  });

  it('fails on +inf, even when both sides hold it', () => {
    const inf = Number.POSITIVE_INFINITY;
    expect(compareTensors(t([inf]), t([1]), { rel: 1e9 }).pass).toBe(false);
    expect(compareTensors(t([inf]), t([inf]), { rel: 1e9 }).pass).toBe(false);
    expect(compareTensors(t([1]), t([inf]), { rel: 1e9 }).pass).toBe(false);
  });

  it('fails on a shape mismatch and names both shapes', () => {
    const outcome = compareTensors(Tensor.float64([1, 2], [2, 1]), Tensor.float64([1, 2], [1, 2]), {
      rel: 1,
    });
    expect(outcome.pass).toBe(false);
    expect(outcome.failure).toContain('[2, 1]');
    expect(outcome.failure).toContain('[1, 2]');
  });

  it('names the multi-dimensional index of the first offending entry', () => {
    const expected = Tensor.float64([0, 0, 0, 0, 0, 0], [2, 3]);
    const actual = Tensor.float64([0, 0, 0, 0, 0.5, 0], [2, 3]);
    expect(compareTensors(actual, expected, { rel: 1e-3 }).failure).toContain('[1, 1]');
  });

  it('accepts float32 storage against float64 expectations', () => {
    const expected = t([0.1, 1 / 3]);
    const actual = Tensor.float32([0.1, 1 / 3], [2]);
    expect(compareTensors(actual, expected, { rel: 1e-7 }).pass).toBe(true);
    expect(compareTensors(actual, expected, { rel: 1e-12 }).pass).toBe(false);
  });
});
