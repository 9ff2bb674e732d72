import type { CompositeOp } from '@constant-attention/core';

/**
 * Composites lowered to a native tfjs op because that op is as stable as core's decomposition. Everything
 * else is expanded. Deliberately NOT native: LogSumExp / Softmax / LogSoftmax (tfjs subtracts the raw max,
 * so a row that is entirely -inf gives NaN where core gives -inf / zeros), LogCumSumExp and LogAddExp
 * (no tfjs op), Gelu (no tfjs op), LayerNorm (no single tfjs op).
 */
export const NATIVE_COMPOSITES: ReadonlySet<CompositeOp> = new Set<CompositeOp>([
  // Divides then sums; same error as core's sum-then-divide, and binds symbolic counts for free.
  'ReduceMean',
  'Relu',
  // x >= 0 ? x : exp(x) - 1, exactly core's definition with alpha = 1.
  'Elu',
  // 1 / (1 + exp(-x)): saturates to 0 or 1 without NaN, as core's two-branch form does.
  'Sigmoid',
  // Thresholded log(1 + exp(x)); no overflow for large x.
  'Softplus',
]);
