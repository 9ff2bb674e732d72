import { sumToShape } from './sum-to-shape.js';
import { forNeeded, type VjpRules } from './vjp-rule.js';

/**
 * LayerNorm's gradient in closed form, so the composite stays one node in a training graph and a backend
 * with a native kernel runs the forward pass as that kernel. The row statistics are recomputed from x
 * here rather than kept from the forward pass (recomputing [rows, 1] values costs two reductions, where
 * the decomposition's own gradient kept its intermediates alive). With xhat = (x - mean) r and
 * r = 1 / sqrt(var + eps), for g' = g gamma:
 *   dx = r (g' - mean(g') - xhat mean(g' xhat)),  dgamma = sum(g xhat),  dbeta = sum(g).
 */
export const LAYER_NORM_VJPS: VjpRules = {
  LayerNorm: ({ b, inputs: [x, gamma, beta], cotangent: g, attrs, needs }) => {
    const last = x!.rank - 1;
    const mean = (v: typeof x) => b.reduceMean(v!, [last], true);
    const centered = b.sub(x!, mean(x));
    const r = b.div(1, b.sqrt(b.add(mean(b.mul(centered, centered)), attrs.eps)));
    const xhat = b.mul(centered, r);
    return forNeeded(
      needs,
      () => {
        const scaled = b.mul(g, gamma!);
        return b.mul(r, b.sub(b.sub(scaled, mean(scaled)), b.mul(xhat, mean(b.mul(scaled, xhat)))));
      },
      () => sumToShape(b, b.mul(g, xhat), gamma!.shape),
      () => sumToShape(b, g, beta!.shape),
    );
  },
};
