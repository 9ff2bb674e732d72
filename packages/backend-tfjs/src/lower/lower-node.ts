import { type GraphNode, InvalidArgumentError, type OpAttrs } from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';
import type { DimResolver } from './bind-symbols.js';
import { flatSlice } from './flat-slice.js';
import { exactCumSum, exactLog, exactMax, select } from './gpu-quirks.js';
import {
  castToFloat32,
  exactBroadcast,
  exactTranspose,
  isGpu,
  lowRankConcat,
  lowRankCumSum,
  lowRankGather,
  lowRankPad,
  lowRankReduce,
  lowRankSlice,
  needsLowRank,
  needsOwnTranspose,
} from './gpu-rank.js';
import { lowerMatMul } from './matmul.js';

export interface NodeContext {
  readonly resolve: DimResolver;
  /** The node's output shape with symbols bound. */
  readonly outShape: readonly number[];
}

/** core's constant payload as a tfjs tensor (float32 payloads are stored as float64 in the graph). */
export function constantTensor(attrs: OpAttrs['Constant']): tf.Tensor {
  const shape = [...attrs.shape];
  switch (attrs.dtype) {
    case 'float32':
      return tf.tensor(Float32Array.from(attrs.value), shape, 'float32');
    case 'int32':
      return tf.tensor(Int32Array.from(attrs.value), shape, 'int32');
    case 'bool':
      return tf.tensor(Uint8Array.from(attrs.value), shape, 'bool');
  }
}

/** core's int32 Div truncates toward zero (like C); tfjs's int32 div floors. */
function truncatingIntDiv(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const floored = tf.floorDiv(a, b);
  const remainder = tf.sub(a, tf.mul(floored, b));
  const signsDiffer = tf.notEqual(tf.less(a, 0), tf.less(b, 0));
  const roundUp = tf.logicalAnd(tf.notEqual(remainder, 0), signsDiffer);
  return tf.add(floored, tf.cast(roundUp, 'int32'));
}

/** Runs an op that some tfjs kernels lack for bool by going through int32. */
function viaInt32IfBool(x: tf.Tensor, op: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  if (x.dtype !== 'bool') return op(x);
  return tf.cast(op(tf.cast(x, 'int32')), 'bool');
}

/** On the CPU devices (cpu, wasm) slices go through 2-D views; the GPU kernels slice any rank <= 4. */
function sliceOnCpu(x: tf.Tensor, begin: number[], sizes: number[]): tf.Tensor {
  return isGpu() ? tf.slice(x, begin, sizes) : flatSlice(x, begin, sizes);
}

function reduceAxes(x: tf.Tensor, axes: readonly number[]): number[] {
  return axes.map((a) => (a < 0 ? a + x.rank : a));
}

/**
 * Lowers one primitive (or natively lowered composite) node to tfjs ops. Must run inside tf.tidy (or a
 * tf.grad scope): intermediates are left for the enclosing scope to dispose.
 */
