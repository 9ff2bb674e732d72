import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@constant-attention/backend-ort';
import {
  type Backend,
  ConstantAttentionError,
  createBackend,
  InvalidArgumentError,
} from '@constant-attention/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LmRunConfig } from '../src/lm/lm-plan.js';
import { runLm } from '../src/lm/lm-run.js';

const tiny: LmRunConfig = {
  preset: 'gpt',
  mechanism: 'softmax',
  d_model: 8,
  layers: 1,
  heads: 2,
  seq: 16,
  batch: 2,
  steps: 8,
  lr: 1e-3,
  eval_tokens: 512,
};

describe('an lm run killed mid-way', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await createBackend({ backend: 'ort', device: 'cpu' });
  });
  afterAll(async () => {
    await backend.dispose();
  });

  it('continues from its checkpoint and ends where an uninterrupted run ends', async () => {
    const whole = await runLm(backend, await mkdtemp(join(tmpdir(), 'lm-whole-')), tiny, 1);

    const out = await mkdtemp(join(tmpdir(), 'lm-resumed-'));
    await expect(runLm(backend, out, tiny, 1, { stopAfter: 3 })).rejects.toThrow(ConstantAttentionError);
    const starts: number[] = [];
    const resumed = await runLm(backend, out, tiny, 1, {
      events: { onStart: ({ startStep }) => starts.push(startStep) },
    });
    expect(starts).toEqual([3]);
    expect(resumed.val_bits_per_byte).toBe(whole.val_bits_per_byte);
    expect(Number.isFinite(resumed.val_bits_per_byte)).toBe(true);
  });

  it("refuses another run's checkpoint in its folder rather than training over it", async () => {
    const out = await mkdtemp(join(tmpdir(), 'lm-other-'));
    await expect(runLm(backend, out, tiny, 1, { stopAfter: 2 })).rejects.toThrow(ConstantAttentionError);
    await expect(runLm(backend, out, { ...tiny, lr: 2e-3 }, 1)).rejects.toThrow(InvalidArgumentError);
    await expect(runLm(backend, out, { ...tiny, lr: 2e-3 }, 1)).rejects.toThrow(/its lr differ/);
  });
});
