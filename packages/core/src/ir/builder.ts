import { GraphError, InvalidArgumentError, RankError } from '../errors.js';
import type { DType } from './dtype.js';
import type { Graph, GraphNode, InputValues, NamedValue, ValueId, ValueInfo } from './graph.js';
import { inferNode } from './infer.js';
import type { BinaryArithOp, CompareOp, OpAttrs, OpName, UnaryFloatOp } from './ops.js';
import { checkDim, type Dim, dimSymbols, isPlainSymbol, normalizeAxis, type Shape } from './shape.js';

/** A handle to a value in the graph being built. Only valid with the builder that made it. */
export class Value implements ValueInfo {
  constructor(
    readonly builder: GraphBuilder,
    readonly id: ValueId,
    readonly dtype: DType,
    readonly shape: Shape,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  /** Dim at a possibly negative axis. */
  dim(axis: number): Dim {
    const d = this.shape[axis < 0 ? this.shape.length + axis : axis];
    if (d === undefined)
      throw new InvalidArgumentError(`axis ${axis} is out of range for shape of rank ${this.rank}`);
    return d;
  }
}

export type Operand = Value | number;

/**
 * Builds a Graph node by node. Shapes and dtypes are inferred and checked as each node is added.
 * Composite ops (logSumExp, softmax, ...) are recorded as single nodes; see expandComposites.
 */
export class GraphBuilder {
  private readonly values: ValueInfo[] = [];
  private readonly nodes: GraphNode[] = [];
  private readonly inputs: NamedValue[] = [];
  private readonly scalarCache = new Map<string, Value>();

  input(
    name: string,
    dtype: DType,
    shape: Shape,
    options: { readonly values?: InputValues; readonly nonEmpty?: boolean } = {},
  ): Value {
    if (this.inputs.some((i) => i.name === name)) throw new GraphError(`input '${name}' is declared twice`);
    shape.forEach((d) => {
      checkDim(d, `input '${name}'`);
      if (typeof d === 'string' && !isPlainSymbol(d)) {
        throw new GraphError(
          `input '${name}': dim '${d}' is an expression; inputs must use plain symbols, which bind at run time`,
        );
      }
    });
    const value = this.newValue(dtype, [...shape]);
    this.inputs.push({
      name,
      value: value.id,
      ...(options.values ? { values: options.values } : {}),
      ...(options.nonEmpty ? { nonEmpty: true } : {}),
    });
    return value;
  }

  /** Adds a node; public so that expansion and autodiff can copy nodes generically. */
  node<Op extends OpName>(op: Op, inputs: readonly Value[], attrs: OpAttrs[Op]): Value {
    for (const v of inputs) {
      if (v.builder !== this) throw new GraphError(`${op}: an input belongs to a different graph builder`);
    }
    const inferred = inferNode(op, inputs, attrs);
    const out = this.newValue(inferred.dtype, inferred.shape);
    this.nodes.push({ op, inputs: inputs.map((v) => v.id), output: out.id, attrs } as GraphNode);
    return out;
  }

  /**
   * Moves the node that produces `value` after every node added so far; `value` must have no consumer
   * yet. The graph computes the same, but runtimes schedule by node order: ORT walks a graph depth-first
   * from its outputs, entering a node's highest-index input first, so the producer moved last is the one
   * run first.
   */
  moveToEnd(value: Value): void {
    if (value.builder !== this)
      throw new GraphError('moveToEnd: the value belongs to a different graph builder');
    const index = this.nodes.findIndex((n) => n.output === value.id);
    if (index < 0) throw new GraphError(`moveToEnd: value ${value.id} is a graph input, not a node's output`);
    if (this.nodes.some((n) => n.inputs.includes(value.id)))
      throw new GraphError(
        `moveToEnd: value ${value.id} already has a consumer, which would then run before it`,
      );
    this.nodes.push(...this.nodes.splice(index, 1));
  }

  private newValue(dtype: DType, shape: Shape): Value {
    const value = new Value(this, this.values.length, dtype, shape);
    this.values.push({ id: value.id, dtype, shape });
    return value;
  }

  // ---- constants -------------------------------------------------------------------------------

  constant(values: ArrayLike<number>, shape: readonly number[], dtype: DType = 'float32'): Value {
    // Int32Array.from would silently truncate 0.5 to 0, turning e.g. `less(i, 2.5)` into `less(i, 2)`.
    if (dtype !== 'float32') {
      const bad = Array.from(values).find(
        (v) => !Number.isInteger(v) || (dtype === 'bool' && v !== 0 && v !== 1),
      );
      if (bad !== undefined) throw new InvalidArgumentError(`Constant: ${bad} is not a valid ${dtype} value`);
    }
    const data =
      dtype === 'float32'
        ? Float64Array.from(values)
        : dtype === 'int32'
          ? Int32Array.from(values)
          : Uint8Array.from(values);
    return this.node('Constant', [], { value: data, dtype, shape: [...shape] });
  }

