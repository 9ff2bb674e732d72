import { llnFamilyMechanism } from '../lln/lln-family-mechanism.js';
import type { LlnOptions } from '../lln/options.js';
import { STREAMING_SCALES } from '../lln/streaming-scales.js';
import type { Mechanism } from '../mechanism.js';
import { registerMechanism } from '../registry.js';
import { llnDiagAttentionMatrix } from './attention-matrix.js';
import { llnDiagCost } from './cost.js';
import { llnDiagNaive } from './naive.js';
import { llnDiagChunked, llnDiagParallelParts } from './parallel.js';
import { llnDiagEmptyStateValues, llnDiagInitialState, llnDiagStateSpecs, llnDiagStep } from './recurrent.js';

export { llnDiagAttentionMatrix } from './attention-matrix.js';
export { blockDiagSoftmax, blockDiagSoftmaxWeights } from './block-diag-softmax.js';
export { blockDiagStep, lastBlockState } from './block-state.js';
export { diagBlockSize, type LlnDiagParts, llnDiagChunked, llnDiagParallelParts } from './parallel.js';
export { llnDiagEmptyStateValues, llnDiagInitialState, llnDiagStateSpecs, llnDiagStep };

/** The reference builds LLNSelfAttention (and so LLNPlusDiagAttention) with eps = 1e-5. */
export const LLN_DIAG_DEFAULT_EPS = 1e-5;

/**
 * LLN + diagonal-block softmax, averaged (the reference's LLNPlusDiagAttention, mode 'average').
 * Blocks hold d = d_k consecutive tokens and are causal inside in the causal forms.
 */
export const llnDiagAttention: Mechanism<LlnOptions> = llnFamilyMechanism({
  name: 'lln-diag',
  cost: llnDiagCost,
  defaultEps: LLN_DIAG_DEFAULT_EPS,
  parallelParts: llnDiagParallelParts,
  chunked: llnDiagChunked,
  stateSpecs: (dims) => llnDiagStateSpecs(dims),
  initialState: llnDiagInitialState,
  emptyState: llnDiagEmptyStateValues,
  step: llnDiagStep,
  naive: llnDiagNaive,
  attentionMatrix: llnDiagAttentionMatrix,
  // lln's alpha and beta need freezing to stream; the block-diagonal part streams as it is.
  conformance: { streaming: { scales: STREAMING_SCALES } },
});

registerMechanism(llnDiagAttention);
