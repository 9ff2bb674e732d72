import { describe, expect, it } from 'vitest';
import { evaluate, GraphBuilder, GraphError, ShapeError, symbolSources, Tensor } from '../../src/index.js';
import { expectError } from './expect-error.js';

describe('symbolic dims', () => {
  it("broadcasts 'seq' against 'seq' and against 1", () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['batch', 'seq', 4]);
    const y = b.input('y', 'float32', ['seq', 1]);
    expect(b.add(x, y).shape).toEqual(['batch', 'seq', 4]);
    expect(b.mul(x, x).shape).toEqual(['batch', 'seq', 4]);
  });

  it("rejects 'seq' against a concrete 7 or another symbol", () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['seq', 4]);
    expectError(() => b.add(x, b.input('y', 'float32', [7, 4])), ShapeError, [
      'Add',
      '[seq, 4]',
      '[7, 4]',
      'seq vs 7',
    ]);
    expectError(() => b.add(x, b.input('z', 'float32', ['n', 4])), ShapeError, ['Add', '[seq, 4]', '[n, 4]']);
  });

  it('checks symbolic MatMul inner dims', () => {
    const b = new GraphBuilder();
    const q = b.input('q', 'float32', ['b', 'seq', 'd']);
    const k = b.input('k', 'float32', ['b', 'd', 'seq']);
    expect(b.matmul(q, k).shape).toEqual(['b', 'seq', 'seq']);
    expectError(() => b.matmul(q, b.input('w', 'float32', [4, 3])), ShapeError, ['MatMul', 'd vs 4']);
  });

  it('infers a symbol for the -1 of a reshape', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['b', 'seq', 6]);
    expect(b.reshape(x, ['b', -1, 2, 3]).shape).toEqual(['b', 'seq', 2, 3]);
    expect(b.reshape(b.input('y', 'float32', ['seq', 6]), [-1, 2, 3]).shape).toEqual(['seq', 2, 3]);
    expect(b.reshape(x, ['b', 'seq', 3, -1]).shape).toEqual(['b', 'seq', 3, 2]);
    expect(b.reshape(x, ['seq', 'b', 6]).shape).toEqual(['seq', 'b', 6]);
    // b * seq has no name, so flattening two symbols is refused rather than guessed.
    expectError(() => b.reshape(x, [-1, 6]), ShapeError, ['Reshape', 'product of symbols']);
    expectError(() => b.reshape(x, ['b', -1]), ShapeError, ['Reshape', 'product of symbols']);
    expectError(() => b.reshape(x, ['n', -1]), ShapeError, ['Reshape', "'n'"]);
    expectError(() => b.reshape(x, ['b', 'n', 6]), ShapeError, ['Reshape', '[b, seq, 6]', '[b, n, 6]']);
  });

  it('slices to a symbolic end only over the whole symbolic dim', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['seq', 4]);
    expect(b.slice(x, [0, 1], [0, 1], ['seq', 3]).shape).toEqual(['seq', 2]);
    expectError(() => b.slice(x, [0], [0], ['n']), ShapeError, ['Slice', "'n'", 'seq']);
    expectError(() => b.slice(x, [0], [1], ['seq']), ShapeError, ['Slice', 'start 0']);
  });

  it('concatenates next to symbolic dims and along two of them, but not three', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['seq', 2]);
    expect(b.concat([x, b.input('y', 'float32', ['seq', 3])], 1).shape).toEqual(['seq', 5]);
    expect(b.concat([x, x], 0).shape).toEqual(['seq+seq', 2]);
    expectError(() => b.concat([x, x, x], 0), ShapeError, ['Concat', 'symbolic']);
    expectError(() => b.concat([x, b.input('z', 'float32', ['n', 2])], 1), ShapeError, ['Concat', '[n, 2]']);
  });

  it('pads a symbolic dim by a constant and scans LogCumSumExp along one, but not along a sum', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['seq', 2]);
    expect(b.padAxis(x, 1, 1, 0).shape).toEqual(['seq', 3]);
    expect(b.padAxis(x, 0, 1, 2).shape).toEqual(['seq+3', 2]);
    expect(b.logCumSumExp(x, 0).shape).toEqual(['seq', 2]);
    const sum = b.concat([x, b.input('y', 'float32', ['past', 2])], 0);
    expectError(() => b.logCumSumExp(sum, 0), ShapeError, ['LogCumSumExp', "'past+seq'"]);
  });

  it('build() rejects a symbol no input binds, naming the op and symbol', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['seq']);
    const y = b.add(x, b.cast(b.iota('seq'), 'float32'));
    expect(() => b.build({ y })).not.toThrow();
    const unbound = b.iota('n');
    expectError(() => b.build({ y: unbound }), GraphError, ['Iota', "'n'"]);
    const expanded = b.expand(b.scalar(1), ['m', 2]);
    expectError(() => b.build({ y: expanded }), GraphError, ['Expand', "'m'"]);
    // A dead node with an unbound symbol is dropped rather than rejected.
    expect(b.build({ y }).nodes.some((n) => n.op === 'Expand')).toBe(false);
  });

  it('binds symbols at run time from the first input that carries them', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 'seq']);
    const graph = b.build({ y: b.add(x, b.cast(b.iota('seq'), 'float32')) });
    expect(symbolSources(graph).get('seq')).toEqual({ input: 'x', axis: 1 });
    const out = evaluate(graph, { x: Tensor.float64([0, 0, 0, 10, 10, 10], [2, 3]) }).y!;
    expect(out.shape).toEqual([2, 3]);
    expect(out.toArray()).toEqual([0, 1, 2, 10, 11, 12]);
  });

  it("grows a symbolic dim by a constant through Concat ('past' -> 'past+1') and resolves it at run time", () => {
    const b = new GraphBuilder();
    const cache = b.input('cache', 'float32', ['past', 2]);
    const token = b.input('token', 'float32', [1, 2]);
    const grown = b.concat([cache, token], 0);
    expect(grown.shape).toEqual(['past+1', 2]);
    const twice = b.concat([b.constant([7, 7, 8, 8], [2, 2]), grown], 0);
    expect(twice.shape).toEqual(['past+3', 2]);
    expect(b.add(twice, twice).shape).toEqual(['past+3', 2]);
    const graph = b.build({ grown, twice, sum: b.reduceSum(twice, [0]) });
    const out = evaluate(graph, {
      cache: Tensor.float64([1, 2, 3, 4], [2, 2]),
      token: Tensor.float64([5, 6], [1, 2]),
    });
    expect(out.grown!.shape).toEqual([3, 2]);
    expect(out.twice!.toArray()).toEqual([7, 7, 8, 8, 1, 2, 3, 4, 5, 6]);
    expect(out.sum!.toArray()).toEqual([24, 27]);
    expect(b.concat([grown, cache], 0).shape).toEqual(['past+past+1', 2]);
    expectError(() => b.concat([grown, cache, cache], 0), ShapeError, ['Concat', 'two symbolic']);
  });

  it('rejects offset dims on inputs and unbound offset symbols at build()', () => {
    const b = new GraphBuilder();
    expectError(() => b.input('x', 'float32', ['past+1']), GraphError, ["'past+1'", 'plain symbols']);
    const y = b.input('y', 'float32', [1]);
    const grown = b.concat([b.expand(b.scalar(0), ['n']), y], 0);
    expect(grown.shape).toEqual(['n+1']);
    expectError(() => b.build({ grown }), GraphError, ['Expand', "'n'"]);
  });
});
