import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import { fromChunks, planChunks, toChunks } from '../common/chunks.js';
import type { AttentionInputs, StateValues } from '../mechanism.js';
import { decayMatrix, prefixMax, queryFeatures } from './feature-maps.js';
import { llnInitialStateValues, pastWeight } from './initial-state.js';
import { resolveScales } from './moment-matching.js';
import type { LlnOptions } from './options.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * Causal LLN in chunks of C tokens, the same function as the causal parallel form. Keys are shifted
 * by the running max m_i; within a chunk that is a [C, C] decay tile, across chunks each chunk's
 * state is kept relative to the running max at its end, P_c, and earlier chunk states are rescaled by
 * exp(P_c' - P_{c-1}) <= 1 in one [chunks, chunks] matmul. Memory O(n d + (n/C) d_k d_v).
 * An initial state (S0, z0 relative to m0) is the chunk before chunk 0: m0 enters every running max,
 * and its sums reach chunk c scaled by exp(m0 - P_{c-1}) <= 1. Its alpha and beta are the scales.
 */
export function llnChunked(
  b: GraphBuilder,
  { q, k, v }: AttentionInputs,
  options: LlnOptions & { readonly chunkSize: number; readonly initialState?: StateValues },
): { readonly out: Value; readonly state: StateValues } {
  const [batch, heads] = [q.dim(0), q.dim(1)];
  const plan = planChunks('lln', q.dim(2), options.chunkSize);
  // A symbolic length gives a symbolic chunk count: every step below is per chunk or one [chunks,
  // chunks] matmul, so nothing unrolls over the chunks.
  const chunks = plan.count;
  const initial = options.initialState && llnInitialStateValues(options.initialState);
  const scales = initial?.scales ?? resolveScales(b, q, k, options.scales);
  const withPast = (max: Value) => (initial ? b.maximum(max, initial.m) : max);
  const queries = toChunks(b, queryFeatures(b, q, scales.alpha), plan);
  // Padded keys are -inf after scaling, so they weigh exactly 0 and never raise a max.
  const scaledKeys = toChunks(b, b.mul(k, scales.beta), plan, NEG_INF);
  const values = toChunks(b, v, plan);

  const tokenMax = b.reduceMax(scaledKeys, [4], true);
  const chunkMax = b.reshape(b.reduceMax(tokenMax, [3, 4]), [batch, heads, chunks, 1]);
  const maxBefore = withPast(prefixMax(b, chunkMax, true));
  const maxThrough = withPast(prefixMax(b, chunkMax));
  const asTile = (x: Value) => b.reshape(x, [batch, heads, chunks, 1, 1]);
  const runningMax = b.maximum(asTile(maxBefore), prefixMax(b, tokenMax));

  const keys = b.exp(b.sub(scaledKeys, runningMax));
  const weights = b.mul(b.matmul(queries, b.transposeLast2(keys)), decayMatrix(b, runningMax));
  const intraNum = b.matmul(weights, values);
  const intraDen = b.reduceSum(weights, [4], true);

  const keysAtChunkEnd = b.exp(b.sub(scaledKeys, asTile(maxThrough)));
  const chunkS = b.matmul(b.transposeLast2(keysAtChunkEnd), values);
  const chunkZ = b.reduceSum(keysAtChunkEnd, [3]);
  const dk = q.dim(3) as number;
  const dv = v.dim(3) as number;
  const flatS = b.reshape(chunkS, [batch, heads, chunks, dk * dv]);
  const carry = b.exp(
    b.where(causalMask(b, chunks, true), b.sub(b.transposeLast2(maxThrough), maxBefore), NEG_INF),
  );
  let stateBefore = b.reshape(b.matmul(carry, flatS), [batch, heads, chunks, dk, dv]);
  let zBefore = b.reshape(b.matmul(carry, chunkZ), [batch, heads, chunks, 1, dk]);
  if (initial) {
    const weight = asTile(pastWeight(b, initial.m, maxBefore));
    stateBefore = b.add(stateBefore, b.mul(weight, b.reshape(initial.S, [batch, heads, 1, dk, dv])));
    zBefore = b.add(zBefore, b.mul(weight, b.reshape(initial.z, [batch, heads, 1, 1, dk])));
  }
  const rescale = b.exp(b.sub(asTile(maxBefore), runningMax));
  const interNum = b.mul(b.matmul(queries, stateBefore), rescale);
  const interDen = b.mul(b.reduceSum(b.mul(queries, zBefore), [4], true), rescale);

  const out = b.div(b.add(intraNum, interNum), b.add(b.add(intraDen, interDen), options.eps));

  // maxThrough never decreases along the chunks, so its max is the last chunk's (whatever their count).
  const finalMax = b.reduceMax(maxThrough, [2], true);
  const toFinal = b.exp(b.sub(maxThrough, finalMax));
  const headShape = [batch, heads, 1, 1];
  let S = b.reduceSum(b.mul(chunkS, asTile(toFinal)), [2]);
  let z = b.reshape(b.matmul(b.transposeLast2(toFinal), chunkZ), [batch, heads, 1, dk]);
  if (initial) {
    const weight = pastWeight(b, initial.m, finalMax);
    S = b.add(S, b.mul(weight, initial.S));
    z = b.add(z, b.mul(weight, initial.z));
  }
  return {
    out: fromChunks(b, out, plan),
    state: {
      S,
      z,
      m: finalMax,
      alpha: b.expand(scales.alpha, headShape),
      beta: b.expand(scales.beta, headShape),
    },
  };
}
