import type { Dim, DType, GraphNode, OpAttrs, PrimitiveOp, ValueInfo } from '@constant-attention/core';
import { InvalidArgumentError } from '@constant-attention/core';
import { ONNX_DTYPE } from '../onnx/onnx-types.js';
import { lowerCumSumScan } from './lower-cum-sum.js';
import { int, ints, type OnnxEmitter } from './onnx-emitter.js';

/** Core ops that map one-to-one onto an ONNX op with no attributes. */
const DIRECT: Partial<Record<PrimitiveOp, string>> = {
  Neg: 'Neg',
  Abs: 'Abs',
  Exp: 'Exp',
  Sqrt: 'Sqrt',
  Tanh: 'Tanh',
  Erf: 'Erf',
  Not: 'Not',
  Add: 'Add',
  Sub: 'Sub',
  Mul: 'Mul',
  Div: 'Div',
  Pow: 'Pow',
  Maximum: 'Max',
  Minimum: 'Min',
  Less: 'Less',
  LessEqual: 'LessOrEqual',
  Greater: 'Greater',
  GreaterEqual: 'GreaterOrEqual',
  Equal: 'Equal',
  And: 'And',
  Or: 'Or',
  MatMul: 'MatMul',
};

export interface LoweringContext {
  readonly emitter: OnnxEmitter;
  readonly inputInfo: readonly ValueInfo[];
  readonly outputInfo: ValueInfo;
}

/** Reductions take `axes` as an attribute up to some opset and as an int64 input after it. */
export function lowerReduction(
  ctx: LoweringContext,
  opType: string,
  x: string,
  axes: readonly number[],
  keepDims: boolean,
  axesAsInputSince: number,
): string {
  const em = ctx.emitter;
  // ONNX reads empty axes as "reduce everything"; in core it reduces nothing. No node at all: an
  // Identity would run on the CPU EP under WebGPU (see name-outputs.ts).
  if (axes.length === 0) return x;
  const rank = ctx.inputInfo[0]!.shape.length;
  const normalized = axes.map((a) => (a < 0 ? a + rank : a));
  const keepdims = int(keepDims ? 1 : 0);
  if (em.opset >= axesAsInputSince) return em.node(opType, [x, em.int64s(normalized)], { keepdims });
  return em.node(opType, [x], { axes: ints(normalized), keepdims });
}

function iota(ctx: LoweringContext, attrs: OpAttrs['Iota']): string {
  const em = ctx.emitter;
  if (typeof attrs.length === 'number') {
    return em.constant(
      attrs.dtype,
      [attrs.length],
      Array.from({ length: attrs.length }, (_, i) => i),
    );
  }
  const limit = em.node('Cast', [em.node('Squeeze', [em.symbolicDim(attrs.length), em.int64s([0])])], {
    to: int(ONNX_DTYPE[attrs.dtype]),
  });
  const zero = em.constant(attrs.dtype, [], [0]);
  const one = em.constant(attrs.dtype, [], [1]);
  return em.node('Range', [zero, limit, one]);
}

function pad(ctx: LoweringContext, x: string, attrs: OpAttrs['Pad'], dtype: DType): string {
  const em = ctx.emitter;
  const pads = em.int64s([...attrs.pads.map((p) => p[0]), ...attrs.pads.map((p) => p[1])]);
  if (dtype === 'bool') {
    // ORT's Pad has no bool kernel in every build; pad the uint8 view instead.
    const asBytes = em.node('Cast', [x], { to: int(ONNX_DTYPE.uint8) });
    const fill = em.constant('uint8', [], [attrs.value ? 1 : 0]);
    const padded = em.node('Pad', [asBytes, pads, fill], { mode: { kind: 'string', value: 'constant' } });
    return em.node('Cast', [padded], { to: int(ONNX_DTYPE.bool) });
  }
  const fill = em.constant(dtype, [], [dtype === 'int32' ? Math.trunc(attrs.value) : attrs.value]);
  return em.node('Pad', [x, pads, fill], { mode: { kind: 'string', value: 'constant' } });
}

