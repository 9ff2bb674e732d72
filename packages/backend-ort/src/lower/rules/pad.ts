import { ONNX_DTYPE } from '../../onnx/onnx-types.js';
import { int, str } from '../onnx-emitter.js';
import type { LoweringRule } from './rule.js';

export const pad: LoweringRule<'Pad'> = (ctx) => {
  const em = ctx.emitter;
  const x = ctx.inputs[0]!;
  const { pads, value } = ctx.attrs;
  const dtype = ctx.inputInfo[0]!.dtype;
  const padsInput = em.int64s([...pads.map((p) => p[0]), ...pads.map((p) => p[1])]);
  if (dtype === 'bool') {
    // ORT's Pad has no bool kernel in every build; pad the uint8 view instead.
    const asBytes = em.node('Cast', [x], { to: int(ONNX_DTYPE.uint8) });
    const fill = em.constant('uint8', [], [value ? 1 : 0]);
    const padded = em.node('Pad', [asBytes, padsInput, fill], { mode: str('constant') });
    return em.node('Cast', [padded], { to: int(ONNX_DTYPE.bool) });
  }
  const fill = em.constant(dtype, [], [dtype === 'int32' ? Math.trunc(value) : value]);
  return em.node('Pad', [x, padsInput, fill], { mode: str('constant') });
};
