import { Tensor } from '../../tensor/tensor.js';
import type { Mechanism } from '../mechanism.js';
import { registerMechanism } from '../registry.js';
import { softmaxAttentionMatrix } from './attention-matrix.js';
import { softmaxChunked } from './chunked.js';
import { softmaxCost } from './cost.js';
import { softmaxNaive } from './naive.js';
import type { SoftmaxOptions } from './options.js';
import { softmaxParallel } from './parallel.js';
import { softmaxStep } from './step.js';

export { softmaxAttentionMatrix } from './attention-matrix.js';
export { softmaxCost, softmaxFlops } from './cost.js';
export type { SoftmaxOptions } from './options.js';

/**
 * Baseline: o_i = sum_j softmax_j(q_i.k_j * scale) v_j, scale = 1/sqrt(dk) by default. The recurrent
 * state is the KV cache {key [b, h, past, dk], value [b, h, past, dv]}, growing by one row per step.
 */
export const softmaxAttention: Mechanism<SoftmaxOptions> = {
  name: 'softmax',
  cost: softmaxCost,
  defaultOptions: {},
  baseline: true,
  naive: softmaxNaive,
  attentionMatrix: softmaxAttentionMatrix,
  // ONNX Attention (opset 23) computes it; the bench times it next to our parallel form.
  peers: { onnxAttention: true },
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
