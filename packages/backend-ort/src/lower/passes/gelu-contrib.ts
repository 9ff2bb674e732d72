import type { RewritePass, RewriteRule } from '../rules/rule.js';

/**
 * GELU as ORT's com.microsoft.Gelu on the CPU EP, x (1 + erf(x / sqrt 2)) / 2 in one kernel, instead
 * of the decomposition's five passes (ONNX's own Gelu needs opset 20; the default is 17). The tanh form
 * is com.microsoft.FastGelu, x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))) / 2, core's formula too.
 * Training graphs keep Gelu as one node (it has its own gradient rule), so every MLP's forward pass
 * gets the kernel.
 */
const geluContrib: RewriteRule<'Gelu'> = (ctx) =>
  ctx.emitter.domainNode(
    'com.microsoft',
    1,
    ctx.attrs.approximate === 'none' ? 'Gelu' : 'FastGelu',
    [ctx.inputs[0]!],
    {},
  );

export const GELU_CONTRIB: RewritePass = {
  name: 'gelu-contrib',
  rules: { Gelu: geluContrib },
};
