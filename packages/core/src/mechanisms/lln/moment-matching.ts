import type { GraphBuilder, Value } from '../../ir/builder.js';

/** Constants of the reference's moment matching (fit of the log-normal variance of softmax). */
export const LLN_A = 0.14855178144710912;
export const LLN_B = -0.35487039130661086;

export interface LlnScaleValues {
  /** Rank-0 values. sigma* are absent when the scales were frozen. */
  readonly alpha: Value;
  readonly beta: Value;
  readonly sigmaQ?: Value;
  readonly sigmaK?: Value;
  readonly sigmaTilde?: Value;
}

/**
 * Where the reference divides by zero (a constant tensor, or a single element) and returns NaN, the
 * std is floored instead, so alpha*q stays finite even in float32; any real data is far above it.
 */
export const LLN_MIN_STD = 1e-20;

/**
 * Unbiased (N-1) standard deviation over every element, batch and heads included: the reference
 * calls `q.std()` on the whole tensor. Two passes, so float32 backends lose nothing to cancellation.
 */
export function tensorStd(b: GraphBuilder, x: Value): Value {
  const axes = x.shape.map((_, i) => i);
  const count = b.reduceSum(b.expand(b.scalar(1), x.shape), axes);
  const mean = b.div(b.reduceSum(x, axes), count);
  const deviation = b.sub(x, mean);
  const variance = b.div(b.reduceSum(b.mul(deviation, deviation), axes), b.maximum(b.sub(count, 1), 1));
  return b.maximum(b.sqrt(variance), LLN_MIN_STD);
}

/** sigma~ = sqrt((sq^2 sk^2 - b) / 2a), alpha = sigma~/sq, beta = sigma~/sk. */
export function momentMatchedScales(b: GraphBuilder, q: Value, k: Value): LlnScaleValues {
  const sigmaQ = tensorStd(b, q);
  const sigmaK = tensorStd(b, k);
  const product = b.mul(b.mul(sigmaQ, sigmaQ), b.mul(sigmaK, sigmaK));
  const sigmaTilde = b.sqrt(b.div(b.sub(product, LLN_B), 2 * LLN_A));
  return {
    alpha: b.div(sigmaTilde, sigmaQ),
    beta: b.div(sigmaTilde, sigmaK),
    sigmaQ,
    sigmaK,
    sigmaTilde,
  };
}

/** Frozen scales when given, otherwise moment matching on these tensors. */
export function resolveScales(
  b: GraphBuilder,
  q: Value,
  k: Value,
  scales: { readonly alpha: number; readonly beta: number } | undefined,
): LlnScaleValues {
  if (scales) return { alpha: b.scalar(scales.alpha), beta: b.scalar(scales.beta) };
  return momentMatchedScales(b, q, k);
}