  /** Rank-0 constant; repeated scalars share one node. */
  scalar(value: number, dtype: DType = 'float32'): Value {
    const key = `${dtype}:${Object.is(value, -0) ? '-0' : String(value)}`;
    let v = this.scalarCache.get(key);
    if (!v) {
      v = this.constant([value], [], dtype);
      this.scalarCache.set(key, v);
    }
    return v;
  }

  iota(length: Dim, dtype: 'float32' | 'int32' = 'int32'): Value {
    return this.node('Iota', [], { length, dtype });
  }

  private operand(x: Operand, like: Value): Value {
    return typeof x === 'number' ? this.scalar(x, like.dtype) : x;
  }

  private binary(op: BinaryArithOp | CompareOp, a: Operand, b: Operand): Value {
    if (typeof a === 'number' && typeof b === 'number')
      return this.node(op, [this.scalar(a), this.scalar(b)], {});
    const like = (typeof a === 'number' ? b : a) as Value;
    return this.node(op, [this.operand(a, like), this.operand(b, like)], {});
  }

  private unary(op: UnaryFloatOp, x: Value): Value {
    return this.node(op, [x], {});
  }

  // ---- elementwise -----------------------------------------------------------------------------

  neg(x: Value): Value {
    return this.unary('Neg', x);
  }
  abs(x: Value): Value {
    return this.unary('Abs', x);
  }
  exp(x: Value): Value {
    return this.unary('Exp', x);
  }
  log(x: Value): Value {
    return this.unary('Log', x);
  }
  sqrt(x: Value): Value {
    return this.unary('Sqrt', x);
  }
  tanh(x: Value): Value {
    return this.unary('Tanh', x);
  }
  erf(x: Value): Value {
    return this.unary('Erf', x);
  }
  not(x: Value): Value {
    return this.node('Not', [x], {});
  }
  add(a: Operand, b: Operand): Value {
    return this.binary('Add', a, b);
  }
  sub(a: Operand, b: Operand): Value {
    return this.binary('Sub', a, b);
  }
  mul(a: Operand, b: Operand): Value {
    return this.binary('Mul', a, b);
  }
  div(a: Operand, b: Operand): Value {
    return this.binary('Div', a, b);
  }
  pow(a: Operand, b: Operand): Value {
    return this.binary('Pow', a, b);
  }
  maximum(a: Operand, b: Operand): Value {
    return this.binary('Maximum', a, b);
  }
  minimum(a: Operand, b: Operand): Value {
    return this.binary('Minimum', a, b);
  }
  less(a: Operand, b: Operand): Value {
    return this.binary('Less', a, b);
  }
  lessEqual(a: Operand, b: Operand): Value {
    return this.binary('LessEqual', a, b);
  }
  greater(a: Operand, b: Operand): Value {
    return this.binary('Greater', a, b);
  }
  greaterEqual(a: Operand, b: Operand): Value {
    return this.binary('GreaterEqual', a, b);
  }
  equal(a: Operand, b: Operand): Value {
    return this.binary('Equal', a, b);
  }
  and(a: Value, b: Value): Value {
    return this.node('And', [a, b], {});
  }
  or(a: Value, b: Value): Value {
    return this.node('Or', [a, b], {});
  }
  where(cond: Value, a: Operand, b: Operand): Value {
    const like = typeof a === 'number' ? (typeof b === 'number' ? this.scalar(0) : b) : a;
    return this.node('Where', [cond, this.operand(a, like), this.operand(b, like)], {});
  }
  cast(x: Value, to: DType): Value {
    return x.dtype === to ? x : this.node('Cast', [x], { to });
  }

  // ---- linear algebra and reductions -----------------------------------------------------------

  matmul(a: Value, b: Value): Value {
    return this.node('MatMul', [a, b], {});
  }
  reduceSum(x: Value, axes: readonly number[], keepDims = false): Value {
    return this.node('ReduceSum', [x], { axes: [...axes], keepDims });
  }
  reduceMax(x: Value, axes: readonly number[], keepDims = false): Value {
    return this.node('ReduceMax', [x], { axes: [...axes], keepDims });
  }
  cumSum(x: Value, axis: number, options: { exclusive?: boolean; reverse?: boolean } = {}): Value {
    return this.node('CumSum', [x], {
      axis,
      exclusive: options.exclusive ?? false,
      reverse: options.reverse ?? false,
    });
  }

  // ---- layout ----------------------------------------------------------------------------------

