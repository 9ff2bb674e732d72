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
  // Both keep the NaN select (a row sum and one Where); only rows that may be all -inf add the max guard.
  expect(ops(true).filter((op) => op === 'Where')).toHaveLength(1);
  expect(ops(true)).not.toContain('ReduceMax');
  expect(ops(false)).toContain('Softmax');
  expect(ops(false).filter((op) => op === 'Where')).toHaveLength(2);
  expect(ops(false)).toContain('ReduceMax');
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

it('a row holding NaN or +inf gives NaN, as the interpreter does, never a distribution of zeros', async () => {
  // Feeds refuse NaN, so the bad rows are made in-graph: (a - a) is NaN where a is +inf, 0 elsewhere.
  for (const finiteRows of [false, true]) {
    const b = new GraphBuilder();
    const a = b.input('a', 'float32', [3, 8]);
    const x = b.input('x', 'float32', [3, 8]);
    const y = b.softmax(b.add(b.sub(a, a), x), -1, { finiteRows });
    const graph = b.build({ y });
    const [P, N] = [Number.POSITIVE_INFINITY, NEG_INF];
    const feedsWithBadRows = {
      // Row 0 is the property test's counterexample (-inf, NaN, +inf); row 1 has one +inf; row 2 one NaN.
      a: Tensor.float32([0, P, 0, 0, 0, P, 0, 0, ...Array(8).fill(0), 0, 0, 0, P, 0, 0, 0, 0], [3, 8]),
      x: Tensor.float32([N, 0, N, N, N, 0, N, P, 1, P, 2, 3, 0, 1, 2, 3, 1, 2, 3, 4, N, 0.5, 1, 2], [3, 8]),
    };
    await expectMatchesInterpreter('cpu', graph, feedsWithBadRows, { atol: 1e-6, rtol: 1e-5 });
  }
});
