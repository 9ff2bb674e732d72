import type { GraphBuilder } from '../../ir/builder.js';
import { heinsenLogChunked } from './chunked.js';
import { checkLogInputs, type HeinsenLogInputs, type HeinsenLogResult } from './inputs.js';
import { keyBlockMass, keySums, logOutput } from './log-mass.js';

/**
 * Parallel log-space Heinsen attention: log o_i = LSE_d(q_i + H_S) - LSE_d(q_i + H_Z). Non-causal allows
 * n_q != n_k and is one exactly shifted GEMM pair. Causal is the chunked form with a single chunk of
 * the whole sequence (dyadic blocks, quadratic like any parallel attention, never [n, d_k, d_v]); a
 * symbolic n runs chunks of SYMBOLIC_CAUSAL_CHUNK instead.
 */
export const SYMBOLIC_CAUSAL_CHUNK = 64;

export function heinsenLogParallel(
  b: GraphBuilder,
  inputs: HeinsenLogInputs,
  options: { readonly causal: boolean },
): HeinsenLogResult {
  checkLogInputs('parallel', inputs, options.causal);
  const n = inputs.q.dim(2);
  if (options.causal)
    return heinsenLogChunked(b, inputs, { chunkSize: typeof n === 'number' ? n : SYMBOLIC_CAUSAL_CHUNK });
  const { q, k, logV } = inputs;
  const sums = keySums(b, k, logV);
  return {
    logOut: logOutput(b, keyBlockMass(b, q, k, logV)),
    state: { logHZ: b.reshape(sums.logHZ, [q.dim(0), q.dim(1), q.dim(3)]), logHS: sums.logHS },
  };
}