function reshape(ctx: LoweringContext, x: string, attrs: OpAttrs['Reshape']): string {
  const em = ctx.emitter;
  // With allowzero=0 (the default) ONNX reads a literal 0 as "copy the input dim"; core means size 0.
  const literalZero = attrs.shape.includes(0) && !attrs.shape.includes(-1);
  return em.node('Reshape', [x, em.shape(attrs.shape)], literalZero ? { allowzero: int(1) } : {});
}

/**
 * Where(condition, a, b). For WebGPU every input is first expanded to the output shape: JSEP's Where
 * shader cache key holds only the inputs' ranks and types, not whether they broadcast, so a shader
 * compiled for equal shapes was reused for broadcasting inputs of the same ranks (read by flat offset,
 * found by the browser conformance). With equal shapes every shader it may pick is correct.
 */
function select(
  ctx: LoweringContext,
  inputs: readonly string[],
  shape: readonly Dim[],
  inputShapes: readonly (readonly Dim[])[],
): string {
  const em = ctx.emitter;
  if (!em.webgpu) return flatElementwise(ctx, 'Where', inputs) ?? em.node('Where', inputs);
  const full = inputs.map((name, i) =>
    sameShape(inputShapes[i]!, shape) ? name : em.node('Expand', [name, em.shape(shape)]),
  );
  return em.node('Where', full);
}

