import { evaluate, GraphBuilder, Tensor } from '@constant-attention/core';
import { expect, it } from 'vitest';
import { exportOnnx, lowerGraph, type OrtBackend } from '../src/index.js';
import { ortBackend } from './support/backends.js';

function rowMaxGraph() {
  const b = new GraphBuilder();
  const rows = b.input('rows', 'float32', [2, 3, 4, 1]);
  const shifted = b.where(b.equal(rows, Number.NEGATIVE_INFINITY), 0, rows);
  return b.build({ shifted, scaled: b.mul(b.add(shifted, 0.5), 2), mixed: b.add(rows, rows) });
}

it('scalar-against-tensor elementwise ops run on flat views on CPU, not on WebGPU', () => {
  const ops = (webgpu: boolean) => lowerGraph(rowMaxGraph(), { webgpu }).graph.nodes.map((n) => n.opType);
  const cpu = ops(false);
  // One flat view of rows, shared by Equal and Where; the next op reads each result from before its
  // reshape back, so only the outputs' (Where, Mul) are left once the dead ones are dropped: 1 + 2.
  // x + x broadcasts nothing and stays as it is.
  expect(cpu.filter((op) => op === 'Reshape').length).toBe(3);
  expect(ops(true).filter((op) => op === 'Reshape')).toEqual([]);
});

it('flat views give the interpreter’s values, -inf rows included', async () => {
  const graph = rowMaxGraph();
  const data = Array.from({ length: 24 }, (_, i) => (i % 5 === 0 ? Number.NEGATIVE_INFINITY : i - 12));
  const feeds = { rows: Tensor.float32(data, [2, 3, 4, 1]) };
  const backend = (await ortBackend('cpu')) as OrtBackend;
  const exe = await backend.loadModel(exportOnnx(graph), graph);
  try {
    const actual = await exe.run(feeds);
    const expected = evaluate(graph, feeds);
    for (const name of ['shifted', 'scaled', 'mixed']) {
      expect(actual[name]!.shape).toEqual([2, 3, 4, 1]);
      expect(Array.from(actual[name]!.data)).toEqual(Array.from(expected[name]!.data));
    }
  } finally {
    await exe.dispose();
  }
});
