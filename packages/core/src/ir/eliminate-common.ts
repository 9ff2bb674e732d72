import type { Graph, GraphNode, ValueId, ValueInfo } from './graph.js';

/** Constants up to this many elements are compared by value; larger ones stay distinct nodes. */
const CONSTANT_KEY_LIMIT = 64;

/**
 * Common-subexpression and dead-code elimination: a node whose op, attributes and (already merged)
 * inputs equal an earlier node's is dropped and its uses read the earlier value; nodes no output needs
 * are dropped. Every op is a pure function of its inputs, so the graph computes exactly what it did.
 * Autodiff repeats work that the forward pass or another rule already built (transposes, masks,
 * broadcast zeros, the same scalar products), and a graph with fewer nodes lowers and compiles faster.
 * Value ids are renumbered densely; inputs and outputs keep their names, order and value infos.
 */
export function eliminateCommonSubexpressions(graph: Graph): Graph {
  const canonical = new Map<ValueId, ValueId>();
  const seen = new Map<string, ValueId>();
  const kept: GraphNode[] = [];
  for (const node of graph.nodes) {
    const inputs = node.inputs.map((id) => canonical.get(id) ?? id);
    const key = nodeKey(node, inputs);
    const earlier = key === undefined ? undefined : seen.get(key);
    if (earlier !== undefined) {
      canonical.set(node.output, earlier);
      continue;
    }
    if (key !== undefined) seen.set(key, node.output);
    kept.push({ ...node, inputs });
  }
  const outputs = graph.outputs.map((o) => ({ ...o, value: canonical.get(o.value) ?? o.value }));
  return renumber(graph, liveNodes(kept, outputs), outputs);
}

function nodeKey(node: GraphNode, inputs: readonly ValueId[]): string | undefined {
  if (node.op === 'Constant') {
    const attrs = node.attrs as { value: ArrayLike<number>; dtype: string; shape: readonly number[] };
    if (attrs.value.length > CONSTANT_KEY_LIMIT) return undefined;
    // Object.is keeps -0 apart from 0 and NaN equal to itself.
    const values = Array.from(attrs.value, (v) => (Object.is(v, -0) ? '-0' : String(v)));
    return `Constant|${attrs.dtype}|${attrs.shape.join(',')}|${values.join(',')}`;
  }
  return `${node.op}|${inputs.join(',')}|${JSON.stringify(node.attrs, exactNumbers)}`;
}

/** JSON writes every non-finite number as null and -0 as 0; attributes must keep them apart. */
function exactNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))
    ? `#${Object.is(value, -0) ? '-0' : value}`
    : value;
}

/** The nodes some output depends on, in their original (topological) order. */
function liveNodes(nodes: readonly GraphNode[], outputs: readonly { value: ValueId }[]): GraphNode[] {
  const needed = new Set(outputs.map((o) => o.value));
  const live: GraphNode[] = [];
  for (let n = nodes.length - 1; n >= 0; n--) {
    const node = nodes[n]!;
    if (!needed.has(node.output)) continue;
    live.push(node);
    for (const id of node.inputs) needed.add(id);
  }
  return live.reverse();
}

function renumber(
  graph: Graph,
  nodes: readonly GraphNode[],
  outputs: readonly { name: string; value: ValueId }[],
): Graph {
  const ids = new Map<ValueId, ValueId>();
  const values: ValueInfo[] = [];
  const keep = (id: ValueId): ValueId => {
    let next = ids.get(id);
    if (next === undefined) {
      next = values.length;
      ids.set(id, next);
      values.push({ ...graph.values[id]!, id: next });
    }
    return next;
  };
  const inputs = graph.inputs.map((i) => ({ ...i, value: keep(i.value) }));
  const renumbered = nodes.map((node) => ({
    ...node,
    inputs: node.inputs.map((id) => ids.get(id)!),
    output: keep(node.output),
  }));
  return {
    values,
    nodes: renumbered,
    inputs,
    outputs: graph.outputs.map((o, i) => ({
      ...o,
      value: ids.get(outputs[i]!.value) ?? keep(outputs[i]!.value),
    })),
  };
}
