import type { DType } from './dtype.js';
import type { OpAttrs, OpName } from './ops.js';
import type { Shape } from './shape.js';

export type ValueId = number;

export interface ValueInfo {
  readonly id: ValueId;
  readonly dtype: DType;
  readonly shape: Shape;
}

export interface GraphNode<Op extends OpName = OpName> {
  readonly op: Op;
  readonly inputs: readonly ValueId[];
  readonly output: ValueId;
  readonly attrs: OpAttrs[Op];
}

export interface NamedValue {
  readonly name: string;
  readonly value: ValueId;
  /** Inputs only: which float values a feed may hold (see InputValues); absent means 'not-nan'. */
  readonly values?: InputValues;
  /** Inputs only: a feed with a 0 in its shape is a ShapeError naming it (attention needs a token). */
  readonly nonEmpty?: boolean;
}

/**
 * What a float input's feeds may hold, checked by every backend before (or, for large feeds, right
 * after) a run. NaN is never accepted.
 * - 'not-nan' (the default): any number but NaN; graphs of primitives may propagate infinities.
 * - 'finite': no infinity either; attention inputs, where an infinity only ever turns into NaN.
 * - 'finite-or-neg-inf': -inf also passes, for inputs that are logs of non-negative values
 *   (heinsen's log V: -inf is V = 0).
 */
export type InputValues = 'not-nan' | 'finite' | 'finite-or-neg-inf';

/**
 * An immutable, topologically ordered graph. Values are identified by index into `values`.
 * Every symbolic dim appears in at least one input's shape, so a backend can always bind it at run time.
 */
export interface Graph {
  readonly values: readonly ValueInfo[];
  readonly nodes: readonly GraphNode[];
  readonly inputs: readonly NamedValue[];
  readonly outputs: readonly NamedValue[];
}

export function valueInfo(graph: Graph, id: ValueId): ValueInfo {
  const info = graph.values[id];
  if (!info) throw new Error(`value ${id} is not in the graph`);
  return info;
}

export function inputInfo(graph: Graph, name: string): ValueInfo | undefined {
  const input = graph.inputs.find((i) => i.name === name);
  return input && valueInfo(graph, input.value);
}

export function outputInfo(graph: Graph, name: string): ValueInfo | undefined {
  const output = graph.outputs.find((o) => o.name === name);
  return output && valueInfo(graph, output.value);
}

/** Symbol -> the first (input name, axis) where it appears; how backends bind symbolic dims at run time. */
export function symbolSources(graph: Graph): Map<string, { input: string; axis: number }> {
  const sources = new Map<string, { input: string; axis: number }>();
  for (const input of graph.inputs) {
    valueInfo(graph, input.value).shape.forEach((d, axis) => {
      if (typeof d === 'string' && !sources.has(d)) sources.set(d, { input: input.name, axis });
    });
  }
  return sources;
}
