import { finiteShift } from '../composites/shift.js';
import type { GraphBuilder, Value } from '../ir/builder.js';
import type { CompositeAttrs } from '../ir/ops.js';

/** exp(x - y) for a log-sum y that covers x; 0 (not NaN) where both are -inf. */
function shareOf(b: GraphBuilder, x: Value, logSum: Value): Value {
  return b.exp(b.sub(x, finiteShift(b, logSum)));
}

/**
 * x moved `offset` places along `axis` so that position k holds x[k + step * offset] (step +1: the
 * entry later in the axis; -1: earlier), with `fill` where that falls outside.
 */
function neighbor(
  b: GraphBuilder,
  x: Value,
  axis: number,
  n: number,
  step: 1 | -1,
  offset: number,
  fill: number,
): Value {
  if (offset >= n) return b.expand(b.scalar(fill), x.shape);
  if (step === 1) return b.slice(b.padAxis(x, axis, 0, offset, fill), [axis], [offset], [offset + n]);
  return b.slice(b.padAxis(x, axis, offset, 0, fill), [axis], [0], [n]);
}

/**
 * The first-order linear recurrence t[k] = g[k] + c[k] t[k + step] (0 past the end) as a Hillis-Steele
 * scan of affine maps: each level composes every map with the one `offset` steps on, so ceil(log2 n)
 * levels of two multiplies and an add, with no exp or log.
 */
function linearRecurrence(
  b: GraphBuilder,
  g: Value,
  decay: Value,
  axis: number,
  n: number,
  step: 1 | -1,
): Value {
  let t = g;
  let c = decay;
  for (let offset = 1; offset < n; offset *= 2) {
    t = b.add(t, b.mul(c, neighbor(b, t, axis, n, step, offset, 0)));
    if (2 * offset < n) c = b.mul(c, neighbor(b, c, axis, n, step, offset, 0));
  }
  return t;
}

/**
 * The gradient of y = LogCumSumExp(x) along an axis of concrete length n. With i running over the
 * prefixes that hold j (later i for a forward scan, earlier for a reverse one):
 *   grad x[j] = sum_i g[i] exp(x[j] - y[i]).
 * y is monotone along the scan, so factoring out the first prefix that holds j leaves weights
 * exp(y[i0] - y[i]) <= 1: t[k] = g[k] + exp(y[k] - y[k+1]) t[k+1], a linear scan with decays in [0, 1]
 * that cannot overflow (a weight that underflows is below 1e-38 of its g). Then
 *   inclusive: grad x[j] = exp(x[j] - y[j]) t[j];   exclusive: exp(x[j] - y[j+1]) t[j+1]
 * (y[j+1] holds x[j]). An empty prefix (y = -inf) has only -inf inputs: the shares there are exactly 0,
 * so -inf inputs get gradient 0, the log-space rules' convention. Against the two log-space scans of
 * g's positive and negative parts this was 2 x 12 elementwise passes a level, with 4 exps; it is 3.
 */
export function logCumSumExpGradient(
  b: GraphBuilder,
  x: Value,
  y: Value,
  g: Value,
  attrs: CompositeAttrs['LogCumSumExp'],
): Value {
  const axis = attrs.axis < 0 ? attrs.axis + x.rank : attrs.axis;
  const n = x.shape[axis] as number;
  const step = attrs.reverse ? -1 : 1;
  if (n === 1) return attrs.exclusive ? b.expand(b.scalar(0), x.shape) : b.mul(g, shareOf(b, x, y));
  const next = neighbor(b, y, axis, n, step, 1, Number.POSITIVE_INFINITY);
  // Past the end the neighbor is +inf, whose share exp(y - inf) is 0: the scan stops there.
  const decay = shareOf(b, y, next);
  const t = linearRecurrence(b, g, decay, axis, n, step);
  if (!attrs.exclusive) return b.mul(shareOf(b, x, y), t);
  return b.mul(shareOf(b, x, next), neighbor(b, t, axis, n, step, 1, 0));
}
