import { chooseMatMulStrategy, lowerMatMul } from '../matmul.js';
import type { LoweringRule } from './rule.js';

/** The strategies every backend runs well ('native' or 'flatten'); wasm's own are a pass. */
export const matMul: LoweringRule<'MatMul'> = (ctx) => {
  const [a, b] = ctx.inputs;
  return lowerMatMul(a!, b!, ctx.outShape, chooseMatMulStrategy(a!.shape, b!.shape, 'cpu'));
};
