import { evaluate, type Graph, GraphBuilder, subtractedShift, Tensor } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { lowerGraph } from '../src/index.js';
import { expectMatchesInterpreter, ortBackend, TEST_DEVICES } from './support/backends.js';
import { randomFloat, seededRandom } from './support/random.js';

const rand = seededRandom(99);
const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * Rows: ordinary, one finite entry, all -inf, and a wide dynamic range (+-100: exp would overflow
 * unshifted, yet float32 rounding of the inputs stays below the tolerance).
 */
function hardRows(): Tensor {
  const x = randomFloat(rand, [4, 9], { scale: 3, negInf: 0.25 });
  for (let j = 0; j < 9; j++) {
    x.data[9 + j] = j === 4 ? 2.5 : NEG_INF;
    x.data[18 + j] = NEG_INF;
    x.data[27 + j] = Math.fround(j % 2 === 0 ? 100 - j : -100 + j);
  }
  return x;
}

function compositeGraph(): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [4, 9]);
  const y = b.input('y', 'float32', [4, 9]);
  return b.build({
    lcse: b.logCumSumExp(x, 1),
    lcseExclusive: b.logCumSumExp(x, -1, { exclusive: true }),
    lcseReverse: b.logCumSumExp(x, 1, { reverse: true, exclusive: true }),
    lcseRows: b.logCumSumExp(x, 0),
    lse: b.logSumExp(x, [1]),
    lseKeep: b.logSumExp(x, [0, 1], true),
    softmax: b.softmax(x, -1),
    logSoftmax: b.logSoftmax(x, 1),
    logAddExp: b.logAddExp(x, y),
  });
}

function activationGraph(): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', ['batch', 6]);
  const gamma = b.input('gamma', 'float32', [6]);
  const beta = b.input('beta', 'float32', [6]);
  return b.build({
    gelu: b.gelu(x),
    geluTanh: b.gelu(x, 'tanh'),
    sigmoid: b.sigmoid(x),
    softplus: b.softplus(x),
    elu: b.elu(x),
    relu: b.relu(x),
    mean: b.reduceMean(x, [0]),
    meanKeep: b.reduceMean(x, [1], true),
    layerNorm: b.layerNorm(x, gamma, beta, 1e-5),
  });
}

function activationFeeds(): Record<string, Tensor> {
  const x = randomFloat(rand, [5, 6], { scale: 6 });
  // Sigmoid and softplus tails, where a clamped or unshifted formula loses relative accuracy.
  x.data.set([-40, -20, 30, 80, -80, 0], 0);
  // A row with a large mean, where a one-pass E[x^2] - E[x]^2 variance cancels.
  x.data.set([1000.5, 1001.25, 999.75, 1000, 1002, 998.5], 6);
  return { x, gamma: randomFloat(rand, [6]), beta: randomFloat(rand, [6]) };
}

describe.each(TEST_DEVICES)('composites on ort %s match the interpreter', (device) => {
  it('logCumSumExp (all variants), logSumExp, softmax, logSoftmax, logAddExp with -inf rows', async () => {
    const y = randomFloat(rand, [4, 9], { negInf: 0.5 });
    await expectMatchesInterpreter(
      device,
      compositeGraph(),
      { x: hardRows(), y },
      { rtol: 2e-5, atol: 3e-5 },
    );
  });

  it('softmax of an all -inf row is exactly 0 (not NaN), logSumExp exactly -inf', async () => {
    const exe = await (await ortBackend(device)).compile(compositeGraph());
    const out = await exe.run({ x: hardRows(), y: Tensor.full([4, 9], NEG_INF) });
    await exe.dispose();
    expect(Array.from(out.softmax!.data.slice(18, 27))).toEqual(new Array(9).fill(0));
    expect(out.lse!.data[2]).toBe(NEG_INF);
    expect(Array.from(out.lcse!.data.slice(18, 27))).toEqual(new Array(9).fill(NEG_INF));
    expect(Array.from(out.logAddExp!.data.slice(18, 27))).toEqual(new Array(9).fill(NEG_INF));
  });

  it('FiniteShift: the row max where finite, a finite stand-in for -inf; exp(x - shift) exact', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [4, 9]);
    const max = b.reduceMax(x, [1], true);
    const shift = subtractedShift(b, max);
    const graph = b.build({ max, shift, factor: b.exp(b.sub(x, shift)) });
    const feeds = { x: hardRows() };
    const exe = await (await ortBackend(device)).compile(graph);
    const out = await exe.run(feeds);
    await exe.dispose();
    const expected = evaluate(graph, feeds);
    const [shifts, maxes] = [Array.from(out.shift!.data), Array.from(expected.max!.data)];
    expect(maxes[2]).toBe(NEG_INF);
    shifts.forEach((s, row) => expect(Number.isFinite(s) && (row === 2 || s === maxes[row])).toBe(true));
    out.factor!.data.forEach((f, i) => expect(Math.abs(f - expected.factor!.data[i]!)).toBeLessThan(1e-6));
    expect(Array.from(out.factor!.data.slice(18, 27))).toEqual(new Array(9).fill(0));
  });

  it('activations, reduceMean over a symbolic dim and layerNorm (large-mean row)', async () => {
    // atol 1e-4: float32 inputs near 1000 carry 3e-5 rounding into the centered values; a one-pass
    // variance would be off by O(1) on that row.
    await expectMatchesInterpreter(device, activationGraph(), activationFeeds(), { rtol: 1e-5, atol: 1e-4 });
  });

  it('logSumExp and logSoftmax stay finite and accurate for |x| ~ 1e4', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 8]);
    const graph = b.build({ lse: b.logSumExp(x, [1]), ls: b.logSoftmax(x, 1), sm: b.softmax(x, 1) });
    const data = Array.from({ length: 16 }, (_, i) => Math.fround((i % 2 ? 1 : -1) * (1e4 - i * 3)));
    // ulp(1e4) in float32 is ~1e-3, so x - lse is only known to that accuracy.
    await expectMatchesInterpreter(
      device,
      graph,
      { x: Tensor.float64(data, [2, 8]) },
      { rtol: 1e-6, atol: 2e-3 },
    );
  });
});

