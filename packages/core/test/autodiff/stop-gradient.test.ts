import { describe, expect, it } from 'vitest';
import { evaluate, GraphBuilder, gradientName, stopGradient, Tensor, valueAndGrad } from '../../src/index.js';

describe('StopGradient', () => {
  it('passes its value and no gradient: d/dx sum(stop(x) * x) = x, not 2x', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [3]);
    const graph = b.build({ loss: b.reduceSum(b.mul(stopGradient(b, x), x), [0]) });
    const out = evaluate(valueAndGrad(graph, { of: 'loss', wrt: ['x'] }), {
      x: Tensor.float64([1, -2, 3], [3]),
    });
    expect(out.loss!.data[0]).toBe(14);
    expect([...out[gradientName('x')]!.data]).toEqual([1, -2, 3]);
  });

  it('a loss that only reads x through stop(x) gets a zero gradient', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    const graph = b.build({ loss: b.reduceSum(b.exp(stopGradient(b, x)), [0]) });
    const out = evaluate(valueAndGrad(graph, { of: 'loss', wrt: ['x'] }), { x: Tensor.float64([0, 1], [2]) });
    expect([...out[gradientName('x')]!.data]).toEqual([0, 0]);
  });
});
