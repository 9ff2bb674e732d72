import { mechanismNames } from '@constant-attention/core';
import { createLanguageModel } from '@constant-attention/model';
import { describe, expect, it } from 'vitest';
import { lmModelSpec, lmPlan, lmRunFolder } from '../src/lm/lm-plan.js';
import { decodeStateBytes } from '../src/lm/lm-run.js';
import { recordKey } from '../src/records/results-file.js';

describe('the lm plan', () => {
  const plan = lmPlan(true);

  it('runs the baselines first (softmax, no attention), then every other mechanism, then heinsen-lm', () => {
    const others = mechanismNames().filter((m) => m !== 'softmax');
    expect(plan.map((p) => p.label)).toEqual([
      'gpt softmax',
      'gpt, no attention',
      ...others.map((m) => `gpt ${m}`),
      'heinsen-lm',
    ]);
    expect(others.length).toBe(mechanismNames().length - 1);
  });

  it('a mechanism list without the baseline keeps its order, after the no-attention run', () => {
    expect(lmPlan(true, ['lln', 'heinsen']).map((p) => p.label)).toEqual([
      'gpt, no attention',
      'gpt lln',
      'gpt heinsen',
      'heinsen-lm',
    ]);
  });

  it('the no-attention run is the gpt preset with attention: false, no mechanism, its own folder', () => {
    const run = plan.find((p) => p.config.attention === false)!;
    const spec = lmModelSpec(run.config);
    expect(spec).toMatchObject({ preset: 'gpt', config: { attention: false, dModel: 64, layers: 2 } });
    expect(spec.preset === 'gpt' && spec.config.mechanism).toBeUndefined();
    const names = createLanguageModel(spec)
      .paramSpecs()
      .map((s) => s.name);
    expect(names.filter((n) => n.includes('.attn.') || n.includes('.ln1.'))).toEqual([]);
    expect(new Set(plan.map((p) => lmRunFolder(p.config))).size).toBe(plan.length);
  });

  it("keeps the other runs' keys (no attention field), so resumed results still match", () => {
    for (const p of plan.filter((r) => r.config.attention !== false))
      expect(recordKey({ task: p.task, seed: p.seed, ...p.config })).not.toContain('attention');
  });

  it('trains heinsen-lm in chunks of 64, as pnpm train does; no other run has a chunk field', () => {
    for (const p of [...plan, ...lmPlan(false)]) {
      if (p.config.preset === 'heinsen-lm') expect(p.config.chunk_size).toBe(64);
      else expect(recordKey({ task: p.task, seed: p.seed, ...p.config })).not.toContain('chunk');
    }
  });

  it('the no-attention decode state is the recurrent position state: d_model floats at any length', () => {
    const run = plan.find((p) => p.config.attention === false)!;
    expect(decodeStateBytes(run.config, 4096)).toBe(4 * 64);
    expect(decodeStateBytes(run.config, 10)).toBe(4 * 64);
  });
});