  reshape(x: Value, shape: readonly Dim[]): Value {
    return this.node('Reshape', [x], { shape: [...shape] });
  }
  transpose(x: Value, perm: readonly number[]): Value {
    return this.node('Transpose', [x], { perm: [...perm] });
  }
  /** Swaps the last two axes. */
  transposeLast2(x: Value): Value {
    const perm = x.shape.map((_, i) => i);
    const r = perm.length;
    if (r < 2) throw new RankError(`Transpose: swapping the last two axes needs rank >= 2, got rank ${r}`);
    [perm[r - 2], perm[r - 1]] = [perm[r - 1]!, perm[r - 2]!];
    return this.transpose(x, perm);
  }
  slice(x: Value, axes: readonly number[], starts: readonly number[], ends: readonly Dim[]): Value {
    const rank = x.rank;
    return this.node('Slice', [x], {
      axes: axes.map((a) => (a < 0 ? a + rank : a)),
      starts: [...starts],
      ends: [...ends],
    });
  }
  concat(xs: readonly Value[], axis: number): Value {
    return this.node('Concat', xs, { axis });
  }
  pad(x: Value, pads: readonly (readonly [number, number])[], value = 0): Value {
    return this.node('Pad', [x], { pads: pads.map((p) => [p[0], p[1]] as const), value });
  }
  /** Pads one axis only. */
  padAxis(x: Value, axis: number, before: number, after: number, value = 0): Value {
    // Without the check an out-of-range axis would silently pad nothing.
    const a = normalizeAxis('Pad', axis, x.rank);
    return this.pad(
      x,
      x.shape.map((_, i) => (i === a ? ([before, after] as const) : ([0, 0] as const))),
      value,
    );
  }
  gather(data: Value, indices: Value, axis: number): Value {
    return this.node('Gather', [data, indices], { axis });
  }
  /** data + the rows of `updates` added at rows `indices` of axis 0 (duplicates summed). */
  scatterAdd(data: Value, indices: Value, updates: Value): Value {
    return this.node('ScatterAdd', [data, indices, updates], {});
  }
  expand(x: Value, shape: readonly Dim[]): Value {
    return this.node('Expand', [x], { shape: [...shape] });
  }

  // ---- composites ------------------------------------------------------------------------------

  logSumExp(x: Value, axes: readonly number[], keepDims = false): Value {
    return this.node('LogSumExp', [x], { axes: [...axes], keepDims });
  }
  logCumSumExp(x: Value, axis: number, options: { exclusive?: boolean; reverse?: boolean } = {}): Value {
    return this.node('LogCumSumExp', [x], {
      axis,
      exclusive: options.exclusive ?? false,
      reverse: options.reverse ?? false,
    });
  }
  logAddExp(a: Value, b: Value): Value {
    return this.node('LogAddExp', [a, b], {});
  }
  softmax(x: Value, axis = -1, options: { readonly finiteRows?: boolean } = {}): Value {
    return this.node('Softmax', [x], options.finiteRows ? { axis, finiteRows: true } : { axis });
  }
  logSoftmax(x: Value, axis = -1): Value {
    return this.node('LogSoftmax', [x], { axis });
  }
  reduceMean(x: Value, axes: readonly number[], keepDims = false): Value {
    return this.node('ReduceMean', [x], { axes: [...axes], keepDims });
  }
  layerNorm(x: Value, gamma: Value, beta: Value, eps = 1e-5): Value {
    return this.node('LayerNorm', [x, gamma, beta], { eps });
  }
  gelu(x: Value, approximate: 'none' | 'tanh' = 'none'): Value {
    return this.node('Gelu', [x], { approximate });
  }
  sigmoid(x: Value): Value {
    return this.node('Sigmoid', [x], {});
  }
  softplus(x: Value): Value {
    return this.node('Softplus', [x], {});
  }
  elu(x: Value): Value {
    return this.node('Elu', [x], {});
  }
  relu(x: Value): Value {
    return this.node('Relu', [x], {});
  }

  // ---- finishing -------------------------------------------------------------------------------

  /**
   * Freezes the graph with the given named outputs. Nodes that no output depends on are dropped,
   * and every symbolic dim must be bound by some input's shape.
   */
  build(outputs: Readonly<Record<string, Value>>): Graph {
    const named = Object.entries(outputs);
    if (named.length === 0) throw new GraphError('a graph needs at least one output');
    for (const [name, v] of named) {
      if (v.builder !== this) throw new GraphError(`output '${name}' belongs to a different graph builder`);
      if (this.inputs.some((i) => i.name === name))
        throw new GraphError(`output '${name}' has the same name as an input`);
    }
    const live = new Set<ValueId>(named.map(([, v]) => v.id));
    const producer = new Map<ValueId, GraphNode>(this.nodes.map((n) => [n.output, n]));
    const stack = [...live];
    while (stack.length > 0) {
      const node = producer.get(stack.pop()!);
      if (!node) continue;
      for (const i of node.inputs) {
        if (!live.has(i)) {
          live.add(i);
          stack.push(i);
        }
      }
    }
    const bound = new Set<string>();
    for (const input of this.inputs) {
      for (const d of this.values[input.value]!.shape) if (typeof d === 'string') bound.add(d);
    }
    const nodes = this.nodes.filter((n) => live.has(n.output));
    for (const n of nodes) {
      for (const d of this.values[n.output]!.shape) {
        if (typeof d === 'string' && !dimSymbols(d).every((s) => bound.has(s))) {
          throw new GraphError(
            `${n.op}: symbolic dim '${d}' is not a dim of any graph input, so it cannot be bound at run time`,
          );
        }
      }
    }
    return {
      values: [...this.values],
      nodes,
      inputs: [...this.inputs],
      outputs: named.map(([name, v]) => ({ name, value: v.id })),
    };
  }
}
