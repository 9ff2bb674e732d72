import { InvalidArgumentError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { fromChunks, planChunks, toChunks } from '../common/chunks.js';
import type { AttentionInputs, FormOutput, StateValues } from '../mechanism.js';
import { chunkStartStates } from './chunk-start-states.js';
import { decayMask, decayPowers, logGammas, tokensAfter } from './decay.js';
import { type RetentionOptions, retentionGammas, retentionScale } from './options.js';
import { sequenceState } from './state.js';

/**
 * RetNet's chunkwise form. Inside a chunk of C tokens the decay is folded into the C x C mask,
 * ((s Q K^T) * D_C) V; across chunks query i (local index) reads the state before its chunk,
 * decayed by gamma^(i+1): s q_i gamma^(i+1) S_prev. The states before the chunks come from each
 * chunk's own sum_j gamma^(C-1-j) k_j^T v_j by a scan with gamma^C per chunk (chunk-start-states.ts).
 * Live memory is O(n (C + dk + dv) + (n / C) dk dv); nothing of size n dk dv is formed.
 */
export function retentionChunked(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: RetentionOptions & { readonly chunkSize: number; readonly initialState?: StateValues },
): FormOutput & { readonly state: StateValues } {
  const plan = planChunks('retention', q.dim(2), options.chunkSize);
  const gammas = retentionGammas(options, q.dim(1));
  const initial = options.initialState && initialS(options.initialState);
  const logGamma = logGammas(b, gammas);
  // The chunk axis sits between heads and tokens, so per-head constants gain one axis.
  const logGammaChunks = b.reshape(logGamma, [1, gammas.length, 1, 1, 1]);
  const C = plan.size;
  const Q = toChunks(b, b.mul(q, retentionScale(options, q.dim(3))), plan);
  const K = toChunks(b, k, plan);
  const V = toChunks(b, v, plan);

  const mask = b.reshape(decayMask(b, logGamma, C, C, true), [1, gammas.length, 1, C, C]);
  const intra = b.matmul(b.mul(b.matmul(Q, b.transposeLast2(K)), mask), V);

  const toChunkEnd = decayPowers(b, logGammaChunks, b.reshape(tokensAfter(b, C), [C, 1]));
  const own = b.matmul(b.transposeLast2(b.mul(K, toChunkEnd)), V);
  const starts = chunkStartStates(b, own, logGammaChunks, plan, initial);
  const positions = b.constant(
    Array.from({ length: C }, (_, i) => i + 1),
    [C, 1],
  );
  const cross = b.mul(b.matmul(Q, starts), decayPowers(b, logGammaChunks, positions));

  const out = fromChunks(b, b.add(intra, cross), plan);
  // The padded last chunk would decay the state too far, so the final state sums the real tokens.
  return { out, state: { S: sequenceState(b, logGamma, k, v, initial) } };
}

function initialS(state: StateValues): Value {
  if (!state.S) {
    throw new InvalidArgumentError(
      `retention: the initial state has no 'S' (got ${Object.keys(state).join(', ') || 'nothing'})`,
    );
  }
  return state.S;
}
