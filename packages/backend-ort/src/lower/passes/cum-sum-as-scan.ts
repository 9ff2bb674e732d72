import type { RewritePass, RewriteRule } from '../rules/rule.js';
import { lowerCumSumScan } from './lower-cum-sum.js';

/**
 * CumSum as a log-depth Pad/Slice/Add scan where the scanned length is concrete: WebGPU's ORT CumSum
 * kernel returns wrong values (found by the browser sweep). A symbolic length keeps ONNX CumSum.
 */
const cumSumAsScan: RewriteRule<'CumSum'> = (ctx) => {
  const info = ctx.inputInfo[0]!;
  const rank = info.shape.length;
  const axis = ctx.attrs.axis < 0 ? ctx.attrs.axis + rank : ctx.attrs.axis;
  const length = info.shape[axis]!;
  if (typeof length !== 'number') return undefined;
  return lowerCumSumScan(ctx.emitter, ctx.inputs[0]!, {
    ...ctx.attrs,
    axis,
    length,
    rank,
    dtype: info.dtype,
  });
};

export const CUM_SUM_AS_SCAN: RewritePass = { name: 'cum-sum-as-scan', rules: { CumSum: cumSumAsScan } };
