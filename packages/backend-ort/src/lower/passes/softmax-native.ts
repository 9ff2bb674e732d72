import { int } from '../onnx-emitter.js';
import type { RewritePass, RewriteRule } from '../rules/rule.js';

const NEG_INF = Number.NEGATIVE_INFINITY;
const POS_INF = Number.POSITIVE_INFINITY;

/**
 * Softmax as ONNX Softmax on the CPU EP: one kernel that keeps each row in cache, instead of core's
 * decomposition's five passes over the input (ReduceMax, Sub, Exp, ReduceSum, Div), whose elementwise
 * Exp alone took about 3 ms per million floats on one thread; attention's n x n scores made it the
 * largest non-MatMul cost of a softmax training step. Two rows differ from core's definition, and are
 * selected back:
 * - a row that is entirely -inf: ORT gives NaN, core zeros. Unless the graph rules such rows out
 *   (`finiteRows`, as attention's scores do), a row max of -inf selects 0.
 * - a row holding NaN or +inf: core gives NaN (inf - inf), ORT's kernel can give zeros (its max skips
 *   NaN), which would hide a bad input as a valid distribution. The row sum is NaN or +inf exactly then
 *   (-inf entries alone sum to -inf), so one read-only reduction selects NaN there, finiteRows or not.
 */
const softmaxNative: RewriteRule<'Softmax'> = (ctx) => {
  const em = ctx.emitter;
  const [x] = ctx.inputs;
  const info = ctx.inputInfo[0]!;
  const rank = info.shape.length;
  const axis = ctx.attrs.axis < 0 ? ctx.attrs.axis + rank : ctx.attrs.axis;
  const rowShape = info.shape.map((d, i) => (i === axis ? 1 : d));
  const rowInfo = { dtype: 'float32' as const, shape: rowShape };
  const rowBool = { dtype: 'bool' as const, shape: rowShape };
  const scalar = { dtype: 'float32' as const, shape: [] };
  // A per-row reduction compared with a constant: which rows are empty (max -inf) or hold NaN or +inf.
  const rowTest = (op: 'Equal' | 'Less', row: typeof x, value: number) =>
    ctx.lower(op, {}, [row!, em.constant('float32', [], [value])], [rowInfo, scalar], rowBool);
  let softmax = em.node('Softmax', [x!], { axis: int(axis) });
  if (!ctx.attrs.finiteRows) {
    const max = ctx.lower('ReduceMax', { axes: [axis], keepDims: true }, [x!], [info], rowInfo);
    const empty = rowTest('Equal', max, NEG_INF);
    softmax = ctx.lower(
      'Where',
      {},
      [empty, em.constant('float32', [], [0]), softmax],
      [rowBool, scalar, info],
      info,
    );
  }
  const sum = ctx.lower('ReduceSum', { axes: [axis], keepDims: true }, [x!], [info], rowInfo);
  const sane = rowTest('Less', sum, POS_INF);
  return ctx.lower(
    'Where',
    {},
    [sane, softmax, em.constant('float32', [], [Number.NaN])],
    [rowBool, info, scalar],
    ctx.outputInfo,
  );
};

export const SOFTMAX_NATIVE: RewritePass = {
  name: 'softmax-native',
  rules: { Softmax: softmaxNative },
};
