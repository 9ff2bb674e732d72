import { evaluate, type Graph, GraphBuilder, Tensor } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { exportOnnx, lowerGraph, type OrtBackend } from '../src/index.js';
import { ortBackend } from './support/backends.js';
import { expectClose } from './support/compare.js';

/** Runs ONNX bytes lowered with `options` on ORT cpu and checks every output against the interpreter. */
async function expectExact(graph: Graph, feeds: Record<string, Tensor>, webgpu: boolean): Promise<void> {
  const backend = (await ortBackend('cpu')) as OrtBackend;
  const exe = await backend.loadModel(exportOnnx(graph, { webgpu }), graph);
  try {
    const actual = await exe.run(feeds);
    const expected = evaluate(graph, feeds);
    for (const name of Object.keys(expected))
      expectClose(actual[name]!, expected[name]!, { rtol: 0, atol: 0 }, name);
  } finally {
    await exe.dispose();
  }
}

const producers = (graph: ReturnType<typeof lowerGraph>['graph']) =>
  new Map(graph.nodes.flatMap((n) => n.outputs.map((o) => [o, n.opType] as const)));

describe('outputs are named after the node that computes them', () => {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [2, 3]);
  const i = b.input('i', 'int32', [2, 3]);
  const p = b.input('p', 'bool', [2, 3]);
  // x + x, not x + 1: a scalar operand is lowered through flat views (see flat-elementwise.test.ts).
  const sum = b.add(x, x);
  const graph = b.build({
    sum,
    sumAgain: sum,
    next: b.mul(sum, sum),
    xOut: x,
    iOut: i,
    pOut: p,
    constant: b.constant([1, 2, 3], [3], 'float32'),
  });
  const feeds = {
    x: Tensor.float32([0, -0, Number.NEGATIVE_INFINITY, 2.5, -7, 1024], [2, 3]),
    i: Tensor.int32([0, -1, 2147483647, -2147483648, 5, 6], [2, 3]),
    p: new Tensor('bool', [2, 3], Uint8Array.from([1, 0, 0, 1, 1, 0])),
  };

  it('copies only aliases: Identity by default, a double negation for WebGPU (no Identity kernel there)', () => {
    const native = lowerGraph(graph).graph;
    expect(native.nodes.filter((n) => n.opType === 'Identity').map((n) => n.outputs[0])).toEqual([
      'sumAgain',
      'xOut',
      'iOut',
      'pOut',
      'constant',
    ]);
    expect(producers(native).get('sum')).toBe('Add');
    const webgpu = lowerGraph(graph, { webgpu: true }).graph;
    expect(webgpu.nodes.filter((n) => n.opType === 'Identity')).toEqual([]);
    const made = producers(webgpu);
    expect([made.get('xOut'), made.get('iOut'), made.get('pOut'), made.get('constant')]).toEqual([
      'Neg',
      'Neg',
      'Not',
      'Neg',
    ]);
  });

  it.each([false, true])('every output is exact on ort cpu (webgpu lowering: %s)', async (webgpu) => {
    await expectExact(graph, feeds, webgpu);
  });
});

describe('WebGPU lowering of Where, Maximum and Minimum', () => {
  const b = new GraphBuilder();
  const c = b.input('c', 'bool', [3, 1]);
  const x = b.input('x', 'float32', [1, 4]);
  const y = b.input('y', 'float32', [3, 4]);
  const graph = b.build({
    selected: b.where(c, x, Number.NEGATIVE_INFINITY),
    same: b.where(b.greater(y, 0), y, b.neg(y)),
    max: b.maximum(x, y),
    min: b.minimum(y, Number.NEGATIVE_INFINITY),
  });
  const inf = Number.POSITIVE_INFINITY;
  const feeds = {
    c: new Tensor('bool', [3, 1], Uint8Array.from([1, 0, 1])),
    x: Tensor.float32([-inf, 0, 2, inf], [1, 4]),
    y: Tensor.float32([-inf, -0, 2, 3, 1, inf, -5, 0.5, -inf, -inf, 7, inf], [3, 4]),
  };

  it('expands broadcasting Where inputs to the output shape and uses no Max/Min', () => {
    const model = lowerGraph(graph, { webgpu: true }).graph;
    const made = producers(model);
    const where = model.nodes.find((n) => n.outputs[0] === 'selected')!;
    expect(where.opType).toBe('Where');
    expect(where.inputs.map((name) => made.get(name))).toEqual(['Expand', 'Expand', 'Expand']);
    const same = model.nodes.find((n) => n.outputs[0] === 'same')!;
    expect(same.inputs.map((name) => made.get(name))).toEqual(['Greater', undefined, 'Neg']);
    expect(model.nodes.filter((n) => n.opType === 'Max' || n.opType === 'Min')).toEqual([]);
  });

  it.each([false, true])(
    'matches the interpreter exactly, infinities included (webgpu lowering: %s)',
    async (webgpu) => {
      await expectExact(graph, feeds, webgpu);
    },
  );
});

describe('WebGPU lowering of a Concat of many inputs', () => {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', ['batch', 20]);
  const columns = Array.from({ length: 20 }, (_, c) => b.slice(x, [1], [19 - c], [20 - c]));
  const graph = b.build({ reversed: b.concat([...columns, ...columns, ...columns], 1) });
  const feeds = {
    x: Tensor.float32(
      Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? Number.NEGATIVE_INFINITY : i * 0.25 - 3)),
      [2, 20],
    ),
  };

  it('splits it into Concats of at most 7 inputs (8 storage buffers per shader, the output included)', () => {
    const webgpu = lowerGraph(graph, { webgpu: true }).graph.nodes.filter((n) => n.opType === 'Concat');
    expect(Math.max(...webgpu.map((n) => n.inputs.length))).toBeLessThanOrEqual(7);
    // 60 inputs: 9 groups of at most 7, then 2, then the root.
    expect(webgpu).toHaveLength(12);
    const native = lowerGraph(graph).graph.nodes.filter((n) => n.opType === 'Concat');
    expect(native.map((n) => n.inputs.length)).toEqual([60]);
  });

  it.each([false, true])('matches the interpreter exactly (webgpu lowering: %s)', async (webgpu) => {
    await expectExact(graph, feeds, webgpu);
  });
});
