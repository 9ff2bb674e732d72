import { DTypeError, InvalidArgumentError, RankError, ShapeError } from '../errors.js';
import type { DType } from './dtype.js';
import type { ValueInfo } from './graph.js';
import {
  BINARY_ARITH_OPS,
  COMPARE_OPS,
  LOGIC_OPS,
  type OpAttrs,
  type OpName,
  UNARY_FLOAT_OPS,
} from './ops.js';
import {
  addDims,
  broadcastShapes,
  checkDim,
  type Dim,
  dimAtMost,
  dimProduct,
  formatShape,
  normalizeAxis,
  parseSymbolicDim,
  type Shape,
  sameProduct,
} from './shape.js';

export interface InferredValue {
  readonly dtype: DType;
  readonly shape: Shape;
}

function describe(inputs: readonly ValueInfo[]): string {
  return inputs.map((v) => `${v.dtype}${formatShape(v.shape)}`).join(', ');
}

function expectArity(op: string, inputs: readonly ValueInfo[], arity: number): void {
  if (inputs.length !== arity) {
    throw new InvalidArgumentError(
      `${op}: expects ${arity} input(s), got ${inputs.length} (${describe(inputs)})`,
    );
  }
}

function expectDType(
  op: string,
  inputs: readonly ValueInfo[],
  allowed: readonly DType[],
  which?: number,
): void {
  const checked = which === undefined ? inputs : [inputs[which]!];
  for (const v of checked) {
    if (!allowed.includes(v.dtype)) {
      throw new DTypeError(`${op}: expects ${allowed.join(' or ')} input(s), got ${describe(inputs)}`);
    }
  }
}

function expectSameDType(op: string, inputs: readonly ValueInfo[]): DType {
  const dtype = inputs[0]!.dtype;
  if (inputs.some((v) => v.dtype !== dtype)) {
    throw new DTypeError(`${op}: inputs must share one dtype, got ${describe(inputs)}`);
  }
  return dtype;
}

function normalizeAxes(op: string, axes: readonly number[], rank: number): number[] {
  const out = axes.map((a) => normalizeAxis(op, a, rank));
  if (new Set(out).size !== out.length)
    throw new InvalidArgumentError(`${op}: repeated axis in [${axes.join(', ')}]`);
  return out;
}

function reduceShape(shape: Shape, axes: readonly number[], keepDims: boolean): Shape {
  const out: Dim[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

function withShapeContext<T>(op: string, inputs: readonly ValueInfo[], f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof ShapeError && !err.message.startsWith(op)) {
      throw new ShapeError(`${op}: ${err.message} (inputs ${describe(inputs)})`);
    }
    throw err;
  }
}

/**
 * Shape and dtype inference for one node, run when the node is added so that a bad graph fails at
 * build time with the op and the offending shapes named, never inside a runtime.
 */
export function inferNode<Op extends OpName>(
  op: Op,
  inputs: readonly ValueInfo[],
  attrs: OpAttrs[Op],
): InferredValue {
  return withShapeContext(op, inputs, () => inferUnchecked(op, inputs, attrs as OpAttrs[OpName]));
}

