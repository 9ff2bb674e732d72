import '@constant-attention/backend-ort';
import { BackendUnavailableError, InvalidArgumentError } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { trainThroughput } from '../src/index.js';

describe('trainThroughput', () => {
  it('times whole training steps on a backend and reports tokens per second', async () => {
    const result = await trainThroughput(
      { backend: 'ort', device: 'cpu' },
      { mechanism: 'linear-elu', layers: 1, dModel: 16, heads: 2, seq: 16, vocab: 32, batch: 2, steps: 2 },
    );
    expect(result.steps).toBe(2);
    expect(result.tokens_per_step).toBe(32);
    expect(result.tokens_per_s).toBeGreaterThan(0);
    expect(result.tokens_per_s).toBeCloseTo((result.tokens_per_step * 1000) / result.step_ms, 6);
    expect(result.compile_ms).toBeGreaterThan(0);
    // After 3 small steps from init the model is still near chance on 32 tokens.
    expect(Math.abs(result.final_loss - Math.log(32))).toBeLessThan(0.5);
  });

  it('reports the median timed step, not the mean', async () => {
    const result = await trainThroughput(
      { backend: 'ort', device: 'cpu' },
      { mechanism: 'linear-elu', layers: 1, dModel: 16, heads: 2, seq: 8, vocab: 16, batch: 1, steps: 3 },
    );
    expect(result.step_ms_samples).toHaveLength(3);
    const middle = [...result.step_ms_samples].sort((a, b) => a - b)[1]!;
    expect(result.step_ms).toBe(middle);
  });

  it('refuses a run with no timed step', async () => {
    await expect(
      trainThroughput({ backend: 'ort', device: 'cpu' }, { mechanism: 'linear-elu', steps: 0 }),
    ).rejects.toThrow(InvalidArgumentError);
  });

  it('passes backend errors through', async () => {
    await expect(
      trainThroughput({ backend: 'ort', device: 'tpu' }, { mechanism: 'softmax' }),
    ).rejects.toThrow(BackendUnavailableError);
  });
});
