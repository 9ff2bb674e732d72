import type { OnnxGraph, OnnxNode } from '../onnx/onnx-types.js';

/**
 * The nodes some graph output needs, in order; branches (If) are pruned against their own outputs.
 * Rules emit eagerly: a flat-elementwise result is reshaped back before anyone asks, and when the only
 * reader takes the flat view instead, the reshape is dead (122 of heinsen's training-step nodes). ORT
 * resolves and plans every node it is given, so dead ones cost session time.
 */
export function dropDeadNodes(nodes: readonly OnnxNode[], roots: Iterable<string>): OnnxNode[] {
  const needed = new Set(roots);
  const live: OnnxNode[] = [];
  for (let n = nodes.length - 1; n >= 0; n--) {
    const node = nodes[n]!;
    if (!node.outputs.some((o) => needed.has(o))) continue;
    const pruned = withPrunedBranches(node);
    live.push(pruned);
    for (const name of readsOf(pruned)) needed.add(name);
  }
  return live.reverse();
}

function withPrunedBranches(node: OnnxNode): OnnxNode {
  const entries = Object.entries(node.attributes);
  if (!entries.some(([, a]) => a.kind === 'graph')) return node;
  const prune = (g: OnnxGraph): OnnxGraph => ({
    ...g,
    nodes: dropDeadNodes(
      g.nodes,
      g.outputs.map((o) => o.name),
    ),
  });
  return {
    ...node,
    attributes: Object.fromEntries(
      entries.map(([key, a]) => [
        key,
        a.kind === 'graph' ? { kind: 'graph' as const, value: prune(a.value) } : a,
      ]),
    ),
  };
}

/** Every name the node reads, its branches' reads of outer values included. */
function readsOf(node: OnnxNode): string[] {
  const names = [...node.inputs];
  for (const a of Object.values(node.attributes)) {
    if (a.kind !== 'graph') continue;
    for (const inner of a.value.nodes) names.push(...readsOf(inner));
    names.push(...a.value.outputs.map((o) => o.name));
  }
  return names;
}
