import { describe, expect, it } from 'vitest';
import { evaluate, type Graph, GraphBuilder, grad, Tensor, valueAndGrad } from '../../src/index.js';
import { expectGradientsMatchFiniteDifferences, randomTensor, seededRandom } from './finite-differences.js';

/** loss = sum(x * y) + sum(exp(c)); z is declared but unused. */
function sideBranchGraph(): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [2, 3]);
  const y = b.input('y', 'float32', [3]);
  const c = b.input('c', 'float32', [4]);
  b.input('z', 'float32', [5]);
  const loss = b.add(b.reduceSum(b.mul(x, y), [0, 1]), b.reduceSum(b.exp(c), [0]));
  return b.build({ loss });
}

const random = seededRandom(5);
const feeds = {
  x: randomTensor([2, 3], random),
  y: randomTensor([3], random),
  c: randomTensor([4], random),
  z: randomTensor([5], random),
};

function consumers(graph: Graph, input: string): number {
  const id = graph.inputs.find((i) => i.name === input)!.value;
  return graph.nodes.filter((n) => n.inputs.includes(id)).length;
}

function hasShape(graph: Graph, shape: readonly number[]): boolean {
  return graph.nodes.some((n) => {
    const s = graph.values[n.output]!.shape;
    return s.length === shape.length && s.every((d, i) => d === shape[i]);
  });
}

describe('pruning', () => {
  it('inputs not in wrt get no gradient nodes; branches off the wrt paths get no VJP', () => {
    const graph = valueAndGrad(sideBranchGraph(), { of: 'loss', wrt: ['x'] });
    // A gradient for y ([3]) would need a ReduceSum down to [3]; nothing else in the graph has that shape.
    expect(hasShape(graph, [3])).toBe(false);
    expect(consumers(graph, 'z')).toBe(0);
    // exp(c) is computed once for the value, and its VJP (a zero-guarded multiply) is never built.
    expect(graph.nodes.filter((n) => n.op === 'Exp')).toHaveLength(1);
    expect(graph.nodes.some((n) => n.op === 'Where' || n.op === 'Equal')).toBe(false);
    expect(consumers(graph, 'c')).toBe(1);
    expect(graph.outputs.map((o) => o.name)).toEqual(['loss', 'grad.x']);
    expect(graph.inputs.map((i) => i.name)).toEqual(['x', 'y', 'c', 'z']);
  });

  it('grad alone drops the forward computations the gradient does not use', () => {
    const graph = grad(sideBranchGraph(), { of: 'loss', wrt: ['x'] });
    expect(graph.nodes.some((n) => n.op === 'Exp')).toBe(false);
    expect(consumers(graph, 'c')).toBe(0);
    expect(consumers(graph, 'x')).toBe(0);
    const out = evaluate(graph, feeds)['grad.x']!;
    expect(Array.from(out.data)).toEqual([...feeds.y.data, ...feeds.y.data]);
  });

  it('a wrt input the output does not depend on gets zeros without touching the forward graph', () => {
    const graph = grad(sideBranchGraph(), { of: 'loss', wrt: ['z'] });
    expect(consumers(graph, 'z')).toBe(0);
    expect(graph.nodes.some((n) => n.op === 'Mul' || n.op === 'Exp' || n.op === 'ReduceSum')).toBe(false);
    expect(Array.from(evaluate(graph, feeds)['grad.z']!.data)).toEqual([0, 0, 0, 0, 0]);
  });

  it('shared subexpressions are computed once and their cotangents accumulate', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [4]);
    const e = b.exp(x);
    const graph = b.build({ loss: b.reduceSum(b.add(b.mul(e, e), b.mul(e, x)), [0]) });
    const differentiated = valueAndGrad(graph, { of: 'loss', wrt: ['x'] });
    expect(differentiated.nodes.filter((n) => n.op === 'Exp')).toHaveLength(1);
    const xs = Tensor.float64([0.3, -0.7, 1.2, 0.1], [4]);
    const { x: gx } = expectGradientsMatchFiniteDifferences(graph, { of: 'loss', wrt: ['x'] }, { x: xs });
    // Direct formula: d/dx (e^2x + x e^x) = 2 e^2x + e^x (1 + x).
    Array.from(xs.data).forEach((v, i) => {
      expect(gx![i]).toBeCloseTo(2 * Math.exp(2 * v) + Math.exp(v) * (1 + v), 12);
    });
  });
});
