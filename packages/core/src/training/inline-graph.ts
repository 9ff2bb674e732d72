import type { GraphBuilder, Value } from '../ir/builder.js';
import type { Graph, ValueId } from '../ir/graph.js';

/**
 * Copies every node of `graph` into `b`, reading its inputs from `inputs` (by input name), and
 * returns its outputs by name. This is how a differentiated graph becomes part of a bigger one.
 */
export function inlineGraph(
  b: GraphBuilder,
  graph: Graph,
  inputs: Readonly<Record<string, Value>>,
): Record<string, Value> {
  const values = new Map<ValueId, Value>();
  for (const input of graph.inputs) values.set(input.value, inputs[input.name]!);
  for (const node of graph.nodes) {
    values.set(
      node.output,
      b.node(
        node.op,
        node.inputs.map((id) => values.get(id)!),
        node.attrs,
      ),
    );
  }
  return Object.fromEntries(graph.outputs.map((o) => [o.name, values.get(o.value)!]));
}
