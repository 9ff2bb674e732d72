import type { Mechanism } from '../mechanism.js';
import { registerMechanism } from '../registry.js';
import { llnAttentionMatrix } from './attention-matrix.js';
import { llnChunked } from './chunked.js';
import { llnCost } from './cost.js';
import { llnEmptyStateValues } from './initial-state.js';
import { llnFamilyMechanism } from './lln-family-mechanism.js';
import { llnNaive } from './naive.js';
import { LLN_DEFAULT_EPS, type LlnOptions } from './options.js';
import { llnParallelParts } from './parallel.js';
import { llnInitialState, llnStateSpecs, llnStep } from './recurrent.js';
import { STREAMING_SCALES } from './streaming-scales.js';

export { causalMask } from '../common/causal-mask.js';
export { llnAttentionMatrix } from './attention-matrix.js';
export { llnCost } from './cost.js';
export { decayMatrix, prefixMax, queryFeatures } from './feature-maps.js';
export { llnEmptyStateValues } from './initial-state.js';
export {
  LLN_A,
  LLN_B,
  LLN_MIN_STD,
  type LlnScaleValues,
  momentMatchedScales,
  resolveScales,
  tensorStd,
} from './moment-matching.js';
export { LLN_DEFAULT_EPS, type LlnOptions, type LlnScales } from './options.js';
export { finalLlnState, type LlnParallelParts, llnParallelParts } from './parallel.js';
export { llnChunked, llnInitialState, llnStateSpecs, llnStep };

/** Linear Log-Normal attention (Nahshan et al., 2023); see README.md for the causal definition. */
export const llnAttention: Mechanism<LlnOptions> = llnFamilyMechanism({
  name: 'lln',
  cost: llnCost,
  defaultEps: LLN_DEFAULT_EPS,
  parallelParts: llnParallelParts,
  chunked: llnChunked,
  stateSpecs: (dims) => llnStateSpecs(dims),
  initialState: (dims, options) => llnInitialState('lln', dims, options),
  emptyState: llnEmptyStateValues,
  step: llnStep,
  naive: llnNaive,
  attentionMatrix: llnAttentionMatrix,
  conformance: { streaming: { scales: STREAMING_SCALES } },
});

registerMechanism(llnAttention);
