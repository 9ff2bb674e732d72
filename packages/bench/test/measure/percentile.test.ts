import { describe, expect, it } from 'vitest';
import { percentile } from '../../src/measure/percentile.js';

describe('percentile', () => {
  it('interpolates linearly between ranks (numpy default), by hand', () => {
    const sorted = [1, 2, 3, 4, 10];
    // position = p * (5 - 1)
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 0.5)).toBe(3);
    expect(percentile(sorted, 1)).toBe(10);
    expect(percentile(sorted, 0.1)).toBeCloseTo(1.4, 12); // 0.4 of the way from 1 to 2
    expect(percentile(sorted, 0.9)).toBeCloseTo(7.6, 12); // 0.6 of the way from 4 to 10
  });

  it('a single sample is every percentile; no samples is NaN', () => {
    expect(percentile([5], 0.1)).toBe(5);
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([], 0.5)).toBeNaN();
  });
});
