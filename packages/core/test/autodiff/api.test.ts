import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  evaluate,
  type Graph,
  GraphBuilder,
  grad,
  InvalidArgumentError,
  ShapeError,
  Tensor,
  valueAndGrad,
} from '../../src/index.js';
import { expectGradientsMatchFiniteDifferences, randomTensor, seededRandom } from './finite-differences.js';

function smallGraph(): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [2, 3]);
  const i = b.input('i', 'int32', [2]);
  const y = b.tanh(x);
  return b.build({ loss: b.reduceSum(b.mul(y, y), [0, 1]), y, i2: b.add(i, 1) });
}

describe('grad / valueAndGrad API', () => {
  it('keeps the inputs and names outputs grad.<input>, with the value under its own name', () => {
    const g = valueAndGrad(smallGraph(), { of: 'loss', wrt: ['x'] });
    expect(g.inputs.map((i) => [i.name, g.values[i.value]!.shape])).toEqual([
      ['x', [2, 3]],
      ['i', [2]],
    ]);
    expect(g.outputs.map((o) => o.name)).toEqual(['loss', 'grad.x']);
    expect(grad(smallGraph(), { of: 'loss', wrt: ['x'] }).outputs.map((o) => o.name)).toEqual(['grad.x']);
    const x = Tensor.float64([0.1, -0.2, 0.3, 0.4, -0.5, 0.6], [2, 3]);
    const out = evaluate(g, { x, i: Tensor.int32([1, 2], [2]) });
    const t = Array.from(x.data, Math.tanh);
    expect(out.loss!.data[0]).toBeCloseTo(
      t.reduce((s, v) => s + v * v, 0),
      14,
    );
    // d/dx tanh(x)^2 = 2 tanh(x) (1 - tanh(x)^2)
    Array.from(out['grad.x']!.data).forEach((v, k) => {
      expect(v).toBeCloseTo(2 * t[k]! * (1 - t[k]! ** 2), 14);
    });
  });

  it('rejects bad requests with typed errors naming the problem', () => {
    const g = smallGraph();
    expect(() => grad(g, { of: 'nope', wrt: ['x'] })).toThrow(InvalidArgumentError);
    expect(() => grad(g, { of: 'y', wrt: ['x'] })).toThrow(ShapeError);
    expect(() => grad(g, { of: 'i2', wrt: ['x'] })).toThrow(DTypeError);
    expect(() => grad(g, { of: 'loss', wrt: ['w'] })).toThrow(/'w' is not an input/);
    expect(() => grad(g, { of: 'loss', wrt: ['i'] })).toThrow(DTypeError);
    expect(() => grad(g, { of: 'loss', wrt: [] })).toThrow(InvalidArgumentError);
    expect(() => grad(g, { of: 'loss', wrt: ['x', 'x'] })).toThrow(InvalidArgumentError);
  });

  it('differentiates graphs with symbolic dims, bound only when the gradient graph runs', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['n', 3]);
    const y = b.input('y', 'float32', [1, 3]);
    const w = b.input('w', 'float32', ['n', 3]);
    const m = b.input('m', 'float32', [3, 2]);
    const h = b.softmax(b.add(x, y), 0);
    const centered = b.sub(x, b.reduceMean(x, [0], true));
    const prefix = b.slice(b.cumSum(centered, 0, { reverse: true }), [0], [1], [3]);
    const loss = b.add(
      b.reduceSum(b.mul(b.mul(h, w), b.logCumSumExp(y, 1)), [0, 1]),
      b.reduceSum(b.matmul(b.tanh(prefix), m), [0, 1]),
    );
    const graph = b.build({ loss: b.add(loss, b.reduceSum(b.mul(b.reduceMax(x, [0]), y), [0, 1])) });
    const random = seededRandom(17);
    for (const n of [4, 6]) {
      const feeds = {
        x: randomTensor([n, 3], random),
        y: randomTensor([1, 3], random),
        w: randomTensor([n, 3], random),
        m: randomTensor([3, 2], random),
      };
      expectGradientsMatchFiniteDifferences(graph, { of: 'loss', wrt: ['x', 'y', 'm'] }, feeds);
    }
  });
});
