import { float, int } from '../onnx-emitter.js';
import type { RewritePass, RewriteRule } from '../rules/rule.js';

/**
 * LayerNorm as ONNX LayerNormalization (opset 17) on the CPU EP, whose kernel takes the mean and the
 * variance of the centred row in float32 as core's decomposition does, in one pass per row instead of
 * nine elementwise and reduction nodes. Training graphs keep LayerNorm as one node (it has its own
 * gradient rule), so every pre-LN block's forward pass gets the kernel too. Not the rule table's:
 * the WebGPU kernel takes the variance as E[x^2] - E[x]^2, which cancels on large-mean rows.
 */
const layerNormNative: RewriteRule<'LayerNorm'> = (ctx) =>
  ctx.emitter.node('LayerNormalization', [...ctx.inputs], {
    axis: int(-1),
    epsilon: float(ctx.attrs.eps),
  });

export const LAYER_NORM_NATIVE: RewritePass = {
  name: 'layer-norm-native',
  rules: { LayerNorm: layerNormNative },
};
