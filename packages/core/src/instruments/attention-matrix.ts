import { InvalidArgumentError } from '../errors.js';
import { evaluate } from '../interpreter/evaluate.js';
import { GraphBuilder, type Value } from '../ir/builder.js';
import { causalMask } from '../mechanisms/common/causal-mask.js';
import { decayMatrix, prefixMax, queryFeatures } from '../mechanisms/lln/feature-maps.js';
import { resolveScales } from '../mechanisms/lln/moment-matching.js';
import type { LlnScales } from '../mechanisms/lln/options.js';
import { blockDiagSoftmaxWeights } from '../mechanisms/lln-diag/block-diag-softmax.js';
import type { Tensor } from '../tensor/tensor.js';

export interface LlnMatrixOptions {
  readonly causal: boolean;
  readonly eps: number;
  readonly scales?: LlnScales;
}

/**
 * The [b, h, n_q, n_k] matrix P with lln's out = P v: P_ij = W_ij / (sum_j W_ij + eps), with the
 * same shifts and scales as the mechanism (README.md), so rows sum to 1 - eps/(sum_j W_ij + eps).
 */
export function llnAttentionMatrix(b: GraphBuilder, q: Value, k: Value, options: LlnMatrixOptions): Value {
  const scales = resolveScales(b, q, k, options.scales);
  const queries = queryFeatures(b, q, scales.alpha);
  const scaledKeys = b.mul(k, scales.beta);
  let weights: Value;
  if (options.causal) {
    const runningMax = prefixMax(b, b.reduceMax(scaledKeys, [3], true));
    const keys = b.exp(b.sub(scaledKeys, runningMax));
    weights = b.mul(b.matmul(queries, b.transposeLast2(keys)), decayMatrix(b, runningMax));
  } else {
    const keys = b.exp(b.sub(scaledKeys, b.reduceMax(scaledKeys, [2, 3], true)));
    weights = b.matmul(queries, b.transposeLast2(keys));
  }
  return b.div(weights, b.add(b.reduceSum(weights, [3], true), options.eps));
}

export interface SoftmaxMatrixOptions {
  readonly causal: boolean;
  /** Score scale; defaults to 1/sqrt(d_k). */
  readonly scale?: number;
}

/** softmax(q k^T * scale) with an optional causal mask: the baseline the paper compares against. */
export function softmaxAttentionMatrix(
  b: GraphBuilder,
  q: Value,
  k: Value,
  options: SoftmaxMatrixOptions,
): Value {
  const scale = options.scale ?? 1 / Math.sqrt(q.dim(3) as number);
  const scores = b.mul(b.matmul(q, b.transposeLast2(k)), scale);
  if (!options.causal) return b.softmax(scores, -1);
  return b.softmax(b.where(causalMask(b, q.dim(2)), scores, Number.NEGATIVE_INFINITY), -1);
}

/** lln-diag's matrix: 0.5 * (lln's P + the block-diagonal softmax weights, blocks of d_k tokens). */
export function llnDiagAttentionMatrix(
  b: GraphBuilder,
  q: Value,
  k: Value,
  options: LlnMatrixOptions,
): Value {
  if (q.dim(2) !== k.dim(2)) {
    throw new InvalidArgumentError(
      `llnDiagAttentionMatrix: needs n_q == n_k, got ${String(q.dim(2))} and ${String(k.dim(2))}`,
    );
  }
  const lln = llnAttentionMatrix(b, q, k, options);
  const diag = blockDiagSoftmaxWeights(b, q, k, q.dim(3) as number, options.causal);
  return b.mul(b.add(lln, diag), 0.5);
}

export type AttentionMatrixKind = 'lln' | 'lln-diag' | 'softmax';

/**
 * Host helper for the instruments: the full attention matrix [b, h, n_q, n_k] of q, k [b, h, n, d]
 * computed in float64 by the reference interpreter. Options are those of the kind's builder; eps
 * defaults to the mechanism's default (1e-8 lln, 1e-5 lln-diag).
 */
export function attentionMatrices(
  kind: AttentionMatrixKind,
  q: Tensor,
  k: Tensor,
  options: { causal: boolean; eps?: number; scales?: LlnScales; scale?: number },
): Tensor {
  if (q.rank !== 4 || k.rank !== 4) {
    throw new InvalidArgumentError(
      `attentionMatrices: q and k must be [batch, heads, seq, dim]; got [${q.shape}] and [${k.shape}]`,
    );
  }
  const b = new GraphBuilder();
  const qv = b.input('q', 'float32', q.shape);
  const kv = b.input('k', 'float32', k.shape);
  const eps = options.eps ?? (kind === 'lln' ? 1e-8 : 1e-5);
  const lln = { causal: options.causal, eps, ...(options.scales ? { scales: options.scales } : {}) };
  const p =
    kind === 'softmax'
      ? softmaxAttentionMatrix(b, qv, kv, options)
      : kind === 'lln'
        ? llnAttentionMatrix(b, qv, kv, lln)
        : llnDiagAttentionMatrix(b, qv, kv, lln);
  return evaluate(b.build({ p }), { q, k }).p!;
}
