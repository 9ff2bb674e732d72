import type { GraphBuilder } from '../../ir/builder.js';
import { parallelInitialState } from '../initial-state.js';
import type { AttentionInputs, FormOutput, StateValues } from '../mechanism.js';
import { checkHeinsenInputs } from './check-inputs.js';
import { heinsenChunked } from './chunked.js';
import { scaledStateValues } from './recurrent.js';
import { outputOf, readScaled, scaledKeySums, withOnesColumn } from './scaled-sums.js';

/**
 * Parallel real-valued Heinsen attention. Causal is the chunked form with one chunk of the whole
 * sequence (dyadic blocks: quadratic, like any parallel attention, and needs a concrete n). Non-causal
 * lets n_q != n_k and symbolic lengths: every query sees every key, so the sums over all keys (one GEMM)
 * read by each query are exact, in O((n_q + n_k) d_k d_v).
 */
/**
 * Chunk size of the causal parallel form over a symbolic length, where one chunk of the whole sequence
 * is not a size the graph can be built for: 64, the size from which the chunk gets the fast path.
 */
export const SYMBOLIC_CAUSAL_CHUNK = 64;

export function heinsenParallel(
  b: GraphBuilder,
  inputs: AttentionInputs,
  options: { readonly causal: boolean; readonly fastPath?: boolean; readonly initialState?: StateValues },
): FormOutput {
  checkHeinsenInputs('parallel', inputs, options.causal);
  const initialState = parallelInitialState('heinsen', options);
  const n = inputs.q.dim(2);
  if (options.causal)
    return heinsenChunked(b, inputs, {
      // One chunk of the whole sequence; a symbolic length runs chunks of SYMBOLIC_CAUSAL_CHUNK.
      chunkSize: typeof n === 'number' ? n : SYMBOLIC_CAUSAL_CHUNK,
      fastPath: options.fastPath,
      ...(initialState ? { initialState } : {}),
    });
  const sums = scaledKeySums(b, inputs.k, withOnesColumn(b, inputs.v));
  const scores = b.add(inputs.q, sums.keyMax);
  const out = outputOf(b, readScaled(b, scores, sums.sums));
  return { out, state: scaledStateValues(b, sums) };
}
