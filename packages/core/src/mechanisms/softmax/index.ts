import { Tensor } from '../../tensor/tensor.js';
import type { Mechanism } from '../mechanism.js';
import { registerMechanism } from '../registry.js';
import { softmaxChunked } from './chunked.js';
import type { SoftmaxOptions } from './options.js';
import { softmaxParallel } from './parallel.js';
import { softmaxStep } from './step.js';

export type { SoftmaxOptions } from './options.js';

/**
 * Baseline: o_i = sum_j softmax_j(q_i.k_j * scale) v_j, scale = 1/sqrt(dk) by default. The recurrent
 * state is the KV cache {key [b, h, past, dk], value [b, h, past, dv]}, growing by one row per step.
 */
export const softmaxAttention: Mechanism<SoftmaxOptions> = {
  name: 'softmax',
  cost: { parallelTime: 'O(n^2 (dk + dv))', stepTime: 'O(t (dk + dv))', stateSize: 'O(t (dk + dv))' },
  defaultOptions: {},
  parallel: softmaxParallel,
  chunked: softmaxChunked,
  continuesFromState: true,
  parallelContinuesFromState: true,
  stateSpecs(dims) {
    return [
      { name: 'key', dtype: 'float32', shape: [dims.batch, dims.heads, 'past', dims.dk] },
      { name: 'value', dtype: 'float32', shape: [dims.batch, dims.heads, 'past', dims.dv] },
    ];
  },
  initialState(dims) {
    return {
      key: Tensor.zeros([dims.batch, dims.heads, 0, dims.dk]),
      value: Tensor.zeros([dims.batch, dims.heads, 0, dims.dv]),
    };
  },
  step: softmaxStep,
};

registerMechanism(softmaxAttention);
