import { createBackend, getMechanism } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { BENCH_DIMS } from '../../src/workload/attention-dims.js';
import { attentionInputs } from '../../src/workload/attention-inputs.js';
import { contextState, stateGrows } from '../../src/workload/context-state.js';

const { heads, dk, dv } = BENCH_DIMS;

// The float64 reference backend runs the same code path as ort/tfjs (compile, keepOnDevice, upload).
describe('contextState', () => {
  it('softmax: the resident KV cache is exactly the n prefix keys and values', async () => {
    const backend = await createBackend({ backend: 'reference' });
    const softmax = getMechanism('softmax');
    const specs = softmax.stateSpecs(BENCH_DIMS, softmax.defaultOptions);
    expect(stateGrows(specs)).toBe(true);
    const context = await contextState(backend, softmax, specs, 5, 1);
    const prefix = attentionInputs(5, 7);
    expect(context.prefixTokens).toBe(5); // the cap does not apply: the cache is the prefix itself
    expect([...(await context.state.key!.read()).data]).toEqual([...prefix.k.data]);
    expect([...(await context.state.value!.read()).data]).toEqual([...prefix.v.data]);
    expect(context.stateBytes).toBe(2 * heads * 5 * dk * 4);
  });

  it('linear: the state is sum_j k_j v_j^T over a real prefix, capped at prefixCap tokens', async () => {
    const backend = await createBackend({ backend: 'reference' });
    const linear = getMechanism('linear');
    const specs = linear.stateSpecs(BENCH_DIMS, linear.defaultOptions);
    expect(stateGrows(specs)).toBe(false);
    const context = await contextState(backend, linear, specs, 4096, 3);
    expect(context.prefixTokens).toBe(3);
    expect(context.stateBytes).toBe(heads * dk * dv * 4);
    const { k, v } = attentionInputs(3, 7);
    const S = (await context.state.S!.read()).data;
    // Plain float64 loops over the same seeded prefix.
    for (const [h, i, j] of [
      [0, 0, 0],
      [3, 17, 42],
      [7, 63, 63],
    ] as const) {
      let expected = 0;
      for (let t = 0; t < 3; t++) expected += k.data[(h * 3 + t) * dk + i]! * v.data[(h * 3 + t) * dv + j]!;
      expect(S[(h * dk + i) * dv + j]).toBeCloseTo(expected, 5);
    }
  });
});
