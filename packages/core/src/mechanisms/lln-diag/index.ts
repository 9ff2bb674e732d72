import { llnFamilyMechanism } from '../lln/lln-family-mechanism.js';
import type { LlnOptions } from '../lln/options.js';
import type { Mechanism } from '../mechanism.js';
import { registerMechanism } from '../registry.js';
import { llnDiagChunked, llnDiagParallelParts } from './parallel.js';
import { llnDiagInitialState, llnDiagStateSpecs, llnDiagStep } from './recurrent.js';

export { blockDiagSoftmax, blockDiagSoftmaxWeights } from './block-diag-softmax.js';
export { blockDiagStep, lastBlockState } from './block-state.js';
export { diagBlockSize, type LlnDiagParts, llnDiagChunked, llnDiagParallelParts } from './parallel.js';
export { llnDiagInitialState, llnDiagStateSpecs, llnDiagStep };

/** The reference builds LLNSelfAttention (and so LLNPlusDiagAttention) with eps = 1e-5. */
export const LLN_DIAG_DEFAULT_EPS = 1e-5;

/**
 * LLN + diagonal-block softmax, averaged (the reference's LLNPlusDiagAttention, mode 'average').
 * Blocks hold d = d_k consecutive tokens and are causal inside in the causal forms.
 */
export const llnDiagAttention: Mechanism<LlnOptions> = llnFamilyMechanism({
  name: 'lln-diag',
  cost: {
    parallelTime: 'O(n d_k (d_k + d_v)) non-causal, O(n^2 d) causal',
    stepTime: 'O(d_k d_v)',
    stateSize: 'O(d_k (d_k + d_v))',
  },
  defaultEps: LLN_DIAG_DEFAULT_EPS,
  parallelParts: llnDiagParallelParts,
  chunked: llnDiagChunked,
  stateSpecs: (dims) => llnDiagStateSpecs(dims),
  initialState: llnDiagInitialState,
  step: llnDiagStep,
});

registerMechanism(llnDiagAttention);
