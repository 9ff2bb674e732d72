import { baselineMechanism, mechanismNames } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { mqarPlan } from '../src/mqar/mqar-plan.js';

const cell = (run: { config: { mechanism: string; seq: number; d_model: number } }) =>
  `${run.config.mechanism} ${run.config.seq} ${run.config.d_model}`;

describe('the mqar plan', () => {
  const baseline = baselineMechanism()!.name;
  const mechanisms = mechanismNames().length;

  it('quick: the baseline on (64, 4) first, then the (128, 8) runs, then the other (64, 4) runs', () => {
    const plan = mqarPlan({ quick: true });
    expect(plan).toHaveLength(2 * mechanisms);
    expect(cell(plan[0]!)).toBe(`${baseline} 64 64`);
    expect(plan.slice(1, 1 + mechanisms).every((r) => r.config.seq === 128)).toBe(true);
    expect(plan.slice(1 + mechanisms).every((r) => r.config.seq === 64)).toBe(true);
    expect(cell(plan[1]!)).toBe(`${baseline} 128 64`);
    expect(new Set(plan.map(cell)).size).toBe(plan.length);
  });

  it('full: task by task, smallest first, the baseline first in each, every lr of a cell together', () => {
    const plan = mqarPlan({ quick: false });
    expect(plan).toHaveLength(3 * 3 * 4 * mechanisms);
    const sizes = plan.map((r) => [r.config.seq, r.config.d_model] as const);
    sizes.forEach((size, i) => {
      if (i > 0)
        expect(size[0] * 1000 + size[1]).toBeGreaterThanOrEqual(sizes[i - 1]![0] * 1000 + sizes[i - 1]![1]);
    });
    expect(plan.slice(0, 4).map(cell)).toEqual(Array(4).fill(`${baseline} 64 64`));
  });
});
