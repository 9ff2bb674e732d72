import type { GraphBuilder, Value } from '../ir/builder.js';
import type { Shape } from '../ir/shape.js';
import { withKeptDims } from './sum-to-shape.js';
import type { VjpRules } from './vjp-rule.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_TANH_CUBIC = 0.044715;

/** Elements per reduced slot; symbolic dims are only known at run time, so they are counted in-graph. */
function reducedCount(b: GraphBuilder, shape: Shape, axes: readonly number[]): Value | number {
  const rank = shape.length;
  const dims = axes.map((a) => shape[a < 0 ? a + rank : a]!);
  if (dims.every((d) => typeof d === 'number')) return (dims as number[]).reduce((p, d) => p * d, 1);
  return b.reduceSum(b.expand(b.scalar(1), shape), axes, true);
}

/** Composites whose gradient is a short closed form in terms of the forward output. */
export const ACTIVATION_VJPS: VjpRules = {
  ReduceMean: ({ b, inputs: [x], cotangent: g, attrs }) => {
    const gKept = withKeptDims(b, g, x!.shape, attrs.axes, attrs.keepDims);
    return [b.expand(b.div(gKept, reducedCount(b, x!.shape, attrs.axes)), x!.shape)];
  },
  Sigmoid: ({ b, output: s, cotangent: g }) => [b.mul(g, b.mul(s, b.sub(1, s)))],
  Softplus: ({ b, inputs: [x], cotangent: g }) => [b.mul(g, b.sigmoid(x!))],
  // Below 0, d/dx (exp(x) - 1) = exp(x) = out + 1.
  Elu: ({ b, inputs: [x], output, cotangent: g }) => [
    b.where(b.greater(x!, 0), g, b.mul(g, b.add(output, 1))),
  ],
  /**
   * Exact: Phi(x) + x phi(x), with Phi(x) = (1 + erf(x / sqrt 2)) / 2 and phi(x) = exp(-x^2 / 2) /
   * sqrt(2 pi); 11 passes over x where differentiating the decomposition took 11 more than its own 5,
   * and the forward stays one node (one kernel on ORT CPU). tanh: the derivative of
   * x (1 + tanh z) / 2, z = sqrt(2 / pi) (x + 0.044715 x^3).
   */
  Gelu: ({ b, inputs: [x], cotangent: g, attrs }) => {
    if (attrs.approximate === 'tanh') {
      const x2 = b.mul(x!, x!);
      const t = b.tanh(b.mul(b.mul(x!, b.add(b.mul(x2, GELU_TANH_CUBIC), 1)), SQRT_2_OVER_PI));
      const dz = b.mul(b.add(b.mul(x2, 3 * GELU_TANH_CUBIC), 1), SQRT_2_OVER_PI);
      const half = b.mul(b.add(t, 1), 0.5);
      return [b.mul(g, b.add(half, b.mul(b.mul(b.mul(x!, 0.5), b.sub(1, b.mul(t, t))), dz)))];
    }
    const u = b.mul(x!, Math.SQRT1_2);
    const density = b.mul(b.mul(x!, INV_SQRT_2PI), b.exp(b.mul(u, b.mul(x!, -Math.SQRT1_2))));
    return [b.mul(g, b.add(b.add(b.mul(b.erf(u), 0.5), 0.5), density))];
  },
  // 0 at x == 0, as torch and jax choose.
  Relu: ({ b, inputs: [x], cotangent: g }) => [b.where(b.greater(x!, 0), g, 0)],
};
