import type { OpName } from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';
import {
  exactBroadcast,
  exactTranspose,
  GPU_MAX_RANK,
  lowRankConcat,
  lowRankCumSum,
  lowRankGather,
  lowRankPad,
  lowRankReduce,
  lowRankSlice,
  needsOwnTranspose,
} from '../gpu-rank.js';
import { concatWith } from '../rules/concat.js';
import { sameShape } from '../rules/expand.js';
import { padPairs } from '../rules/pad.js';
import type { RewritePass, RewriteRule, RewriteTable } from '../rules/rule.js';
import { sliceWindow } from '../rules/slice.js';
import { positiveAxis, viaInt32IfBool } from '../rules/via-int32.js';
import { flatSelect } from '../select.js';

const high = (rank: number) => rank > GPU_MAX_RANK;

/** A reduction whose axes make tfjs transpose with a broken kernel, over a [kept, reduced] view instead. */
const reduceOnView =
  <Op extends 'ReduceSum' | 'ReduceMax' | 'ReduceMean'>(): RewriteRule<Op> =>
  (ctx) => {
    const a = ctx.inputs[0]!;
    if (ctx.attrs.axes.length === 0) return undefined;
    const axes = ctx.attrs.axes.map((axis) => positiveAxis(axis, a.rank));
    if (!needsOwnTranspose(a, axes)) return undefined;
    return lowRankReduce(a, axes, ctx.outShape, (m, axis) =>
      ctx.lower(ctx.op, { axes: [axis], keepDims: false } as never, [m], [m.shape[0]!]),
    );
  };

const cumSumOnView: RewriteRule<'CumSum'> = (ctx) => {
  const a = ctx.inputs[0]!;
  const axis = positiveAxis(ctx.attrs.axis, a.rank);
  if (!needsOwnTranspose(a, [axis])) return undefined;
  return lowRankCumSum(a, axis, (m, along) =>
    ctx.lower('CumSum', { ...ctx.attrs, axis: along }, [m], m.shape),
  );
};

const RULES: RewriteTable = {
  ReduceSum: reduceOnView<'ReduceSum'>(),
  ReduceMax: reduceOnView<'ReduceMax'>(),
  ReduceMean: reduceOnView<'ReduceMean'>(),
  CumSum: cumSumOnView,
  // exactTranspose also moves webgpu's int32 as float32 halves (its int32 transpose shader does not compile).
  Transpose: (ctx) => viaInt32IfBool(ctx.inputs[0]!, (t) => exactTranspose(t, ctx.attrs.perm)),
  Slice: (ctx) => {
    if (!high(ctx.inputs[0]!.rank)) return undefined;
    const { begin, sizes } = sliceWindow(ctx);
    return viaInt32IfBool(ctx.inputs[0]!, (t) => lowRankSlice(t, begin, sizes));
  },
  Concat: (ctx) =>
    high(ctx.inputs[0]!.rank)
      ? concatWith(ctx, (ts, axis) => lowRankConcat(ts, axis, ctx.outShape))
      : undefined,
  Pad: (ctx) =>
    high(ctx.inputs[0]!.rank)
      ? viaInt32IfBool(ctx.inputs[0]!, (t) => lowRankPad(t, padPairs(ctx), ctx.attrs.value))
      : undefined,
  Gather: (ctx) => {
    const [x, indices] = ctx.inputs;
    if (!(high(x!.rank) || high(ctx.outShape.length))) return undefined;
    return viaInt32IfBool(x!, (t) =>
      lowRankGather(t, indices!, positiveAxis(ctx.attrs.axis, t.rank), ctx.outShape),
    );
  },
  // Bool branches first become int32 (the Where rule), then come back through here.
  Where: (ctx) => {
    const [condition, a, b] = ctx.inputs;
    if (a!.dtype === 'bool' || !high(ctx.outShape.length)) return undefined;
    return flatSelect(condition!, a!, b!, ctx.outShape);
  },
  // exactBroadcast avoids tfjs-webgpu's rank >= 5 tile, which loses the device.
  Expand: (ctx) => {
    const a = ctx.inputs[0]!;
    if (sameShape(a.shape, ctx.outShape)) return tf.clone(a);
    return viaInt32IfBool(a, (t) => exactBroadcast(t, ctx.outShape));
  },
} satisfies { readonly [Op in OpName]?: RewriteRule<Op> };

/**
 * Data movement above rank 4 on the GPU devices, over rank-3 views (gpu-rank.ts): tfjs's GPU kernels for
 * these ops fail past rank 4 (webgl: shaders that do not compile; webgpu: WGSL indexing vec5/vec6,
 * which loses the device). Each view only reshapes and moves data exactly; chunked mechanisms reach rank 6.
 */
export const GPU_RANK_VIEWS: RewritePass = { name: 'gpu-rank-views', rules: RULES };
