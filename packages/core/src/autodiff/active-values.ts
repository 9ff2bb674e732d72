import type { Graph, ValueId } from '../ir/graph.js';

/**
 * Values that need a cotangent: float values that depend on a wrt input and that the loss depends on.
 * Everything else is pruned from the backward pass (it may still be computed forward).
 */
export function activeValues(graph: Graph, wrt: ReadonlySet<ValueId>, loss: ValueId): Set<ValueId> {
  const fromWrt = new Set(wrt);
  for (const node of graph.nodes) {
    if (graph.values[node.output]!.dtype !== 'float32') continue;
    // A StopGradient's value is a constant to autodiff (composites/stop-gradient.ts).
    if (node.op === 'StopGradient') continue;
    if (node.inputs.some((i) => fromWrt.has(i))) fromWrt.add(node.output);
  }
  const toLoss = new Set<ValueId>([loss]);
  for (let n = graph.nodes.length - 1; n >= 0; n--) {
    const node = graph.nodes[n]!;
    if (toLoss.has(node.output)) for (const i of node.inputs) toLoss.add(i);
  }
  return new Set([...fromWrt].filter((v) => toLoss.has(v)));
}
