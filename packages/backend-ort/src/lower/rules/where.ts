import { ONNX_DTYPE } from '../../onnx/onnx-types.js';
import { int } from '../onnx-emitter.js';
import type { LoweringRule } from './rule.js';

/** ORT has no bool Where kernel; a bool select runs between uint8 views, lowered as a Where again. */
export const where: LoweringRule<'Where'> = (ctx) => {
  const em = ctx.emitter;
  if (ctx.outputInfo.dtype !== 'bool') return em.node('Where', ctx.inputs);
  const [condition, ...branches] = ctx.inputs;
  const bytes = branches.map((v) => em.node('Cast', [v], { to: int(ONNX_DTYPE.uint8) }));
  const asBytes = <T extends { readonly dtype: string }>(info: T) => ({ ...info, dtype: 'uint8' as const });
  const selected = ctx.lower(
    'Where',
    {},
    [condition!, ...bytes],
    [ctx.inputInfo[0]!, ...ctx.inputInfo.slice(1).map(asBytes)],
    asBytes(ctx.outputInfo),
  );
  return em.node('Cast', [selected], { to: int(ONNX_DTYPE.bool) });
};
