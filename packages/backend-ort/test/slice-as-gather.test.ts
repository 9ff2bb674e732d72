import { evaluate, GraphBuilder, Tensor } from '@constant-attention/core';
import { expect, it } from 'vitest';
import { exportOnnx, lowerGraph, type OrtBackend } from '../src/index.js';
import { ortBackend } from './support/backends.js';

/** The dyadic halves of heinsen's chunked form, a wider range, and slices that must stay Slices. */
function halvesGraph() {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [2, 3, 2, 4, 8]);
  return b.build({
    secondHalf: b.slice(x, [2], [1], [2]),
    middle: b.slice(x, [1], [1], [3]),
    lastAxis: b.slice(x, [-1], [2], [5]),
    shortRuns: b.slice(x, [0, 1], [0, 0], [1, 2]),
  });
}

it('one-axis slices with long runs lower to Gather on CPU and stay Slice on WebGPU', () => {
  const ops = (webgpu: boolean) => lowerGraph(halvesGraph(), { webgpu }).graph.nodes.map((n) => n.opType);
  const count = (list: string[], op: string) => list.filter((o) => o === op).length;
  expect([count(ops(false), 'Gather'), count(ops(false), 'Slice')]).toEqual([2, 2]);
  expect([count(ops(true), 'Gather'), count(ops(true), 'Slice')]).toEqual([0, 4]);
});

it('gathered slices give the interpreter’s values, infinities included', async () => {
  const graph = halvesGraph();
  const data = Array.from({ length: 384 }, (_, i) =>
    i % 7 === 0 ? Number.NEGATIVE_INFINITY : i % 11 === 0 ? Number.POSITIVE_INFINITY : (i - 190) / 8,
  );
  const feeds = { x: Tensor.float32(data, [2, 3, 2, 4, 8]) };
  const backend = (await ortBackend('cpu')) as OrtBackend;
  const exe = await backend.loadModel(exportOnnx(graph), graph);
  try {
    const actual = await exe.run(feeds);
    const expected = evaluate(graph, feeds);
    for (const name of Object.keys(expected)) {
      expect(actual[name]!.shape).toEqual(expected[name]!.shape);
      expect(Array.from(actual[name]!.data)).toEqual(Array.from(expected[name]!.data));
    }
  } finally {
    await exe.dispose();
  }
});
