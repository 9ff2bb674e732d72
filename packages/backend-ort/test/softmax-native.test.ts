import { GraphBuilder, grad, Tensor } from '@constant-attention/core';
import { expect, it } from 'vitest';
import { lowerGraph } from '../src/index.js';
import { expectMatchesInterpreter } from './support/backends.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

function softmaxGraph(finiteRows: boolean) {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [2, 3, 8]);
  const y = b.softmax(x, -1, { finiteRows });
  const weights = b.constant(
    Array.from({ length: 48 }, (_, i) => Math.cos(i)),
    [2, 3, 8],
  );
  return b.build({ y, loss: b.reduceSum(b.mul(y, weights), [0, 1, 2]) });
}

/** Logits spread over +-40, a third of them masked; row 4 entirely -inf unless `finiteRows`. */
function feeds(finiteRows: boolean) {
  const x = Array.from({ length: 48 }, (_, i) => (i % 3 === 1 ? NEG_INF : 40 * Math.sin(i * 1.3)));
  if (!finiteRows) for (let j = 32; j < 40; j++) x[j] = NEG_INF;
  return { x: Tensor.float32(x, [2, 3, 8]) };
}

it('Softmax lowers to ONNX Softmax on CPU, with the empty-row guard only where rows may be all -inf', () => {
  const ops = (finiteRows: boolean, device: 'cpu' | 'webgpu' = 'cpu') =>
    lowerGraph(softmaxGraph(finiteRows), { device }).graph.nodes.map((n) => n.opType);
  expect(ops(true).filter((op) => op === 'Softmax')).toHaveLength(1);
  expect(ops(true)).not.toContain('Where');
  expect(ops(false)).toContain('Softmax');
  expect(ops(false)).toContain('Where');
  expect(ops(false, 'webgpu')).not.toContain('Softmax');
});

it('the native Softmax gives the interpreter’s values, zeros for an all -inf row, and its gradient', async () => {
  for (const finiteRows of [false, true]) {
    const graph = softmaxGraph(finiteRows);
    await expectMatchesInterpreter('cpu', graph, feeds(finiteRows), { atol: 1e-6, rtol: 1e-5 });
    const gradients = grad(graph, { of: 'loss', wrt: ['x'] });
    await expectMatchesInterpreter('cpu', gradients, feeds(finiteRows), { atol: 1e-6, rtol: 1e-5 });
  }
});
