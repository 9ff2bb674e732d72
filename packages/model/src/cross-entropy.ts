import { DTypeError, type GraphBuilder, ShapeError, type Value } from '@constant-attention/core';

/**
 * Mean next-token cross-entropy: logits [batch, seq, vocab], int32 targets [batch, seq], float32
 * weights [batch, seq] (1 = counted, 0 = ignored). Per position: logsumexp(logits) - logits[target],
 * with the max-shifted LogSumExp composite. Result: a scalar [].
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
  const nll = b.sub(b.logSumExp(logits, [2]), targetLogits(b, logits, targets));
  const total = b.reduceSum(b.mul(nll, weights), [0, 1]);
  // An all-zero weight mask gives loss 0, not 0/0.
  return b.div(total, b.maximum(b.reduceSum(weights, [0, 1]), 1e-12));
}

/**
 * logits[i, j, targets[i, j]] as [batch, seq], NaN where a target is outside [0, vocab): a loss that
 * reads NaN says the targets were wrong, where a silent pick of 0 or of a neighbour's logit would train
 * on garbage. With concrete dims it is a Gather from the flat logits at (i * seq + j) * vocab + target,
 * whose gradient scatters into zeros: a one-hot product made 4 more passes over [batch, seq, vocab]
 * (cast, multiply, and in the backward expand and multiply), 5-10% of a quick-MQAR step at vocab 8192.
 * A symbolic dim cannot size the flat view, so it keeps the one-hot.
 */
function targetLogits(b: GraphBuilder, logits: Value, targets: Value): Value {
  const [batch, seq, vocab] = [logits.dim(0), logits.dim(1), logits.dim(2)];
  // A symbolic vocab's size is only known at run time: the largest index of an iota of it, plus one.
  const size = typeof vocab === 'number' ? vocab : b.add(b.reduceMax(b.iota(vocab), [0]), 1);
  const inVocab = b.and(b.greaterEqual(targets, 0), b.less(targets, size));
  const safeTargets = b.where(inVocab, targets, 0);
  let picked: Value;
  if (typeof batch !== 'number' || typeof seq !== 'number' || typeof vocab !== 'number') {
    const oneHot = b.cast(b.equal(b.reshape(safeTargets, [batch, seq, 1]), b.iota(vocab)), 'float32');
    picked = b.reduceSum(b.mul(logits, oneHot), [2]);
  } else {
    const flatIndex = b.add(b.reshape(safeTargets, [batch * seq]), b.mul(b.iota(batch * seq), vocab));
    picked = b.reshape(b.gather(b.reshape(logits, [batch * seq * vocab]), flatIndex, 0), [batch, seq]);
  }
  return b.where(inVocab, picked, Number.NaN);
}