describe('opset variants', () => {
  it.each([18, 20, 21])(
    'opset %i (axes as inputs, native Gelu from 20) matches the interpreter',
    async (opset) => {
      const { createBackend } = await import('@constant-attention/core');
      const backend = await createBackend({ backend: 'ort', device: 'cpu', options: { opset } });
      const graph = activationGraph();
      const { evaluate } = await import('@constant-attention/core');
      const feeds = activationFeeds();
      const exe = await backend.compile(graph);
      const out = await exe.run(feeds);
      const expected = evaluate(graph, feeds);
      for (const name of Object.keys(expected)) {
        const e = expected[name]!.data;
        out[name]!.data.forEach((a, i) =>
          expect(Math.abs(a - e[i]!), `${name}[${i}]`).toBeLessThanOrEqual(1e-4 + 1e-5 * Math.abs(e[i]!)),
        );
      }
      await backend.dispose();
    },
  );

  it('lowers composites natively only where core semantics match', () => {
    const ops = (graph: Graph, opset?: number) =>
      new Set(lowerGraph(graph, { opset }).graph.nodes.map((n) => n.opType));
    const at17 = ops(activationGraph());
    const logSpace = ops(compositeGraph());
    for (const native of ['Relu', 'Elu', 'ReduceMean']) expect(at17.has(native)).toBe(true);
    const b = new GraphBuilder();
    const shiftGraph = b.build({ s: subtractedShift(b, b.input('x', 'float32', [4, 9])) });
    const cpuShift = new Set(lowerGraph(shiftGraph).graph.nodes.map((n) => n.opType));
    const webgpuShift = new Set(lowerGraph(shiftGraph, { webgpu: true }).graph.nodes.map((n) => n.opType));
    expect([cpuShift.has('Max'), cpuShift.has('Where'), webgpuShift.has('Where')]).toEqual([
      true,
      false,
      true,
    ]);
    // ONNX's Gelu from opset 20; below it the cpu profile uses com.microsoft's (gelu-contrib.test.ts).
    const onnxGelu = (opset: number) =>
      lowerGraph(activationGraph(), { opset, webgpu: true }).graph.nodes.some((n) => n.opType === 'Gelu');
    expect(onnxGelu(17)).toBe(false);
    expect(onnxGelu(20)).toBe(true);
    for (const banned of ['Sigmoid', 'Softplus']) expect(at17.has(banned)).toBe(false);
    // LayerNormalization only where a device profile's pass emits it (cpu, wasm), never on WebGPU.
    expect(at17.has('LayerNormalization')).toBe(true);
    const webgpu = new Set(lowerGraph(activationGraph(), { webgpu: true }).graph.nodes.map((n) => n.opType));
    expect(webgpu.has('LayerNormalization')).toBe(false);
    for (const banned of ['ReduceLogSumExp', 'LogSoftmax', 'Loop', 'Scan']) {
      expect(logSpace.has(banned)).toBe(false);
    }
    // ONNX Softmax only on the CPU profile, which guards its all -inf rows (softmax-native.test.ts).
    expect(logSpace.has('Softmax')).toBe(true);
    const webgpuLogSpace = new Set(
      lowerGraph(compositeGraph(), { webgpu: true }).graph.nodes.map((n) => n.opType),
    );
    expect(webgpuLogSpace.has('Softmax')).toBe(false);
  });
});
