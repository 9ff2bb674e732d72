import type { GraphBuilder } from '../../ir/builder.js';
import { fromChunks, planChunks, toChunks } from '../common/chunks.js';
import { causalMass } from './causal-mass.js';
import {
  checkLogInputs,
  type HeinsenLogInputs,
  type HeinsenLogResult,
  type HeinsenLogState,
} from './inputs.js';
import { addMass, keySums, logOutput, stateMass } from './log-mass.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

export interface HeinsenLogChunkedOptions {
  readonly chunkSize: number;
  /** State of an earlier prefix to continue from; empty (-inf) when absent. */
  readonly initialState?: HeinsenLogState;
}

/**
 * Causal chunked log-space Heinsen attention for any n (the tail chunk is padded with keys of -inf and
 * sliced off). Per chunk: the keys' log sums (one GEMM, [d_k, d_v]); an exclusive log-cumsum-exp over
 * the chunk axis gives each chunk's prefix state ((n/C) d_k d_v in all); queries read that state with
 * stateMass and their own chunk with causalMass (C x C). Nothing holds n d_k d_v.
 */
export function heinsenLogChunked(
  b: GraphBuilder,
  inputs: HeinsenLogInputs,
  options: HeinsenLogChunkedOptions,
): HeinsenLogResult {
  checkLogInputs('chunked', inputs, true);
  const { q, k, logV } = inputs;
  const plan = planChunks('heinsen chunked', q.dim(2), options.chunkSize, { fitToLength: true });
  const [batch, heads] = [q.dim(0), q.dim(1)];
  const dk = q.dim(3);
  const qc = toChunks(b, q, plan);
  const kc = toChunks(b, k, plan, NEG_INF);
  const vc = toChunks(b, logV, plan, NEG_INF);

  const sums = keySums(b, kc, vc);
  let mass = causalMass(b, qc, kc, vc);
  const initial = options.initialState && {
    logHZ: b.reshape(options.initialState.logHZ, [batch, heads, 1, 1, dk]),
    logHS: b.reshape(options.initialState.logHS, [batch, heads, 1, dk, logV.dim(3)]),
  };
  if (typeof plan.count !== 'number' || plan.count > 1 || initial) {
    let prevHZ = b.logCumSumExp(sums.logHZ, 2, { exclusive: true });
    let prevHS = b.logCumSumExp(sums.logHS, 2, { exclusive: true });
    if (initial) {
      prevHZ = b.logAddExp(prevHZ, initial.logHZ);
      prevHS = b.logAddExp(prevHS, initial.logHS);
    }
    mass = addMass(b, mass, stateMass(b, qc, prevHZ, prevHS));
  }
  const logOut = fromChunks(b, logOutput(b, mass), plan);

  let logHZ = b.reshape(b.logSumExp(sums.logHZ, [2]), [batch, heads, dk]);
  let logHS = b.logSumExp(sums.logHS, [2]);
  if (options.initialState) {
    logHZ = b.logAddExp(logHZ, options.initialState.logHZ);
    logHS = b.logAddExp(logHS, options.initialState.logHS);
  }
  return { logOut, state: { logHZ, logHS } };
}
