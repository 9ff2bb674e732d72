import type { GraphBuilder, Value } from '../ir/builder.js';
import type { Shape } from '../ir/shape.js';
import { withKeptDims } from './sum-to-shape.js';
import type { VjpRules } from './vjp-rule.js';

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
  // 0 at x == 0, as torch and jax choose.
  Relu: ({ b, inputs: [x], cotangent: g }) => [b.where(b.greater(x!, 0), g, 0)],
};
