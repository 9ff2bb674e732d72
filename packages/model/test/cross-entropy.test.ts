import {
  DTypeError,
  evaluate,
  GraphBuilder,
  ShapeError,
  Tensor,
  valueAndGrad,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { crossEntropyLoss, SeededRandom } from '../src/index.js';

const [B, T, V] = [2, 3, 5];

/** Concrete dims pick the target logit with a flat Gather; a symbolic batch, with a one-hot product. */
function lossGraph(batch: number | 'batch' = B) {
  const b = new GraphBuilder();
  const logits = b.input('logits', 'float32', [batch, T, V]);
  const targets = b.input('targets', 'int32', [batch, T]);
  const weights = b.input('weights', 'float32', [batch, T]);
  return b.build({ loss: crossEntropyLoss(b, logits, targets, weights) });
}

/** Naive float64 cross-entropy and its gradient (softmax - one_hot) w / sum(w), written here. */
function naive(logits: Float64Array, targets: Int32Array, weights: Float64Array) {
  const wsum = weights.reduce((a, b) => a + b, 0);
  let loss = 0;
  const grad = new Float64Array(logits.length);
  for (let p = 0; p < B * T; p++) {
    const row = logits.subarray(p * V, (p + 1) * V);
    const max = Math.max(...row);
    const sum = row.reduce((s, x) => s + Math.exp(x - max), 0);
    const lse = max + Math.log(sum);
    loss += (weights[p]! * (lse - row[targets[p]!]!)) / wsum;
    for (let v = 0; v < V; v++) {
      grad[p * V + v] = (weights[p]! * (Math.exp(row[v]! - lse) - (v === targets[p] ? 1 : 0))) / wsum;
    }
  }
  return { loss, grad };
}

describe('crossEntropyLoss', () => {
  it.each([
    ['moderate logits', 3, B],
    ['logits of +-1000 (max shift needed)', 1000, B],
    ['moderate logits, symbolic batch', 3, 'batch'],
    ['logits of +-1000, symbolic batch', 1000, 'batch'],
  ] as const)('matches the naive float64 loss and gradient for %s, honouring weights', (_, scale, batch) => {
    const random = new SeededRandom(8);
    const logits = Float64Array.from({ length: B * T * V }, () => (2 * random.next() - 1) * scale);
    const targets = Int32Array.from({ length: B * T }, () => random.int(V));
    const weights = Float64Array.from([1, 0, 1, 1, 0.5, 1]);
    const out = evaluate(valueAndGrad(lossGraph(batch), { of: 'loss', wrt: ['logits'] }), {
      logits: Tensor.float64(logits, [B, T, V]),
      targets: new Tensor('int32', [B, T], targets),
      weights: Tensor.float64(weights, [B, T]),
    });
    const expected = naive(logits, targets, weights);
    expect(Number.isFinite(out.loss!.data[0])).toBe(true);
    expect(out.loss!.data[0]).toBeCloseTo(expected.loss, scale > 10 ? 9 : 13);
    out['grad.logits']!.data.forEach((g, i) => expect(g).toBeCloseTo(expected.grad[i]!, 12));
  });

  it.each([B, 'batch'] as const)(
    'a target outside the vocab gives a NaN loss, not a pick of another logit (batch %s)',
    (batch) => {
      const random = new SeededRandom(3);
      const logits = Float64Array.from({ length: B * T * V }, () => random.next());
      for (const bad of [V, -1, V * T])
        expect(
          evaluate(lossGraph(batch), {
            logits: Tensor.float64(logits, [B, T, V]),
            targets: Tensor.int32([0, 1, 2, 3, bad, 0], [B, T]),
            weights: Tensor.float64(Float64Array.from([1, 1, 1, 1, 1, 1]), [B, T]),
          }).loss!.data[0],
        ).toBeNaN();
    },
  );

  it('an all-zero weight mask gives loss 0, not NaN', () => {
    const out = evaluate(lossGraph(), {
      logits: Tensor.zeros([B, T, V]),
      targets: Tensor.int32([0, 1, 2, 3, 4, 0], [B, T]),
      weights: Tensor.zeros([B, T]),
    });
    expect(out.loss!.data[0]).toBe(0);
  });

  it('rejects float targets and mismatched shapes', () => {
    const b = new GraphBuilder();
    const logits = b.input('logits', 'float32', [B, T, V]);
    const weights = b.input('w', 'float32', [B, T]);
    expect(() => crossEntropyLoss(b, logits, b.input('t', 'float32', [B, T]), weights)).toThrow(DTypeError);
    expect(() => crossEntropyLoss(b, logits, b.input('t2', 'int32', [B, T + 1]), weights)).toThrow(
      ShapeError,
    );
  });
});