const sameShape = (a: readonly Dim[], b: readonly Dim[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

const ELEMENTWISE = new Set([
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Max',
  'Min',
  'Less',
  'LessOrEqual',
  'Greater',
  'GreaterOrEqual',
  'Equal',
  'And',
  'Or',
  'Where',
]);

/**
 * An elementwise op whose inputs each have the output's shape or hold one element, on a CPU or wasm
 * session, runs on flat 1-D views. ORT's CPU broadcast loop walks the innermost dim as its span, so a
 * scalar against a [..., L, 1] value (every row max and norm here) went one element per span: measured
 * 1.6 ms for 65k elements at rank 5, against 0.03 ms flat. The reshapes are views, not copies.
 */
export function flatElementwise(
  ctx: LoweringContext,
  opType: string,
  inputs: readonly string[],
): string | undefined {
  const em = ctx.emitter;
  const out = ctx.outputInfo.shape;
  if (em.webgpu || !ELEMENTWISE.has(opType) || out.length < 2) return undefined;
  if (!out.every((d) => typeof d === 'number')) return undefined;
  const shapes = ctx.inputInfo.map((v) => v.shape);
  const isScalar = (shape: readonly Dim[]) => shape.every((d) => d === 1);
  if (!shapes.every((shape) => sameShape(shape, out) || isScalar(shape))) return undefined;
  if (!shapes.some(isScalar) || shapes.every(isScalar)) return undefined;
  const flat = inputs.map((name, i) => {
    const shape = shapes[i]!;
    if (shape.length === 0) return name;
    return em.node('Reshape', [name, em.int64s(isScalar(shape) ? [] : [-1])]);
  });
  // An empty output's 0 is a size, not ONNX's default "copy the input dim" (the flat input has rank 1).
  const reshaped = [em.node(opType, flat), em.shape(out)];
  return out.includes(0) ? em.node('Reshape', reshaped, { allowzero: int(1) }) : em.node('Reshape', reshaped);
}

/** Below this many contiguous elements per index, a Gather copies too little at a time to win. */
const GATHER_MIN_RUN = 16;

/**
 * A slice along one axis that is not the last, on a CPU or wasm session, as a Gather of the index
 * range. ORT CPU's Slice copies on one thread; its Gather copies the same contiguous runs on the whole
 * pool: 0.5-1.0 ms against 0.9-2.3 ms for 2M floats in runs of 64 to 4096 (the dyadic halves of heinsen's
 * chunked form, 16 per layer). WebGPU keeps Slice, a single shader either way.
 */
function sliceAsGather(
  ctx: LoweringContext,
  x: string,
  axes: readonly number[],
  starts: readonly number[],
): string | undefined {
  const em = ctx.emitter;
  const input = ctx.inputInfo[0]!.shape;
  const output = ctx.outputInfo.shape;
  if (em.webgpu || axes.length !== 1) return undefined;
  const axis = axes[0]!;
  const inner = input.slice(axis + 1);
  const width = output[axis];
  if (axis === input.length - 1 || typeof width !== 'number') return undefined;
  if (!inner.every((d) => typeof d === 'number')) return undefined;
  if ((inner as number[]).reduce((p, d) => p * d, 1) < GATHER_MIN_RUN) return undefined;
  const start = starts[0]!;
  if (start < 0) return undefined;
  const indices = em.int64s(Array.from({ length: width }, (_, i) => start + i));
  return em.node('Gather', [x, indices], { axis: int(axis) });
}

/** Below this many rows, a last-axis Gather is left as it is. */
const TRANSPOSED_GATHER_MIN_ROWS = 64;

/**
 * A Gather along the last axis of a value with many rows, on a CPU or wasm session, as Transpose (the
 * axis to the front), Gather on axis 0 and Transpose back. ORT CPU's Gather copies one block per index
 * and row, so a last-axis Gather moves one float per call: 12 ns per element (6.3 ms for 512 x 1024),
 * where each row of the transposed Gather is a run of all the rows (0.9 ms with both transposes).
 */
function lastAxisGather(ctx: LoweringContext, inputs: readonly string[], axis: number): string | undefined {
  const em = ctx.emitter;
  const shape = ctx.inputInfo[0]!.shape;
  const indexShape = ctx.inputInfo[1]!.shape;
  if (em.webgpu || shape.length < 2 || axis !== shape.length - 1) return undefined;
  if (!shape.every((d) => typeof d === 'number') || !indexShape.every((d) => typeof d === 'number'))
    return undefined;
  const rows = (shape.slice(0, -1) as number[]).reduce((p, d) => p * d, 1);
  const picks = (indexShape as number[]).reduce((p, d) => p * d, 1);
  if (rows < TRANSPOSED_GATHER_MIN_ROWS) return undefined;
  // Two-dimensional views: ORT transposes [a, b] with MLAS, while [1024, 1, 8, 64] -> [1, 8, 64, 1024]
  // took 3 ms on its generic path.
  const byColumn = em.node(
    'Transpose',
    [em.node('Reshape', [inputs[0]!, em.int64s([rows, shape[axis] as number])])],
    {
      perm: ints([1, 0]),
    },
  );
  const flatIndices = em.node('Reshape', [inputs[1]!, em.int64s([picks])]);
  const picked = em.node('Gather', [byColumn, flatIndices], { axis: int(0) });
  const byRow = em.node('Transpose', [picked], { perm: ints([1, 0]) });
  return em.node('Reshape', [byRow, em.shape(ctx.outputInfo.shape)]);
}

/** Emits the ONNX nodes for one primitive node and returns the name holding its result. */
export function lowerPrimitive(ctx: LoweringContext, node: GraphNode, inputs: readonly string[]): string {
  const em = ctx.emitter;
  const op = node.op as PrimitiveOp;
  if (em.webgpu && (op === 'Maximum' || op === 'Minimum')) {
    // Exact for every non-NaN value, +-inf included; a tie picks b, which equals a.
    const pickA = em.node(op === 'Maximum' ? 'Greater' : 'Less', inputs);
    const [a, b] = ctx.inputInfo;
    return select(ctx, [pickA, inputs[0]!, inputs[1]!], ctx.outputInfo.shape, [
      ctx.outputInfo.shape,
      a!.shape,
      b!.shape,
    ]);
  }
  if (op === 'MatMul' && ctx.inputInfo[0]!.shape.at(-1) === 0) {
    // A sum over nothing is 0; ORT-web's batched MatMul leaves such an output uninitialized.
    const zero = em.constant(ctx.outputInfo.dtype, [], [0]);
    return em.node('Expand', [zero, em.shape(ctx.outputInfo.shape)]);
  }
  const direct = DIRECT[op];
  if (direct) return flatElementwise(ctx, direct, inputs) ?? em.node(direct, inputs);
  const x = inputs[0]!;
  const rank = ctx.inputInfo[0]?.shape.length ?? 0;
  const positive = (axis: number) => (axis < 0 ? axis + rank : axis);
  switch (op) {
    case 'Constant': {
      const a = node.attrs as OpAttrs['Constant'];
      return em.constant(a.dtype, a.shape, a.value);
    }
    case 'Iota':
      return iota(ctx, node.attrs as OpAttrs['Iota']);
    case 'Log': {
      // WGSL's log(0) is implementation-defined (SwiftShader gives -88.03, log of the smallest
      // normal), so log(0) = -inf is pinned explicitly: -inf is how every mechanism spells "empty".
      const zero = em.constant('float32', [], [0]);
      const minusInf = em.constant('float32', [], [Number.NEGATIVE_INFINITY]);
      return em.node('Where', [em.node('Equal', [x, zero]), minusInf, em.node('Log', [x])]);
    }
    case 'Where': {
      const shapes = ctx.inputInfo.map((i) => i.shape);
      if (ctx.outputInfo.dtype !== 'bool') return select(ctx, inputs, ctx.outputInfo.shape, shapes);
      // ORT has no bool Where kernel; select between uint8 views instead.
      const bytes = inputs.slice(1).map((v) => em.node('Cast', [v], { to: int(ONNX_DTYPE.uint8) }));
      const selected = select(ctx, [x, ...bytes], ctx.outputInfo.shape, shapes);
      return em.node('Cast', [selected], { to: int(ONNX_DTYPE.bool) });
    }
    case 'Cast':
      return em.node('Cast', [x], { to: int(ONNX_DTYPE[(node.attrs as OpAttrs['Cast']).to]) });
    case 'ReduceSum': {
      const a = node.attrs as OpAttrs['ReduceSum'];
      return lowerReduction(ctx, 'ReduceSum', x, a.axes, a.keepDims, 13);
    }
    case 'ReduceMax': {
      const a = node.attrs as OpAttrs['ReduceMax'];
      return lowerReduction(ctx, 'ReduceMax', x, a.axes, a.keepDims, 18);
    }
    case 'CumSum': {
      const a = node.attrs as OpAttrs['CumSum'];
      const axis = positive(a.axis);
      const length = ctx.inputInfo[0]!.shape[axis]!;
      if (em.cumSum === 'scan' && typeof length === 'number') {
        return lowerCumSumScan(em, x, { ...a, axis, length, rank, dtype: ctx.inputInfo[0]!.dtype });
      }
      return em.node('CumSum', [x, em.int64Scalar(axis)], {
        exclusive: int(a.exclusive ? 1 : 0),
        reverse: int(a.reverse ? 1 : 0),
      });
    }
    case 'Reshape':
      return reshape(ctx, x, node.attrs as OpAttrs['Reshape']);
    case 'Transpose':
      return em.node('Transpose', [x], { perm: ints((node.attrs as OpAttrs['Transpose']).perm) });
    case 'Slice': {
      const a = node.attrs as OpAttrs['Slice'];
      const axes = a.axes.map(positive);
      return (
        sliceAsGather(ctx, x, axes, a.starts) ??
        em.node('Slice', [x, em.int64s(a.starts), em.shape(a.ends), em.int64s(axes)])
      );
    }
    case 'Concat':
      return em.node('Concat', inputs, { axis: int(positive((node.attrs as OpAttrs['Concat']).axis)) });
    case 'Pad':
      return pad(ctx, x, node.attrs as OpAttrs['Pad'], ctx.inputInfo[0]!.dtype);
    case 'Gather': {
      const axis = positive((node.attrs as OpAttrs['Gather']).axis);
      return lastAxisGather(ctx, inputs, axis) ?? em.node('Gather', inputs, { axis: int(axis) });
    }
    case 'Expand':
      return em.node('Expand', [x, em.shape((node.attrs as OpAttrs['Expand']).shape)]);
    default:
      throw new InvalidArgumentError(`backend-ort: no ONNX lowering for op '${node.op}'`);
  }
}