export function lowerNode(node: GraphNode, x: readonly tf.Tensor[], ctx: NodeContext): tf.Tensor {
  const a = x[0]!;
  const b = x[1]!;
  switch (node.op) {
    case 'Constant':
      return constantTensor(node.attrs as OpAttrs['Constant']);
    case 'Iota': {
      const attrs = node.attrs as OpAttrs['Iota'];
      return tf.range(0, ctx.resolve(attrs.length), 1, attrs.dtype);
    }
    case 'Neg':
      return tf.neg(a);
    case 'Abs':
      return tf.abs(a);
    case 'Exp':
      return tf.exp(a);
    case 'Log':
      return exactLog(a);
    case 'Sqrt':
      return tf.sqrt(a);
    case 'Tanh':
      return tf.tanh(a);
    case 'Erf':
      return tf.erf(a);
    case 'Not':
      return tf.logicalNot(a);
    case 'Add':
      return tf.add(a, b);
    case 'Sub':
      return tf.sub(a, b);
    case 'Mul':
      return tf.mul(a, b);
    case 'Div':
      return a.dtype === 'int32' ? truncatingIntDiv(a, b) : tf.div(a, b);
    case 'Pow':
      return tf.pow(a, b);
    case 'Maximum':
      return tf.maximum(a, b);
    case 'Minimum':
      return tf.minimum(a, b);
    case 'Less':
      return tf.less(a, b);
    case 'LessEqual':
      return tf.lessEqual(a, b);
    case 'Greater':
      return tf.greater(a, b);
    case 'GreaterEqual':
      return tf.greaterEqual(a, b);
    case 'Equal':
      return tf.equal(a, b);
    case 'And':
      return tf.logicalAnd(a, b);
    case 'Or':
      return tf.logicalOr(a, b);
    case 'Where': {
      // tfjs-wasm's Select mishandles bool branches.
      if (b.dtype !== 'bool') return select(a, b, x[2]!, ctx.outShape);
      return tf.cast(select(a, tf.cast(b, 'int32'), tf.cast(x[2]!, 'int32'), ctx.outShape), 'bool');
    }
    case 'Cast': {
      const to = (node.attrs as OpAttrs['Cast']).to;
      // tfjs-wasm's cast to bool keeps the low byte (2.0 -> 2, 256 -> 0); a comparison is exact everywhere.
      if (to === 'bool' && a.dtype !== 'bool') return tf.notEqual(a, tf.scalar(0, a.dtype));
      return to === 'float32' ? castToFloat32(a) : tf.cast(a, to);
    }
    case 'MatMul':
      return lowerMatMul(a, b, ctx.outShape);
    case 'ReduceSum':
    case 'ReduceMax':
    case 'ReduceMean': {
      const attrs = node.attrs as OpAttrs['ReduceSum'];
      if (attrs.axes.length === 0) return tf.clone(a);
      const axes = reduceAxes(a, attrs.axes);
      const reduce = (t: tf.Tensor, over: number[], keepDims: boolean): tf.Tensor => {
        if (node.op === 'ReduceSum') return tf.sum(t, over, keepDims);
        if (node.op === 'ReduceMax') return exactMax(t, over, keepDims);
        return tf.mean(t, over, keepDims);
      };
      if (needsOwnTranspose(a, axes))
        return lowRankReduce(a, axes, ctx.outShape, (m, axis) => reduce(m, [axis], false));
      return reduce(a, axes, attrs.keepDims);
    }
    case 'CumSum': {
      const attrs = node.attrs as OpAttrs['CumSum'];
      const axis = attrs.axis < 0 ? attrs.axis + a.rank : attrs.axis;
      const scan = (t: tf.Tensor, along: number) => exactCumSum(t, along, attrs.exclusive, attrs.reverse);
      return needsOwnTranspose(a, [axis]) ? lowRankCumSum(a, axis, scan) : scan(a, axis);
    }
    case 'Reshape':
      return tf.reshape(a, [...ctx.outShape]);
    case 'Transpose':
      return viaInt32IfBool(a, (t) => {
        const perm = (node.attrs as OpAttrs['Transpose']).perm;
        return exactTranspose(t, perm);
      });
    case 'Slice': {
      const attrs = node.attrs as OpAttrs['Slice'];
      const begin = a.shape.map(() => 0);
      const sizes = [...a.shape];
      attrs.axes.forEach((axis, i) => {
        begin[axis] = attrs.starts[i]!;
        sizes[axis] = ctx.resolve(attrs.ends[i]!) - attrs.starts[i]!;
      });
      return viaInt32IfBool(a, (t) =>
        needsLowRank(t.rank) ? lowRankSlice(t, begin, sizes) : sliceOnCpu(t, begin, sizes),
      );
    }
    case 'Concat': {
      const given = (node.attrs as OpAttrs['Concat']).axis;
      const axis = given < 0 ? given + a.rank : given;
      const concat = (ts: tf.Tensor[]) =>
        needsLowRank(a.rank) ? lowRankConcat(ts, axis, ctx.outShape) : tf.concat(ts, axis);
      if (a.dtype !== 'bool') return concat([...x]);
      return tf.cast(concat(x.map((t) => tf.cast(t, 'int32'))), 'bool');
    }
    case 'Pad': {
      const attrs = node.attrs as OpAttrs['Pad'];
      const pads = attrs.pads.map(([before, after]) => [before, after] as [number, number]);
      return viaInt32IfBool(a, (t) =>
        needsLowRank(t.rank) ? lowRankPad(t, pads, attrs.value) : tf.pad(t, pads, attrs.value),
      );
    }
    case 'Gather':
      return viaInt32IfBool(a, (t) => {
        const given = (node.attrs as OpAttrs['Gather']).axis;
        const axis = given < 0 ? given + t.rank : given;
        const gathered = needsLowRank(t.rank) || needsLowRank(ctx.outShape.length);
        return gathered ? lowRankGather(t, b, axis, ctx.outShape) : tf.gather(t, b, axis);
      });
    case 'Expand':
      if (arraysEqual(a.shape, ctx.outShape)) return tf.clone(a);
      return viaInt32IfBool(a, (t) => exactBroadcast(t, ctx.outShape));
    case 'Relu':
      return tf.relu(a);
    case 'Elu':
      return tf.elu(a);
    case 'Sigmoid':
      return tf.sigmoid(a);
    case 'Softplus':
      return tf.softplus(a);
    default:
      throw new InvalidArgumentError(`tfjs lowering: no rule for op '${node.op}'`);
  }
}

function arraysEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
