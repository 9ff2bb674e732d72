import { GraphBuilder, grad, Tensor } from '@constant-attention/core';
import { expect, it } from 'vitest';
import { lowerGraph } from '../src/index.js';
import { expectMatchesInterpreter } from './support/backends.js';

function layerNormGraph() {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [2, 3, 8]);
  const gamma = b.input('gamma', 'float32', [8]);
  const beta = b.input('beta', 'float32', [8]);
  const y = b.layerNorm(x, gamma, beta, 1e-5);
  const weights = b.constant(
    Array.from({ length: 48 }, (_, i) => Math.cos(i)),
    [2, 3, 8],
  );
  return b.build({ y, loss: b.reduceSum(b.mul(b.mul(y, y), weights), [0, 1, 2]) });
}

const feeds = () => {
  // Rows with a large mean, where a one-pass variance (E[x^2] - E[x]^2) would cancel.
  const x = Array.from({ length: 48 }, (_, i) => 1000 + Math.sin(i * 1.7) * (1 + (i % 5)));
  return {
    x: Tensor.float32(x, [2, 3, 8]),
    gamma: Tensor.float32(
      Array.from({ length: 8 }, (_, i) => 0.5 + i / 8),
      [8],
    ),
    beta: Tensor.float32(
      Array.from({ length: 8 }, (_, i) => i / 10 - 0.3),
      [8],
    ),
  };
};

it('LayerNorm lowers to one LayerNormalization on CPU, and stays decomposed on WebGPU', () => {
  const ops = (device: 'cpu' | 'webgpu') =>
    lowerGraph(layerNormGraph(), { device }).graph.nodes.map((n) => n.opType);
  expect(ops('cpu').filter((op) => op === 'LayerNormalization')).toHaveLength(1);
  expect(ops('webgpu')).not.toContain('LayerNormalization');
});

it('the native LayerNorm and its gradient give the interpreter’s values on large-mean rows', async () => {
  const graph = layerNormGraph();
  await expectMatchesInterpreter('cpu', graph, feeds(), { atol: 1e-4, rtol: 1e-4 });
  const gradients = grad(graph, { of: 'loss', wrt: ['x', 'gamma', 'beta'] });
  expect(lowerGraph(gradients).graph.nodes.map((n) => n.opType)).toContain('LayerNormalization');
  await expectMatchesInterpreter('cpu', gradients, feeds(), { atol: 1e-3, rtol: 1e-3 });
});
