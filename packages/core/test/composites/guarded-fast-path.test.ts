import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  evaluate,
  expandComposites,
  GraphBuilder,
  guardedFastPath,
  ShapeError,
  Tensor,
} from '../../src/index.js';

describe('GuardedFastPath', () => {
  it('decomposes to the exact input alone: the guard and the fast path are dropped', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [3]);
    const guard = b.greater(b.reduceSum(x, [0], false), 0);
    // The fast input deliberately differs from exact, so the result shows which one was taken.
    const out = guardedFastPath(b, guard, b.exp(x), b.mul(x, 3));
    const expanded = expandComposites(b.build({ out }));
    expect(expanded.nodes.map((n) => n.op).sort()).toEqual(['Constant', 'Mul']);
    const result = evaluate(expanded, { x: Tensor.float32([1, 2, 3], [3]) });
    expect(Array.from(result.out!.data)).toEqual([3, 6, 9]);
  });

  it('needs a bool scalar guard', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [3]);
    expect(() => guardedFastPath(b, b.greater(x, 0), x, x)).toThrow(DTypeError);
    expect(() => guardedFastPath(b, b.reduceSum(x, [0], false), x, x)).toThrow(/bool scalar/);
  });

  it('needs the fast and exact inputs to share one dtype and shape', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [3]);
    const y = b.input('y', 'float32', [1, 3]);
    const guard = b.greater(b.reduceSum(x, [0], false), 0);
    expect(() => guardedFastPath(b, guard, x, y)).toThrow(ShapeError);
    expect(() => guardedFastPath(b, guard, b.greater(x, 0), x)).toThrow(DTypeError);
  });
});
