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

describe('report number formats', () => {
  it('formats percentages, ratios, bytes and milliseconds for the tables', async () => {
    const { formatBytes, formatMs, formatPercent, formatRatio } = await import('../../src/report/format.js');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(2.2)).toBe('220%');
    expect(formatPercent(0.0083)).toBe('0.83%');
    expect(formatRatio(7.26)).toBe('7.3x');
    expect(formatRatio(1330.4)).toBe('1330x');
    expect(formatBytes(131072)).toBe('128 KiB');
    expect(formatBytes(268435456)).toBe('256 MiB');
    expect(formatBytes(100)).toBe('100 B');
    expect(formatMs(1979.7)).toBe('1980');
    expect(formatMs(0.347)).toBe('0.35');
  });
});
