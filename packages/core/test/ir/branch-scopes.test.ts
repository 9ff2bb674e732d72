import { describe, expect, it } from 'vitest';
import { branchScope, branchScopes, GraphBuilder, guardedFastPath, OUTER_SCOPE } from '../../src/index.js';

describe('branchScopes', () => {
  it('moves nodes only one path needs into that path, nested guards included; the rest stays outside', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [4]);
    const shared = b.add(x, 1); // an output, and used by both paths
    const sum = b.reduceSum(shared, [0], false);
    const guard = b.greater(sum, 0);
    const fastInner = b.exp(shared);
    const fast = b.mul(fastInner, sum); // reads the guard's own input: sum stays outside
    const innerGuard = b.less(sum, 10);
    const innerFast = b.tanh(shared);
    const innerExact = b.abs(shared);
    const exact = guardedFastPath(b, innerGuard, innerFast, innerExact);
    const out = guardedFastPath(b, guard, fast, exact);
    const graph = b.build({ out, shared });
    const scopes = branchScopes(graph);
    const scopeOf = (v: { id: number }) => scopes.get(v.id) ?? OUTER_SCOPE;
    const node = (v: { id: number }) => graph.nodes.find((n) => n.output === v.id)!;
    const [outer, inner] = [node(out), node(exact)];

    for (const v of [shared, sum, guard, out]) expect(scopeOf(v)).toBe(OUTER_SCOPE);
    for (const v of [fastInner, fast]) expect(scopeOf(v)).toBe(branchScope(outer, 1));
    for (const v of [innerGuard, exact]) expect(scopeOf(v)).toBe(branchScope(outer, 2));
    expect(scopeOf(innerFast)).toBe(branchScope(inner, 1));
    expect(scopeOf(innerExact)).toBe(branchScope(inner, 2));
  });
});
