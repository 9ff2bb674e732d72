import { describe, expect, it } from 'vitest';
import { eliminateCommonSubexpressions, evaluate, GraphBuilder, Tensor } from '../../src/index.js';

describe('eliminateCommonSubexpressions', () => {
  it('merges repeated nodes and drops dead ones; the interpreter gives the same outputs', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 3]);
    const y = b.input('y', 'float32', [3]);
    const t1 = b.transpose(x, [1, 0]);
    const t2 = b.transpose(x, [1, 0]);
    b.exp(x); // dead
    const a = b.add(b.mul(t1, 2), b.reshape(y, [3, 1]));
    const c = b.add(b.mul(t2, 2), b.reshape(y, [3, 1]));
    const graph = b.build({ a, c, s: b.reduceSum(b.sub(a, c), [0, 1]) });
    const reduced = eliminateCommonSubexpressions(graph);
    const count = (op: string, g: typeof graph) => g.nodes.filter((n) => n.op === op).length;
    expect(count('Transpose', reduced)).toBe(1);
    expect(count('Exp', reduced)).toBe(0);
    expect(count('Add', reduced)).toBe(1);
    expect(reduced.outputs.map((o) => o.name)).toEqual(['a', 'c', 's']);
    const feeds = {
      x: Tensor.float64([1, -2, 3, 0.5, 4, -1], [2, 3]),
      y: Tensor.float64([0.1, 0.2, 0.3], [3]),
    };
    const before = evaluate(graph, feeds);
    const after = evaluate(reduced, feeds);
    for (const name of ['a', 'c', 's']) {
      expect(after[name]!.shape).toEqual(before[name]!.shape);
      expect([...after[name]!.data]).toEqual([...before[name]!.data]);
    }
  });

  it('keeps constants and attributes that differ only as 0 / -0 or as infinities apart', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    const plusZero = b.div(x, b.constant([0], [1]));
    const minusZero = b.div(x, b.constant([-0], [1]));
    const low = b.pad(x, [[1, 0]], Number.NEGATIVE_INFINITY);
    const high = b.pad(x, [[1, 0]], Number.POSITIVE_INFINITY);
    const graph = b.build({ plusZero, minusZero, low, high });
    const reduced = eliminateCommonSubexpressions(graph);
    expect(reduced.nodes.filter((n) => n.op === 'Pad')).toHaveLength(2);
    const out = evaluate(reduced, { x: Tensor.float64([1, 2], [2]) });
    expect(out.minusZero!.data[0]).toBe(Number.NEGATIVE_INFINITY);
    expect(out.plusZero!.data[0]).toBe(Number.POSITIVE_INFINITY);
    expect([...out.low!.data]).toEqual([Number.NEGATIVE_INFINITY, 1, 2]);
    expect([...out.high!.data]).toEqual([Number.POSITIVE_INFINITY, 1, 2]);
  });
});
