import { describe, expect, it } from 'vitest';
import { crossover } from '../../src/report/crossover.js';
import { prefillSample } from '../flags/synthetic-samples.js';

describe('crossover', () => {
  it('finds the first length from which the challenger stays faster, using each side’s best form', () => {
    const samples = [
      prefillSample('softmax', 'parallel', 256, 1),
      prefillSample('softmax', 'chunked', 256, 5),
      prefillSample('softmax', 'parallel', 1024, 10),
      prefillSample('softmax', 'parallel', 4096, 200),
      prefillSample('heinsen', 'parallel', 256, 50),
      prefillSample('heinsen', 'chunked', 256, 3),
      prefillSample('heinsen', 'chunked', 1024, 12),
      prefillSample('heinsen', 'chunked', 4096, 48),
    ];
    expect(crossover(samples, 'heinsen', 'softmax')).toEqual({
      faster_from_n: 4096,
      baseline_wins_at_n: 1024,
    });
  });

  it('reports no crossover when the baseline wins at the longest length', () => {
    const samples = [
      prefillSample('softmax', 'parallel', 256, 10),
      prefillSample('softmax', 'parallel', 1024, 10),
      prefillSample('heinsen', 'chunked', 256, 5),
      prefillSample('heinsen', 'chunked', 1024, 20),
    ];
    expect(crossover(samples, 'heinsen', 'softmax')).toEqual({
      faster_from_n: null,
      baseline_wins_at_n: 1024,
    });
  });

  it('faster everywhere has no baseline-wins length', () => {
    const samples = [
      prefillSample('softmax', 'parallel', 256, 10),
      prefillSample('linear', 'chunked', 256, 1),
    ];
    expect(crossover(samples, 'linear', 'softmax')).toEqual({ faster_from_n: 256, baseline_wins_at_n: null });
  });
});
