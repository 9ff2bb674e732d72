import { chooseMatMulStrategy, lowerMatMul } from '../matmul.js';
import type { RewritePass, RewriteRule } from '../rules/rule.js';

/**
 * Batched products on tfjs-wasm, whose batched MatMul kernel is a naive loop (only 2-D products reach
 * XNNPACK): one 2-D product around transposes, or a depthwise convolution, where each was measured to
 * win (matmul.ts).
 */
const wasmMatMul: RewriteRule<'MatMul'> = (ctx) => {
  const [a, b] = ctx.inputs;
  return lowerMatMul(a!, b!, ctx.outShape, chooseMatMulStrategy(a!.shape, b!.shape, 'wasm'));
};

export const WASM_MATMUL: RewritePass = { name: 'wasm-matmul', rules: { MatMul: wasmMatMul } };
