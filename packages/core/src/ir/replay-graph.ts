import type { GraphBuilder, Value } from './builder.js';
import type { Graph, GraphNode, ValueId } from './graph.js';

/** Emits one node of the replayed graph in the builder; the default re-emits it as it is. */
export type ReplayNode = (b: GraphBuilder, node: GraphNode, inputs: readonly Value[]) => Value;

const sameNode: ReplayNode = (b, node, inputs) => b.node(node.op, inputs, node.attrs);

/**
 * Rebuilds `graph`'s inputs (same names, dtypes and shapes) and nodes in `b`, so a pass can extend or
 * rewrite a finished graph through the builder's checks and shape inference. Returns each old value id's
 * new value; outputs are the caller's to name.
 */
export function replayGraph(b: GraphBuilder, graph: Graph, emit: ReplayNode = sameNode): Map<ValueId, Value> {
  const mapped = new Map<ValueId, Value>();
  for (const input of graph.inputs) {
    const info = graph.values[input.value]!;
    mapped.set(
      input.value,
      b.input(input.name, info.dtype, info.shape, { values: input.values, nonEmpty: input.nonEmpty }),
    );
  }
  for (const node of graph.nodes) {
    mapped.set(
      node.output,
      emit(
        b,
        node,
        node.inputs.map((id) => mapped.get(id)!),
      ),
    );
  }
  return mapped;
}

/** The graph's outputs under their names, as values of the replay `mapped`. */
export function replayedOutputs(graph: Graph, mapped: ReadonlyMap<ValueId, Value>): Record<string, Value> {
  return Object.fromEntries(graph.outputs.map((o) => [o.name, mapped.get(o.value)!]));
}
