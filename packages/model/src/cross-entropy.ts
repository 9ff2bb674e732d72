import { DTypeError, type GraphBuilder, ShapeError, type Value } from '@constant-attention/core';

/**
 * Mean next-token cross-entropy: logits [batch, seq, vocab], int32 targets [batch, seq], float32
 * weights [batch, seq] (1 = counted, 0 = ignored). Per position: logsumexp(logits) - logits[target],
 * with the max-shifted LogSumExp composite; the target logit is picked by a one-hot product, which
 * keeps the graph differentiable without a GatherElements op. Result: a scalar [].
 */
export function crossEntropyLoss(b: GraphBuilder, logits: Value, targets: Value, weights: Value): Value {
  if (targets.dtype !== 'int32')
    throw new DTypeError(`crossEntropyLoss: targets must be int32, got ${targets.dtype}`);
  if (
    logits.rank !== 3 ||
    targets.rank !== 2 ||
    targets.dim(0) !== logits.dim(0) ||
    targets.dim(1) !== logits.dim(1)
  ) {
    throw new ShapeError(
      `crossEntropyLoss: logits [batch, seq, vocab] and targets [batch, seq] must agree, got [${logits.shape.join(', ')}] and [${targets.shape.join(', ')}]`,
    );
  }
  const vocab = logits.dim(2);
  const oneHot = b.cast(
    b.equal(b.reshape(targets, [targets.dim(0), targets.dim(1), 1]), b.iota(vocab)),
    'float32',
  );
  const picked = b.reduceSum(b.mul(logits, oneHot), [2]);
  const nll = b.sub(b.logSumExp(logits, [2]), picked);
  const total = b.reduceSum(b.mul(nll, weights), [0, 1]);
  // An all-zero weight mask gives loss 0, not 0/0.
  return b.div(total, b.maximum(b.reduceSum(weights, [0, 1]), 1e-12));
}
