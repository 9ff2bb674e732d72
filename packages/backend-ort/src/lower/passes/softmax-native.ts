import { int } from '../onnx-emitter.js';
import type { RewritePass, RewriteRule } from '../rules/rule.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * Softmax as ONNX Softmax on the CPU EP: one kernel that keeps each row in cache, instead of core's
 * decomposition's five passes over the input (ReduceMax, Sub, Exp, ReduceSum, Div), whose elementwise
 * Exp alone took about 3 ms per million floats on one thread; attention's n x n scores made it the
 * largest non-MatMul cost of a softmax training step. ORT's kernel gives exact 0 for -inf entries but
 * NaN for a row that is entirely -inf, where core gives zeros: unless the graph rules such rows out
 * (`finiteRows`, as attention's scores do), a row max of -inf selects 0 there (one reduction and one
 * Where, still fewer passes than the decomposition).
 */
const softmaxNative: RewriteRule<'Softmax'> = (ctx) => {
  const em = ctx.emitter;
  const [x] = ctx.inputs;
  const info = ctx.inputInfo[0]!;
  const rank = info.shape.length;
  const axis = ctx.attrs.axis < 0 ? ctx.attrs.axis + rank : ctx.attrs.axis;
  const softmax = em.node('Softmax', [x!], { axis: int(axis) });
  if (ctx.attrs.finiteRows) return softmax;
  const rowShape = info.shape.map((d, i) => (i === axis ? 1 : d));
  const rowInfo = { dtype: 'float32' as const, shape: rowShape };
  const max = ctx.lower('ReduceMax', { axes: [axis], keepDims: true }, [x!], [info], rowInfo);
  const scalar = { dtype: 'float32' as const, shape: [] };
  const empty = ctx.lower('Equal', {}, [max, em.constant('float32', [], [NEG_INF])], [rowInfo, scalar], {
    dtype: 'bool',
    shape: rowShape,
  });
  return ctx.lower(
    'Where',
    {},
    [empty, em.constant('float32', [], [0]), softmax],
    [{ dtype: 'bool', shape: rowShape }, scalar, info],
    ctx.outputInfo,
  );
};

export const SOFTMAX_NATIVE: RewritePass = {
  name: 'softmax-native',
  rules: { Softmax: softmaxNative },
};
