import { evaluate, GraphBuilder, Tensor } from '@constant-attention/core';
import { expect, it } from 'vitest';
import { exportOnnx, lowerGraph, type OrtBackend } from '../src/index.js';
import { ortBackend } from './support/backends.js';

/** Last-axis Gathers over many rows (routed through transposes), over few rows, and on another axis. */
function gathersGraph() {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [2, 4, 16, 9]);
  const pick = b.constant([8, 0, 3, 3, 1, 7], [2, 3], 'int32');
  return b.build({
    manyRows: b.gather(x, pick, -1),
    scalarIndex: b.gather(x, b.constant([5], [], 'int32'), 3),
    fewRows: b.gather(b.slice(x, [0, 1, 2], [0, 0, 0], [1, 2, 4]), pick, -1),
    otherAxis: b.gather(x, b.constant([2, 0], [2], 'int32'), 1),
  });
}

it('last-axis Gathers over 64 or more rows lower through transposes on CPU, not on WebGPU', () => {
  const transposes = (webgpu: boolean) =>
    lowerGraph(gathersGraph(), { webgpu }).graph.nodes.filter((n) => n.opType === 'Transpose').length;
  expect([transposes(false), transposes(true)]).toEqual([4, 0]);
});

it.each(['cpu', 'wasm'] as const)(
  'last-axis Gathers on ort %s give the interpreter’s values',
  async (device) => {
    const graph = gathersGraph();
    const data = Array.from({ length: 2 * 4 * 16 * 9 }, (_, i) =>
      i % 13 === 0 ? Number.NEGATIVE_INFINITY : (i - 500) / 7,
    );
    const feeds = { x: Tensor.float32(data, [2, 4, 16, 9]) };
    const backend = (await ortBackend(device)) as OrtBackend;
    const exe = await backend.loadModel(exportOnnx(graph), graph);
    try {
      const actual = await exe.run(feeds);
      const expected = evaluate(graph, feeds);
      for (const name of Object.keys(expected)) {
        expect(actual[name]!.shape, name).toEqual(expected[name]!.shape);
        expect(Array.from(actual[name]!.data), name).toEqual(Array.from(expected[name]!.data));
      }
    } finally {
      await exe.dispose();
    }
  },
);
