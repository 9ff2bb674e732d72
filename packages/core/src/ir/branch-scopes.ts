import type { Graph, GraphNode, ValueId } from './graph.js';

/** The scope of nodes outside every branch. */
export const OUTER_SCOPE = '';

/** The scope of the nodes only input `slot` (1: fast, 2: exact) of a GuardedFastPath node needs. */
export function branchScope(guarded: GraphNode, slot: 1 | 2): string {
  return `${guarded.output}/${slot}`;
}

/**
 * For backends that lower GuardedFastPath as a branch (ORT's If, tfjs's lazy execution): which branch
 * each node belongs to: a node whose every use lies in one branch of one
 * GuardedFastPath (that node's fast or exact input, or a node of that branch) moves into it, so it
 * runs only when the branch is taken. Nodes a graph output or both sides need stay outside; the guard
 * is computed outside. Nested guards nest their branches. Nodes absent from the map are outside.
 */
export function branchScopes(graph: Graph): ReadonlyMap<ValueId, string> {
  const uses = new Map<ValueId, { user: GraphNode; slot: number }[]>();
  for (const user of graph.nodes) {
    user.inputs.forEach((id, slot) => {
      const list = uses.get(id) ?? [];
      list.push({ user, slot });
      uses.set(id, list);
    });
  }
  const outputs = new Set(graph.outputs.map((o) => o.value));
  const scopes = new Map<ValueId, string>();
  // Users come after their inputs in a built graph, so walking backwards sees every user's scope first.
  for (const node of [...graph.nodes].reverse()) {
    if (outputs.has(node.output)) continue;
    const where = new Set(
      (uses.get(node.output) ?? []).map(({ user, slot }) =>
        user.op === 'GuardedFastPath' && slot > 0
          ? branchScope(user, slot as 1 | 2)
          : (scopes.get(user.output) ?? OUTER_SCOPE),
      ),
    );
    const [only] = where;
    if (where.size === 1 && only !== OUTER_SCOPE) scopes.set(node.output, only!);
  }
  return scopes;
}