function inferUnchecked(op: OpName, inputs: readonly ValueInfo[], attrs: OpAttrs[OpName]): InferredValue {
  if ((UNARY_FLOAT_OPS as readonly string[]).includes(op)) {
    expectArity(op, inputs, 1);
    expectDType(op, inputs, ['float32']);
    return inputs[0]!;
  }
  if ((BINARY_ARITH_OPS as readonly string[]).includes(op)) {
    expectArity(op, inputs, 2);
    const dtype = expectSameDType(op, inputs);
    expectDType(op, inputs, ['float32', 'int32']);
    return { dtype, shape: broadcastShapes(op, [inputs[0]!.shape, inputs[1]!.shape]) };
  }
  if ((COMPARE_OPS as readonly string[]).includes(op)) {
    expectArity(op, inputs, 2);
    expectSameDType(op, inputs);
    expectDType(op, inputs, ['float32', 'int32']);
    return { dtype: 'bool', shape: broadcastShapes(op, [inputs[0]!.shape, inputs[1]!.shape]) };
  }
  if ((LOGIC_OPS as readonly string[]).includes(op)) {
    expectArity(op, inputs, 2);
    expectDType(op, inputs, ['bool']);
    return { dtype: 'bool', shape: broadcastShapes(op, [inputs[0]!.shape, inputs[1]!.shape]) };
  }
  switch (op) {
    case 'Constant': {
      const a = attrs as OpAttrs['Constant'];
      expectArity(op, inputs, 0);
      a.shape.forEach((d) => checkDim(d, op));
      const size = a.shape.reduce((x, y) => x * y, 1);
      if (a.value.length !== size) {
        throw new ShapeError(`Constant: ${a.value.length} values do not fill shape ${formatShape(a.shape)}`);
      }
      return { dtype: a.dtype, shape: a.shape };
    }
    case 'Iota': {
      const a = attrs as OpAttrs['Iota'];
      expectArity(op, inputs, 0);
      checkDim(a.length, op);
      return { dtype: a.dtype, shape: [a.length] };
    }
    case 'Not':
      expectArity(op, inputs, 1);
      expectDType(op, inputs, ['bool']);
      return inputs[0]!;
    case 'Where': {
      expectArity(op, inputs, 3);
      expectDType(op, inputs, ['bool'], 0);
      const dtype = expectSameDType(op, inputs.slice(1));
      return {
        dtype,
        shape: broadcastShapes(
          op,
          inputs.map((v) => v.shape),
        ),
      };
    }
    case 'Cast':
      expectArity(op, inputs, 1);
      return { dtype: (attrs as OpAttrs['Cast']).to, shape: inputs[0]!.shape };
    case 'MatMul': {
      expectArity(op, inputs, 2);
      const dtype = expectSameDType(op, inputs);
      expectDType(op, inputs, ['float32']);
      const [a, b] = [inputs[0]!.shape, inputs[1]!.shape];
      if (a.length < 2 || b.length < 2) {
        throw new RankError(`MatMul: inputs must have rank >= 2, got ${describe(inputs)}`);
      }
      const k1 = a[a.length - 1]!;
      const k2 = b[b.length - 2]!;
      if (k1 !== k2) {
        throw new ShapeError(
          `MatMul: inner dimensions differ (${String(k1)} vs ${String(k2)}) for ${describe(inputs)}`,
        );
      }
      const batch = broadcastShapes(op, [a.slice(0, -2), b.slice(0, -2)]);
      return { dtype, shape: [...batch, a[a.length - 2]!, b[b.length - 1]!] };
    }
    case 'ReduceSum':
    case 'ReduceMax': {
      expectArity(op, inputs, 1);
      expectDType(op, inputs, ['float32', 'int32']);
      const a = attrs as OpAttrs['ReduceSum'];
      const axes = normalizeAxes(op, a.axes, inputs[0]!.shape.length);
      return { dtype: inputs[0]!.dtype, shape: reduceShape(inputs[0]!.shape, axes, a.keepDims) };
    }
    case 'CumSum': {
      expectArity(op, inputs, 1);
      expectDType(op, inputs, ['float32', 'int32']);
      normalizeAxis(op, (attrs as OpAttrs['CumSum']).axis, inputs[0]!.shape.length);
      return inputs[0]!;
    }
    case 'Reshape':
      expectArity(op, inputs, 1);
      return {
        dtype: inputs[0]!.dtype,
        shape: inferReshape(inputs[0]!.shape, (attrs as OpAttrs['Reshape']).shape),
      };
    case 'Transpose': {
      expectArity(op, inputs, 1);
      const { perm } = attrs as OpAttrs['Transpose'];
      const shape = inputs[0]!.shape;
      const sorted = [...perm].sort((x, y) => x - y);
      if (perm.length !== shape.length || sorted.some((p, i) => p !== i)) {
        throw new InvalidArgumentError(
          `Transpose: perm [${perm.join(', ')}] is not a permutation of rank ${shape.length} (input ${describe(inputs)})`,
        );
      }
      return { dtype: inputs[0]!.dtype, shape: perm.map((p) => shape[p]!) };
    }
    case 'Slice': {
      expectArity(op, inputs, 1);
      const a = attrs as OpAttrs['Slice'];
      const shape = [...inputs[0]!.shape];
      if (a.axes.length !== a.starts.length || a.axes.length !== a.ends.length) {
        throw new InvalidArgumentError('Slice: axes, starts and ends must have the same length');
      }
      normalizeAxes(op, a.axes, shape.length).forEach((axis, i) => {
        const start = a.starts[i]!;
        const end = a.ends[i]!;
        const dim = shape[axis]!;
        checkDim(end, op);
        if (!Number.isInteger(start) || start < 0)
          throw new InvalidArgumentError(`Slice: start ${start} must be a non-negative integer`);
        if (typeof end === 'string') {
          if (!dimAtMost(end, dim))
            throw new ShapeError(
              `Slice: symbolic end '${end}' must be at most the sliced dimension ${String(dim)} for every length`,
            );
          if (start !== 0) throw new ShapeError(`Slice: a symbolic end needs start 0, got ${start}`);
          shape[axis] = end;
        } else {
          if (typeof dim === 'number' && end > dim) {
            throw new ShapeError(
              `Slice: end ${end} exceeds dimension ${dim} at axis ${axis} of ${formatShape(inputs[0]!.shape)}`,
            );
          }
          if (end < start) throw new ShapeError(`Slice: end ${end} is before start ${start}`);
          shape[axis] = end - start;
        }
      });
      return { dtype: inputs[0]!.dtype, shape };
    }
    case 'Concat': {
      if (inputs.length < 1) throw new InvalidArgumentError('Concat: needs at least one input');
      const dtype = expectSameDType(op, inputs);
      const rank = inputs[0]!.shape.length;
      const axis = normalizeAxis(op, (attrs as OpAttrs['Concat']).axis, rank);
      let total: Dim = 0;
      for (const v of inputs) {
        if (v.shape.length !== rank) throw new RankError(`Concat: ranks differ: ${describe(inputs)}`);
        v.shape.forEach((d, i) => {
          if (i !== axis && d !== inputs[0]!.shape[i]) {
            throw new ShapeError(`Concat: shapes differ off axis ${axis}: ${describe(inputs)}`);
          }
        });
        const sum = addDims(total, v.shape[axis]!);
        if (sum === undefined) {
          throw new ShapeError(
            `Concat: cannot add two symbolic dims along axis ${axis}: ${describe(inputs)}`,
          );
        }
        total = sum;
      }
      const shape = [...inputs[0]!.shape];
      shape[axis] = total;
      return { dtype, shape };
    }
    case 'Pad': {
      expectArity(op, inputs, 1);
      const { pads, value } = attrs as OpAttrs['Pad'];
      const shape = inputs[0]!.shape;
      if (inputs[0]!.dtype !== 'float32' && !Number.isInteger(value)) {
        throw new InvalidArgumentError(`Pad: fill value ${value} is not a valid ${inputs[0]!.dtype} value`);
      }
      if (pads.length !== shape.length)
        throw new InvalidArgumentError(`Pad: ${pads.length} pad pairs for rank ${shape.length}`);
      return {
        dtype: inputs[0]!.dtype,
        shape: shape.map((d, i) => {
          const [before, after] = pads[i]!;
          if (before < 0 || after < 0) throw new InvalidArgumentError('Pad: pads must be non-negative');
          if (before === 0 && after === 0) return d;
          const padded = addDims(d, before + after);
          if (padded === undefined)
            throw new ShapeError(
              `Pad: cannot pad symbolic dim '${d}' at axis ${i}: only a plain or offset symbol`,
            );
          return padded;
        }),
      };
    }
    case 'Gather': {
      expectArity(op, inputs, 2);
      expectDType(op, inputs, ['int32'], 1);
      const data = inputs[0]!.shape;
      const axis = normalizeAxis(op, (attrs as OpAttrs['Gather']).axis, data.length);
      return {
        dtype: inputs[0]!.dtype,
        shape: [...data.slice(0, axis), ...inputs[1]!.shape, ...data.slice(axis + 1)],
      };
    }
    case 'ScatterAdd': {
      expectArity(op, inputs, 3);
      expectDType(op, inputs, ['float32'], 0);
      expectDType(op, inputs, ['int32'], 1);
      expectDType(op, inputs, ['float32'], 2);
      const [data, indices, updates] = inputs.map((v) => v.shape) as [Shape, Shape, Shape];
      if (data.length < 1) throw new RankError(`ScatterAdd: data must have rank >= 1, got a scalar`);
      if (indices.length !== 1)
        throw new RankError(`ScatterAdd: indices must have rank 1, got ${formatShape(indices)}`);
      const expected = [indices[0]!, ...data.slice(1)];
      if (updates.length !== expected.length || updates.some((d, i) => d !== expected[i]))
        throw new ShapeError(
          `ScatterAdd: updates must have shape ${formatShape(expected)} (indices count, then data's trailing dims), got ${formatShape(updates)}`,
        );
      return { dtype: 'float32', shape: data };
    }
    case 'Expand': {
      expectArity(op, inputs, 1);
      const target = (attrs as OpAttrs['Expand']).shape;
      target.forEach((d) => checkDim(d, op));
      const shape = broadcastShapes(op, [inputs[0]!.shape, target]);
      return { dtype: inputs[0]!.dtype, shape };
    }
    // Composites: shapes are simple enough to state directly instead of tracing the decomposition.
    case 'LogSumExp':
    case 'ReduceMean': {
      expectArity(op, inputs, 1);
      expectDType(op, inputs, ['float32']);
      const a = attrs as OpAttrs['LogSumExp'];
      const axes = normalizeAxes(op, a.axes, inputs[0]!.shape.length);
      return { dtype: 'float32', shape: reduceShape(inputs[0]!.shape, axes, a.keepDims) };
    }
    case 'LogCumSumExp': {
      expectArity(op, inputs, 1);
      expectDType(op, inputs, ['float32']);
      const axis = normalizeAxis(op, (attrs as OpAttrs['LogCumSumExp']).axis, inputs[0]!.shape.length);
      const length = inputs[0]!.shape[axis]!;
      // A symbolic length is scanned in blocks padded in-graph (a chunk count by a mask); a sum of two
      // symbols cannot be cut into blocks.
      if (typeof length !== 'number' && parseSymbolicDim(length).addend !== undefined)
        throw new ShapeError(
          `LogCumSumExp: the scanned axis ${axis} must not be a sum of two symbols, got '${length}'`,
        );
      return inputs[0]!;
    }
    case 'Softmax':
    case 'LogSoftmax': {
      expectArity(op, inputs, 1);
      expectDType(op, inputs, ['float32']);
      normalizeAxis(op, (attrs as { axis: number }).axis, inputs[0]!.shape.length);
      return inputs[0]!;
    }
    case 'LogAddExp':
      expectArity(op, inputs, 2);
      expectDType(op, inputs, ['float32']);
      return { dtype: 'float32', shape: broadcastShapes(op, [inputs[0]!.shape, inputs[1]!.shape]) };
    case 'LayerNorm': {
      expectArity(op, inputs, 3);
      expectDType(op, inputs, ['float32']);
      const x = inputs[0]!.shape;
      const last = x[x.length - 1];
      for (const p of inputs.slice(1)) {
        if (p.shape.length !== 1 || p.shape[0] !== last) {
          throw new ShapeError(
            `LayerNorm: gamma and beta must have shape [${String(last)}], got ${describe(inputs)}`,
          );
        }
      }
      return inputs[0]!;
    }
    case 'Gelu':
    case 'Sigmoid':
    case 'Softplus':
    case 'Elu':
    case 'Relu':
    case 'FiniteShift':
    case 'StopGradient':
      expectArity(op, inputs, 1);
      expectDType(op, inputs, ['float32']);
      return inputs[0]!;
    case 'GuardedFastPath': {
      expectArity(op, inputs, 3);
      const [guard, fast, exact] = inputs as [ValueInfo, ValueInfo, ValueInfo];
      if (guard.dtype !== 'bool' || guard.shape.length !== 0)
        throw new DTypeError(`${op}: the guard must be a bool scalar, got ${describe([guard])}`);
      expectSameDType(op, [fast, exact]);
      if (fast.shape.length !== exact.shape.length || fast.shape.some((d, i) => d !== exact.shape[i]))
        throw new ShapeError(`${op}: fast and exact must have one shape, got ${describe([fast, exact])}`);
      return exact;
    }
    case 'ScaledDotProductAttention':
      expectArity(op, inputs, 3);
      expectDType(op, inputs, ['float32']);
      return inferAttention(inputs as [ValueInfo, ValueInfo, ValueInfo], attrs as OpAttrs[typeof op]);
    default:
      throw new InvalidArgumentError(`unknown op '${op}'`);
  }
}

