import { ONNX_DTYPE } from '../../onnx/onnx-types.js';
import { int, str } from '../onnx-emitter.js';
import type { LoweringRule } from './rule.js';

/** ScatterND with reduction 'add' (opset 16+; the lowering's floor is 17): duplicates sum, as in core. */
export const scatterAdd: LoweringRule<'ScatterAdd'> = (ctx) => {
  const em = ctx.emitter;
  const [data, indices, updates] = ctx.inputs as [string, string, string];
  // ScatterND reads int64 index tuples [K, 1]: one row index per update.
  const wide = em.node('Cast', [indices], { to: int(ONNX_DTYPE.int64) });
  const tuples = em.node('Unsqueeze', [wide, em.int64s([1])]);
  return em.node('ScatterND', [data, tuples, updates], { reduction: str('add') });
};
