import { RankError, ShapeError } from '../../errors.js';
import type { GraphBuilder } from '../../ir/builder.js';
import { formatShape } from '../../ir/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import type { HeadDims, StateSpec, StateValues } from '../mechanism.js';
import {
  checkLogInputs,
  type HeinsenLogInputs,
  type HeinsenLogResult,
  type HeinsenLogState,
} from './inputs.js';
import { logOutput } from './log-mass.js';

/**
 * One token (inputs [b, h, 1, d]): H_Z <- logaddexp(H_Z, k), H_S <- logaddexp(H_S, k^T + log v), then
 * log o = LSE_d(q + H_S) - LSE_d(q + H_Z). A single token's [d_k, d_v] is the state itself, so it is
 * summed elementwise, max-shifted, with no GEMM offsets to get wrong. Cost O(d_k d_v) per token.
 */
export function heinsenLogStep(
  b: GraphBuilder,
  state: HeinsenLogState,
  inputs: HeinsenLogInputs,
): HeinsenLogResult {
  checkLogInputs('step', inputs, true);
  const { q, k, logV } = inputs;
  if (q.dim(2) !== 1)
    throw new ShapeError(`heinsen step: inputs must hold one token, got q ${formatShape(q.shape)}`);
  if (state.logHZ.rank !== 3 || state.logHS.rank !== 4)
    throw new RankError(
      `heinsen step: state must be logHZ [b, h, d_k] and logHS [b, h, d_k, d_v]; got ${formatShape(state.logHZ.shape)} and ${formatShape(state.logHS.shape)}`,
    );
  const [batch, heads, dk] = [q.dim(0), q.dim(1), q.dim(3)];
  const logHZ = b.logAddExp(state.logHZ, b.reshape(k, [batch, heads, dk]));
  const logHS = b.logAddExp(state.logHS, b.add(b.reshape(k, [batch, heads, dk, 1]), logV));
  const logN = b.logSumExp(b.add(b.reshape(q, [batch, heads, dk, 1]), logHS), [2], true);
  const logZ = b.logSumExp(b.add(q, b.reshape(logHZ, [batch, heads, 1, dk])), [3], true);
  return { logOut: logOutput(b, { logZ, logN }), state: { logHZ, logHS } };
}

/** The log state's specs: logHZ [b, h, d_k] and logHS [b, h, d_k, valueWidth]. */
export function logStateSpecs(dims: HeadDims, valueWidth: number): StateSpec[] {
  return [
    { name: 'logHZ', dtype: 'float32', shape: [dims.batch, dims.heads, dims.dk] },
    { name: 'logHS', dtype: 'float32', shape: [dims.batch, dims.heads, dims.dk, valueWidth] },
  ];
}

/** The state before any token: log 0 = -inf everywhere. */
export function emptyLogState(batch: number, heads: number, dk: number, valueWidth: number) {
  return {
    logHZ: Tensor.full([batch, heads, dk], Number.NEGATIVE_INFINITY),
    logHS: Tensor.full([batch, heads, dk, valueWidth], Number.NEGATIVE_INFINITY),
  };
}

export function asLogState(state: StateValues): HeinsenLogState {
  return { logHZ: state.logHZ!, logHS: state.logHS! };
}
