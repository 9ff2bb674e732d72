import {
  buildChunkedGraph,
  evaluate,
  type Graph,
  getMechanism,
  InvalidArgumentError,
  mechanismNames,
  type Tensor,
  valueInfo,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import {
  exportOnnx,
  lowerGraph,
  MissingLoweringRuleError,
  nativeComposites,
  type OrtBackend,
  type ProfileName,
} from '../src/index.js';
import { CPU_PROFILE } from '../src/lower/profiles/cpu.js';
import { RuleSet } from '../src/lower/rule-set.js';
import { ortBackend } from './support/backends.js';
import { expectClose } from './support/compare.js';
import { randomFloat, seededRandom } from './support/random.js';

const PROFILES: readonly ProfileName[] = ['cpu', 'wasm', 'webgpu'];
const DIMS = { batch: 1, heads: 2, seqQ: 32, dk: 8, dv: 8 };

/** Positive feeds: valid for every mechanism's inputs (log-space, non-negative V, ...). */
function feedsFor(graph: Graph): Record<string, Tensor> {
  const rand = seededRandom(7);
  return Object.fromEntries(
    graph.inputs.map((i) => {
      const shape = valueInfo(graph, i.value).shape as number[];
      return [i.name, randomFloat(rand, shape, { scale: 1, offset: 1.5 })];
    }),
  );
}

describe('every device profile lowers to the same values', () => {
  // Run on ORT cpu whatever the profile: each profile's passes must keep the graph's meaning, so the
  // float64 interpreter is the oracle for all three.
  for (const name of mechanismNames()) {
    it.each(PROFILES)(`${name} chunked, profile %s, against the interpreter`, async (device) => {
      const graph = buildChunkedGraph(getMechanism(name), DIMS, { chunkSize: 8 });
      const feeds = feedsFor(graph);
      const backend = (await ortBackend('cpu')) as OrtBackend;
      const exe = await backend.loadModel(exportOnnx(graph, { device }), graph);
      try {
        const actual = await exe.run(feeds);
        const expected = evaluate(graph, feeds);
        for (const out of Object.keys(expected))
          expectClose(actual[out]!, expected[out]!, { rtol: 1e-4, atol: 1e-5 }, out);
      } finally {
        await exe.dispose();
      }
    });
  }
});

describe('device profiles', () => {
  it("'wasm' runs ORT's CPU kernels, so it lowers exactly as 'cpu'", () => {
    const graph = buildChunkedGraph(getMechanism(mechanismNames()[0]!), DIMS, { chunkSize: 8 });
    expect(exportOnnx(graph, { device: 'wasm' })).toEqual(exportOnnx(graph, { device: 'cpu' }));
  });

  it("`webgpu: true` is the 'webgpu' profile, and `device` wins over it", () => {
    const graph = buildChunkedGraph(getMechanism(mechanismNames()[0]!), DIMS, { chunkSize: 8 });
    expect(exportOnnx(graph, { webgpu: true })).toEqual(exportOnnx(graph, { device: 'webgpu' }));
    expect(exportOnnx(graph, { webgpu: true, device: 'cpu' })).toEqual(exportOnnx(graph, {}));
  });

  it('FiniteShift and GuardedFastPath are native only where a pass lowers them', () => {
    for (const op of ['FiniteShift', 'GuardedFastPath'] as const) {
      expect(nativeComposites(17, 'cpu')(op)).toBe(true);
      expect(nativeComposites(17, 'webgpu')(op)).toBe(false);
    }
    // Gelu: ONNX's from opset 20, and on cpu com.microsoft's at every opset (gelu-contrib.test.ts).
    expect(nativeComposites(17, 'webgpu')('Gelu')).toBe(false);
    expect(nativeComposites(20, 'webgpu')('Gelu')).toBe(true);
    expect(nativeComposites(17, 'cpu')('Gelu')).toBe(true);
    expect(nativeComposites(21, 'webgpu')('Softmax')).toBe(false);
    expect(nativeComposites(17, 'cpu')('Softmax')).toBe(true);
  });

  it('an unknown profile or cumSum choice is an InvalidArgumentError naming it', () => {
    const graph = buildChunkedGraph(getMechanism(mechanismNames()[0]!), DIMS, { chunkSize: 8 });
    expect(() => lowerGraph(graph, { device: 'tpu' as ProfileName })).toThrow(/'tpu'/);
    expect(() => lowerGraph(graph, { device: 'tpu' as ProfileName })).toThrow(InvalidArgumentError);
    expect(() => lowerGraph(graph, { cumSum: 'fast' as 'scan' })).toThrow(/'fast'/);
  });

  it('an op without a rule is a MissingLoweringRuleError naming the op and the profile', () => {
    const rules = new RuleSet(17, CPU_PROFILE);
    const info = { dtype: 'float32' as const, shape: [2] };
    const lower = () =>
      rules.lower({
        op: 'LogSoftmax',
        attrs: { axis: -1 },
        inputs: ['x'],
        inputInfo: [info],
        outputInfo: info,
        emitter: undefined as never,
        lower: () => '',
        branch: () => undefined as never,
      });
    expect(lower).toThrow(MissingLoweringRuleError);
    expect(lower).toThrow(InvalidArgumentError);
    expect(lower).toThrow(/'LogSoftmax'.*'cpu'/);
  });
});
