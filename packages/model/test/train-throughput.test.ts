import '@constant-attention/backend-ort';
import { BackendUnavailableError } from '@constant-attention/core';
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
    // After 3 small steps from init the model is still near chance on 32 tokens.
    expect(Math.abs(result.final_loss - Math.log(32))).toBeLessThan(0.5);
  });

  it('passes backend errors through', async () => {
    await expect(
      trainThroughput({ backend: 'ort', device: 'tpu' }, { mechanism: 'softmax' }),
    ).rejects.toThrow(BackendUnavailableError);
  });
});
