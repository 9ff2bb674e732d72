import { evaluate, GraphBuilder, Tensor } from '@constant-attention/core';
import { expect, it } from 'vitest';
import { exportOnnx, lowerGraph, type OrtBackend } from '../src/index.js';
import { ortBackend } from './support/backends.js';

/** x * 2 reshaped, then that reshape read again: the reshape back after Mul is read by nobody. */
function chainGraph() {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [2, 3, 4]);
  const scaled = b.mul(x, 2);
  return b.build({ y: b.reshape(scaled, [6, 4]), z: b.reshape(b.add(scaled, 1), [4, 6]) });
}

it('every lowered node feeds an output, and a Reshape of a flat result reads the flat view', () => {
  const { graph } = lowerGraph(chainGraph());
  const read = new Set([...graph.nodes.flatMap((n) => n.inputs), ...graph.outputs.map((o) => o.name)]);
  for (const node of graph.nodes)
    expect(
      node.outputs.some((o) => read.has(o)),
      node.name,
    ).toBe(true);
  // x's flat view; Mul and Add run flat; y and z reshape their flat results directly.
  expect(graph.nodes.map((n) => n.opType)).toEqual(['Reshape', 'Mul', 'Reshape', 'Add', 'Reshape']);
});

it('the pruned model gives the interpreter’s values', async () => {
  const graph = chainGraph();
  const feeds = {
    x: Tensor.float32(
      Array.from({ length: 24 }, (_, i) => i - 7.5),
      [2, 3, 4],
    ),
  };
  const backend = (await ortBackend('cpu')) as OrtBackend;
  const exe = await backend.loadModel(exportOnnx(graph), graph);
  try {
    const actual = await exe.run(feeds);
    const expected = evaluate(graph, feeds);
    for (const name of ['y', 'z']) {
      expect(actual[name]!.shape).toEqual(expected[name]!.shape);
      expect(Array.from(actual[name]!.data)).toEqual(Array.from(expected[name]!.data));
    }
  } finally {
    await exe.dispose();
  }
});
