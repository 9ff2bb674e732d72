import { finiteShift } from '../composites/shift.js';
import type { GraphBuilder, Value } from '../ir/builder.js';
import { sumToShape, withKeptDims } from './sum-to-shape.js';
import { logCumSumExpGradient } from './vjp-log-cum-sum-exp.js';
import { forNeeded, type VjpRules } from './vjp-rule.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * exp(x - y) for an input x and a log-sum y that covers it. An all -inf sum (y = -inf) has only -inf
 * inputs, whose share is 0; shifting by a finite 0 there avoids exp(-inf - -inf) = NaN.
 */
function shareOf(b: GraphBuilder, x: Value, logSum: Value): Value {
  return b.exp(b.sub(x, finiteShift(b, logSum)));
}

/** log(max(g, 0)) - y as a log-space scan input; -inf where y is an empty sum. */
function logTerm(b: GraphBuilder, signedG: Value, finiteLogSum: Value, empty: Value): Value {
  return b.where(empty, NEG_INF, b.sub(b.log(b.maximum(signedG, 0)), finiteLogSum));
}

/**
 * Gradients of the log-space composites, written so that -inf inputs (log 0, masks) give exactly 0
 * gradient rather than the NaN that differentiating their where/finiteShift decompositions gives.
 * Convention: an input entry that is exactly -inf gets gradient 0.
 */
export const LOG_SPACE_VJPS: VjpRules = {
  // d LSE / dx = softmax(x); an all -inf row gets 0.
  LogSumExp: ({ b, inputs: [x], output, cotangent: g, attrs }) => {
    const y = withKeptDims(b, output, x!.shape, attrs.axes, attrs.keepDims);
    const gKept = withKeptDims(b, g, x!.shape, attrs.axes, attrs.keepDims);
    return [b.mul(gKept, shareOf(b, x!, y))];
  },
  /**
   * grad x_j = sum_{i: j in prefix(i)} g_i exp(x_j - y_i). Summing g_i exp(-y_i) directly overflows,
   * so it runs in log space as a scan in the opposite direction, split by the sign of g:
   * grad x_j = exp(x_j + LCSE(log g+ - y)_j) - exp(x_j + LCSE(log g- - y)_j). The terms x_j - y_i are
   * <= 0, so nothing overflows; y_i = -inf (an empty or all -inf prefix) drops out as a -inf term.
   * O(n log n) like the forward scan, never the dense O(n^2) Jacobian. A concrete length takes the
   * cheaper linear scan of logCumSumExpGradient; this form stays for a symbolic one, whose scan the
   * composite already knows how to cut into blocks.
   */
  LogCumSumExp: ({ b, inputs: [x], output: y, cotangent: g, attrs }) => {
    const axis = attrs.axis < 0 ? attrs.axis + x!.rank : attrs.axis;
    if (typeof x!.shape[axis] === 'number') return [logCumSumExpGradient(b, x!, y, g, attrs)];
    const empty = b.equal(y, NEG_INF);
    const finiteY = b.where(empty, 0, y);
    const backward = { exclusive: attrs.exclusive, reverse: !attrs.reverse };
    const positive = b.logCumSumExp(logTerm(b, g, finiteY, empty), attrs.axis, backward);
    const negative = b.logCumSumExp(logTerm(b, b.neg(g), finiteY, empty), attrs.axis, backward);
    return [b.sub(b.exp(b.add(x!, positive)), b.exp(b.add(x!, negative)))];
  },
  LogAddExp: ({ b, inputs: [x, y], output, cotangent: g, needs }) =>
    forNeeded(
      needs,
      () => sumToShape(b, b.mul(g, shareOf(b, x!, output)), x!.shape),
      () => sumToShape(b, b.mul(g, shareOf(b, y!, output)), y!.shape),
    ),
  // s * (g - sum(g * s)); a fully masked row has s = 0 and so gradient 0.
  Softmax: ({ b, output: s, cotangent: g, attrs }) => [
    b.mul(s, b.sub(g, b.reduceSum(b.mul(g, s), [attrs.axis], true))),
  ],
  // g - softmax * sum(g), with softmax = exp(out) (0 where out is -inf), and 0 at -inf inputs.
  LogSoftmax: ({ b, inputs: [x], output, cotangent: g, attrs }) => {
    const gradient = b.sub(g, b.mul(b.exp(output), b.reduceSum(g, [attrs.axis], true)));
    return [b.where(b.equal(x!, NEG_INF), 0, gradient)];
  },
};