/** q [b, h, n_q, dk], k [b, h, n_k, dk], v [b, h, n_k, dv] give [b, h, n_q, dv]. */
function inferAttention(
  [q, k, v]: readonly [ValueInfo, ValueInfo, ValueInfo],
  { scale, causal }: OpAttrs['ScaledDotProductAttention'],
): InferredValue {
  const op = 'ScaledDotProductAttention';
  if (!Number.isFinite(scale)) throw new InvalidArgumentError(`${op}: scale must be finite, got ${scale}`);
  if ([q, k, v].some((x) => x.shape.length !== 4))
    throw new RankError(`${op}: q, k and v must be [b, h, n, d], got ${describe([q, k, v])}`);
  const same = (a: ValueInfo, b: ValueInfo, axes: readonly number[]) =>
    axes.every((axis) => a.shape[axis] === b.shape[axis]);
  if (!same(q, k, [0, 1, 3]) || !same(k, v, [0, 1, 2]))
    throw new ShapeError(
      `${op}: q [b, h, n_q, dk], k [b, h, n_k, dk] and v [b, h, n_k, dv] do not fit: ${describe([q, k, v])}`,
    );
  if (causal && q.shape[2] !== k.shape[2])
    throw new ShapeError(`${op}: causal attention needs n_q = n_k, got ${describe([q, k])}`);
  return { dtype: 'float32', shape: [q.shape[0]!, q.shape[1]!, q.shape[2]!, v.shape[3]!] };
}

