import { type Dim, GraphError, parseSymbolicDim } from '@constant-attention/core';
import type { AttributeValue, OnnxElemType, OnnxNode, OnnxTensor } from '../onnx/onnx-types.js';

export type Attributes = Readonly<Record<string, AttributeValue>>;

export const int = (value: number): AttributeValue => ({ kind: 'int', value });
export const float = (value: number): AttributeValue => ({ kind: 'float', value });
export const ints = (value: readonly number[]): AttributeValue => ({ kind: 'ints', value });
export const str = (value: string): AttributeValue => ({ kind: 'string', value });

function rawBytes(elemType: OnnxElemType, values: ArrayLike<number>): Uint8Array {
  // ONNX raw_data is little-endian; typed arrays use the platform order, which is little-endian on
  // every platform ONNX Runtime ships for.
  switch (elemType) {
    case 'float32':
      return new Uint8Array(Float32Array.from(values).buffer);
    case 'int32':
      return new Uint8Array(Int32Array.from(values).buffer);
    case 'int64':
      return new Uint8Array(BigInt64Array.from(Array.from(values, (v) => BigInt(v))).buffer);
    case 'bool':
    case 'uint8':
      return Uint8Array.from(values, (v) => (elemType === 'bool' ? (v ? 1 : 0) : v));
  }
}

/**
 * Accumulates ONNX nodes and initializers with fresh names, and turns shapes that may hold symbolic
 * dims into int64 shape tensors computed from the graph inputs at run time.
 */
export class OnnxEmitter {
  readonly nodes: OnnxNode[] = [];
  /** The model's initializers, shared with every branch emitter: a subgraph may read outer names. */
  readonly initializers: OnnxTensor[];
  /** Value and node counters, shared with branches: names are unique across the model and its subgraphs. */
  private readonly names: { counter: number; nodes: number };
  private readonly constantCache: Map<string, string>;
  private readonly dimCache: Map<string, string>;
  /** The opset of every non-default domain a node of the model (or of a branch) uses. */
  readonly domains: Map<string, number>;

  constructor(
    readonly opset: number,
    private readonly symbolSources: ReadonlyMap<string, { input: string; axis: number }>,
    parent?: OnnxEmitter,
  ) {
    this.initializers = parent?.initializers ?? [];
    this.names = parent?.names ?? { counter: 0, nodes: 0 };
    this.constantCache = parent?.constantCache ?? new Map();
    this.domains = parent?.domains ?? new Map();
    // A dim read inside a branch is not visible outside it, so a branch starts from the outer reads
    // and keeps its own.
    this.dimCache = new Map(parent?.dimCache);
  }

  /** An emitter for a subgraph (an If branch): its own nodes, the enclosing graph's names and constants. */
  branch(): OnnxEmitter {
    return new OnnxEmitter(this.opset, this.symbolSources, this);
  }

  fresh(hint: string): string {
    return `/${hint}_${this.names.counter++}`;
  }

  /** Appends a node; returns its (single) output name. */
  node(opType: string, inputs: readonly string[], attributes: Attributes = {}, output?: string): string {
    const out = output ?? this.fresh(opType);
    this.nodes.push({ opType, inputs, outputs: [out], name: `${opType}_${this.names.nodes++}`, attributes });
    return out;
  }

  /** Appends a node of another operator set (com.microsoft) and records that the model imports it. */
  domainNode(
    domain: string,
    version: number,
    opType: string,
    inputs: readonly string[],
    attributes: Attributes,
  ): string {
    const out = this.fresh(opType);
    this.nodes.push({
      opType,
      inputs,
      outputs: [out],
      name: `${opType}_${this.names.nodes++}`,
      attributes,
      domain,
    });
    this.domains.set(domain, version);
    return out;
  }

  /** A constant tensor as an initializer; identical small constants share one initializer. */
  constant(elemType: OnnxElemType, dims: readonly number[], values: ArrayLike<number>): string {
    const small = values.length <= 16;
    const key = small
      ? `${elemType}|${dims.join(',')}|${Array.from(values, (v) => (Object.is(v, -0) ? '-0' : String(v))).join(',')}`
      : '';
    const cached = small ? this.constantCache.get(key) : undefined;
    if (cached) return cached;
    const name = this.fresh('const');
    this.initializers.push({ name, elemType, dims: [...dims], raw: rawBytes(elemType, values) });
    if (small) this.constantCache.set(key, name);
    return name;
  }

  int64s(values: readonly number[]): string {
    return this.constant('int64', [values.length], values);
  }

  int64Scalar(value: number): string {
    return this.constant('int64', [], [value]);
  }

  /**
   * The run-time size of a symbolic dim as an int64 [1] tensor, read from the input that binds its
   * symbol; an offset dim such as 'past+1' (a grown KV cache) adds its constant.
   */
  symbolicDim(dim: string): string {
    const cached = this.dimCache.get(dim);
    if (cached) return cached;
    const { symbol, addend, offset, divisor, scale } = parseSymbolicDim(dim);
    const source = this.symbolSources.get(symbol);
    if (!source) throw new GraphError(`symbolic dim '${symbol}' is not a dim of any graph input`);
    let out: string;
    if (divisor !== 1 || scale !== 1) {
      // ceil(s / D) * S in int64: lengths are non-negative, so Div's truncation is the floor.
      const chunks = this.node('Div', [
        this.node('Add', [this.symbolicDim(symbol), this.int64s([offset + divisor - 1])]),
        this.int64s([divisor]),
      ]);
      out = scale === 1 ? chunks : this.node('Mul', [chunks, this.int64s([scale])]);
    } else if (addend !== undefined) {
      const sum = this.node('Add', [this.symbolicDim(symbol), this.symbolicDim(addend)]);
      out = offset === 0 ? sum : this.node('Add', [sum, this.int64s([offset])]);
    } else if (offset !== 0) {
      out = this.node('Add', [this.symbolicDim(symbol), this.int64s([offset])]);
    } else {
      const base = this.fresh(`dim_${symbol}`);
      out = this.node('Shape', [source.input], { start: int(source.axis), end: int(source.axis + 1) }, base);
    }
    this.dimCache.set(dim, out);
    return out;
  }

  /** A 1-D int64 shape tensor; concrete shapes become one constant, symbolic ones a Concat. */
  shape(dims: readonly Dim[]): string {
    if (dims.every((d) => typeof d === 'number')) return this.int64s(dims as number[]);
    const parts: string[] = [];
    let run: number[] = [];
    for (const d of dims) {
      if (typeof d === 'number') run.push(d);
      else {
        if (run.length > 0) parts.push(this.int64s(run));
        run = [];
        parts.push(this.symbolicDim(d));
      }
    }
    if (run.length > 0) parts.push(this.int64s(run));
    return parts.length === 1 ? parts[0]! : this.node('Concat', parts, { axis: int(0) });
  }
}
