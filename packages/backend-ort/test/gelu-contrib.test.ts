import { GraphBuilder, grad, Tensor } from '@constant-attention/core';
import { expect, it } from 'vitest';
import { lowerGraph } from '../src/index.js';
import { expectMatchesInterpreter } from './support/backends.js';

function geluGraph(approximate: 'none' | 'tanh') {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [3, 16]);
  const weights = b.constant(
    Array.from({ length: 48 }, (_, i) => Math.cos(i)),
    [3, 16],
  );
  const y = b.gelu(x, approximate);
  return b.build({ y, loss: b.reduceSum(b.mul(y, weights), [0, 1]) });
}

// From -12 to 12: the tails, where Phi saturates and x phi(x) underflows, and zero.
const feeds = () => ({
  x: Tensor.float32(
    Array.from({ length: 48 }, (_, i) => (i - 24) / 2),
    [3, 16],
  ),
});

it('Gelu lowers to com.microsoft.Gelu / FastGelu on CPU, and stays decomposed on WebGPU', () => {
  for (const approximate of ['none', 'tanh'] as const) {
    const nodes = (device: 'cpu' | 'webgpu') => lowerGraph(geluGraph(approximate), { device }).graph.nodes;
    const contrib = nodes('cpu')
      .filter((n) => n.domain === 'com.microsoft')
      .map((n) => n.opType);
    expect(contrib).toEqual([approximate === 'none' ? 'Gelu' : 'FastGelu']);
    expect(nodes('webgpu').some((n) => n.domain === 'com.microsoft')).toBe(false);
  }
});

it('the contrib kernels and the Gelu gradient rule give the interpreter’s values', async () => {
  for (const approximate of ['none', 'tanh'] as const) {
    const graph = geluGraph(approximate);
    await expectMatchesInterpreter('cpu', graph, feeds(), { atol: 1e-5, rtol: 1e-5 });
    const gradients = grad(graph, { of: 'loss', wrt: ['x'] });
    await expectMatchesInterpreter('cpu', gradients, feeds(), { atol: 1e-5, rtol: 1e-5 });
  }
});