function inferReshape(input: Shape, target: readonly Dim[]): Shape {
  const minusOnes = target.filter((d) => d === -1).length;
  if (minusOnes > 1)
    throw new InvalidArgumentError(`Reshape: at most one -1 allowed in ${formatShape(target)}`);
  target.forEach((d) => {
    if (d !== -1) checkDim(d, 'Reshape');
  });
  const have = dimProduct(input);
  if (minusOnes === 0) {
    if (!sameProduct(have, dimProduct(target))) {
      throw new ShapeError(
        `Reshape: cannot reshape ${formatShape(input)} to ${formatShape(target)} (element counts differ)`,
      );
    }
    return target;
  }
  const known = dimProduct(target.filter((d) => d !== -1));
  const remaining = [...have.symbols];
  for (const s of known.symbols) {
    const i = remaining.indexOf(s);
    if (i < 0)
      throw new ShapeError(
        `Reshape: symbol '${s}' of ${formatShape(target)} is not a dim of ${formatShape(input)}`,
      );
    remaining.splice(i, 1);
  }
  if (known.coefficient === 0 || have.coefficient % known.coefficient !== 0) {
    throw new ShapeError(`Reshape: cannot reshape ${formatShape(input)} to ${formatShape(target)}`);
  }
  const coefficient = have.coefficient / known.coefficient;
  let inferred: Dim;
  if (remaining.length === 0) inferred = coefficient;
  else if (remaining.length === 1 && coefficient === 1) inferred = remaining[0]!;
  else {
    throw new ShapeError(
      `Reshape: the -1 in ${formatShape(target)} would be a product of symbols for input ${formatShape(input)}`,
    );
  }
  return target.map((d) => (d === -1 ? inferred : d));
}
