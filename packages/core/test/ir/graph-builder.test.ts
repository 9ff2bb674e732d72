import { describe, expect, it } from 'vitest';
import {
  evaluate,
  GraphBuilder,
  GraphError,
  InvalidArgumentError,
  inputInfo,
  outputInfo,
  Tensor,
} from '../../src/index.js';
import { expectError } from './expect-error.js';

describe('GraphBuilder', () => {
  it('rejects duplicate input names', () => {
    const b = new GraphBuilder();
    b.input('x', 'float32', [2]);
    expectError(() => b.input('x', 'int32', [3]), GraphError, ["'x'", 'twice']);
  });

  it('rejects values from another builder', () => {
    const a = new GraphBuilder();
    const b = new GraphBuilder();
    const x = a.input('x', 'float32', [2]);
    const y = b.input('y', 'float32', [2]);
    expectError(() => b.add(x, y), GraphError, ['Add', 'different graph builder']);
    expectError(() => b.build({ out: x }), GraphError, ["'out'", 'different graph builder']);
  });

  it('rejects graphs with no outputs or an output named like an input', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    expectError(() => b.build({}), GraphError, ['at least one output']);
    expectError(() => b.build({ x: b.neg(x) }), GraphError, ["'x'", 'same name as an input']);
  });

  it('keeps only the nodes outputs depend on, in topological order', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    b.exp(x); // dead
    const y = b.neg(b.abs(x));
    const graph = b.build({ y });
    expect(graph.nodes.map((n) => n.op)).toEqual(['Abs', 'Neg']);
    expect(inputInfo(graph, 'x')?.shape).toEqual([2]);
    expect(outputInfo(graph, 'y')?.dtype).toBe('float32');
    const produced = new Set(graph.inputs.map((i) => i.value));
    for (const node of graph.nodes) {
      for (const i of node.inputs) expect(produced.has(i)).toBe(true);
      produced.add(node.output);
    }
  });

  it('moveToEnd runs a producer last and leaves what the graph computes alone', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [3]);
    const early = b.exp(x);
    const late = b.abs(x);
    b.moveToEnd(early);
    const graph = b.build({ y: b.add(early, late) });
    expect(graph.nodes.map((n) => n.op)).toEqual(['Abs', 'Exp', 'Add']);
    const y = evaluate(graph, { x: Tensor.float64([-1, 0, 2], [3]) }).y!;
    expect(Array.from(y.data)).toEqual([Math.exp(-1) + 1, 1, Math.exp(2) + 2]);
  });

  it('moveToEnd refuses a graph input and a value that already has a consumer', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    const used = b.exp(x);
    b.neg(used);
    expectError(() => b.moveToEnd(x), GraphError, ['graph input']);
    expectError(() => b.moveToEnd(used), GraphError, ['consumer']);
  });

  it('shares repeated scalars and keeps -0 distinct from 0', () => {
    const b = new GraphBuilder();
    expect(b.scalar(2)).toBe(b.scalar(2));
    expect(b.scalar(2)).not.toBe(b.scalar(2, 'int32'));
    expect(b.scalar(-0)).not.toBe(b.scalar(0));
  });

  it('gives number operands the dtype of the other operand', () => {
    const b = new GraphBuilder();
    const i = b.input('i', 'int32', [3]);
    expect(b.add(i, 1).dtype).toBe('int32');
    expect(b.sub(1, i).dtype).toBe('int32');
    expect(b.where(b.less(i, 2), 5, i).dtype).toBe('int32');
    expect(b.where(b.less(i, 2), 5, 6).dtype).toBe('float32');
  });

  it('rejects int32 and bool constants that their storage would silently change', () => {
    const b = new GraphBuilder();
    const i = b.input('i', 'int32', [3]);
    expectError(() => b.less(i, 2.5), InvalidArgumentError, ['Constant', '2.5', 'int32']);
    expectError(() => b.constant([0, 2], [2], 'bool'), InvalidArgumentError, ['Constant', '2', 'bool']);
    expect(b.constant([3, -4], [2], 'int32').dtype).toBe('int32');
  });
});
