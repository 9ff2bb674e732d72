import { evaluate, type Graph, GraphBuilder, Tensor } from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { activateDevice, lowerToTfjsFunction, registerTfjsGradients, type TfjsDevice } from '../src/index.js';
import { randomFloats, seededRandom } from './support/random.js';

type Build = (
  b: GraphBuilder,
  random: () => number,
) => {
  shapes: Record<string, number[]>;
  loss: (inputs: Record<string, ReturnType<GraphBuilder['input']>>) => ReturnType<GraphBuilder['input']>;
};

/** A fixed random weighting, so the scalar loss depends on every output entry differently. */
function weighted(
  b: GraphBuilder,
  random: () => number,
  x: ReturnType<GraphBuilder['input']>,
  shape: number[],
) {
  const w = randomFloats(random, shape);
  return b.reduceSum(
    b.mul(x, b.constant(w.data, shape)),
    shape.map((_, i) => i),
  );
}

/** Causal softmax attention with a -inf mask built from Iota, plus the masked scores' logsumexp. */
const causalSoftmaxAttention =
  (n: number): Build =>
  (b, random) => ({
    shapes: { q: [1, 2, n, 3], k: [1, 2, n, 3], v: [1, 2, n, 3] },
    loss: ({ q, k, v }) => {
      const scores = b.mul(b.matmul(q!, b.transposeLast2(k!)), 1 / Math.sqrt(3));
      const positions = b.iota(q!.dim(2), 'int32');
      const causal = b.lessEqual(b.reshape(positions, [1, q!.dim(2)]), b.reshape(positions, [q!.dim(2), 1]));
      const masked = b.where(causal, scores, Number.NEGATIVE_INFINITY);
      const out = b.matmul(b.softmax(masked, -1), v!);
      const lse = b.logSumExp(masked, [-1]);
      return b.add(weighted(b, random, out, [1, 2, n, 3]), weighted(b, random, lse, [1, 2, n]));
    },
  });

/** Heinsen-style log-space attention: log o_i = LSE_d(Q_i + LCSE(K + log V)) - LSE_d(Q_i + LCSE(K)). */
const logSpaceAttention =
  (n: number): Build =>
  (b, random) => ({
    shapes: { q: [n, 3], k: [n, 3], logv: [n, 2] },
    loss: ({ q, k, logv }) => {
      const hs = b.logCumSumExp(b.add(b.reshape(k!, [n, 3, 1]), b.reshape(logv!, [n, 1, 2])), 0);
      const hz = b.logCumSumExp(k!, 0);
      const num = b.logSumExp(b.add(b.reshape(q!, [n, 3, 1]), hs), [1]);
      const den = b.logSumExp(b.add(q!, hz), [1], true);
      return weighted(b, random, b.sub(num, den), [n, 2]);
    },
  });

/** A small MLP block over the remaining composites (layer norm, gelu, sigmoid, softplus, elu, mean). */
const mlpBlock: Build = (b, random) => ({
  shapes: { x: [3, 4], w: [4, 4], gamma: [4], beta: [4] },
  loss: ({ x, w, gamma, beta }) => {
    const h = b.layerNorm(b.matmul(x!, w!), gamma!, beta!);
    const mixed = b.add(b.add(b.gelu(h), b.mul(b.sigmoid(h), b.softplus(h))), b.elu(b.logSoftmax(h, 0)));
    return b.add(weighted(b, random, mixed, [3, 4]), b.reduceMean(b.gelu(h, 'tanh'), [0, 1]));
  },
});

function buildLoss(build: Build, seed: number): { graph: Graph; shapes: Record<string, number[]> } {
  const b = new GraphBuilder();
  const random = seededRandom(seed);
  const spec = build(b, random);
  const inputs = Object.fromEntries(
    Object.entries(spec.shapes).map(([name, shape]) => [name, b.input(name, 'float32', shape)]),
  );
  return { graph: b.build({ loss: spec.loss(inputs) }), shapes: spec.shapes };
}

/** Central differences of the float64 interpreter: an oracle independent of tfjs and of core's autodiff. */
function finiteDifferences(
  graph: Graph,
  feeds: Record<string, Tensor>,
  h = 1e-5,
): Record<string, Float64Array> {
  const loss = (f: Record<string, Tensor>) => evaluate(graph, f).loss!.data[0]!;
  const grads: Record<string, Float64Array> = {};
  for (const [name, t] of Object.entries(feeds)) {
    const g = new Float64Array(t.size);
    for (let i = 0; i < t.size; i++) {
      const shifted = (delta: number) => {
        const data = Float64Array.from(t.data);
        data[i] = data[i]! + delta;
        return loss({ ...feeds, [name]: Tensor.float64(data, t.shape) });
      };
      g[i] = (shifted(h) - shifted(-h)) / (2 * h);
    }
    grads[name] = g;
  }
  return grads;
}

beforeAll(() => registerTfjsGradients(), 120_000);

const GRAPHS: [string, Build][] = [
  ['causal softmax attention (matmul, iota mask, softmax, logsumexp)', causalSoftmaxAttention(4)],
  ['log-space attention (logcumsumexp, logsumexp)', logSpaceAttention(5)],
  ['MLP block (layer norm, gelu, sigmoid, softplus, elu, log-softmax, mean)', mlpBlock],
];

describe.each(['cpu', 'wasm'] as const)(
  'tf.valueAndGrads through lowerToTfjsFunction on tfjs %s',
  (device: TfjsDevice) => {
    it.each(GRAPHS.map(([name, build], i) => [name, build, i] as const))(
      '%s matches central differences of the float64 interpreter',
      async (_, build, i) => {
        await activateDevice(device);
        const { graph, shapes } = buildLoss(build, 500 + i);
        const random = seededRandom(600 + i);
        const feeds = Object.fromEntries(
          Object.entries(shapes).map(([name, shape]) => [name, randomFloats(random, shape)]),
        );
        const f = lowerToTfjsFunction(graph);
        const before = tf.memory().numTensors;
        const inputs = f.inputNames.map((name) =>
          tf.tensor(feeds[name]!.data as Float32Array, shapes[name]!),
        );
        const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => f(xs)[0] as tf.Scalar)(inputs);
        const expectedValue = evaluate(graph, feeds).loss!.data[0]!;
        expect(Math.abs((await value.data())[0]! - expectedValue)).toBeLessThan(
          1e-4 * Math.max(1, Math.abs(expectedValue)),
        );
        const fd = finiteDifferences(
          graph,
          Object.fromEntries(Object.entries(feeds).map(([n, t]) => [n, t.toFloat64()])),
        );
        for (const [j, name] of f.inputNames.entries()) {
          const got = await grads[j]!.data();
          const want = fd[name]!;
          const scale = Math.max(1, ...Array.from(want, Math.abs));
          want.forEach((w, e) => {
            expect(Number.isFinite(got[e]!), `${name}[${e}] finite`).toBe(true);
            expect(Math.abs(got[e]! - w), `d loss / d ${name}[${e}]: tfjs ${got[e]} vs fd ${w}`).toBeLessThan(
              5e-4 * scale,
            );
          });
        }
        tf.dispose([value, ...grads, ...inputs]);
        expect(tf.memory().numTensors).toBe(before);
      },
    );
  },
);

describe('lowerToTfjsFunction input checks', () => {
  it('reports missing inputs and wrong shapes with the shared typed errors', async () => {
    await activateDevice('cpu');
    const { graph } = buildLoss(mlpBlock, 1);
    const f = lowerToTfjsFunction(graph);
    expect(() => f([tf.zeros([3, 4])])).toThrow(/expected 4 input tensor\(s\)/);
    expect(() => f([tf.zeros([3, 5]), tf.zeros([4, 4]), tf.zeros([4]), tf.zeros([4])])).toThrow(
      /axis 1 must be 4/,
    );
    expect(() => f([tf.zeros([3, 4], 'int32'), tf.zeros([4, 4]), tf.zeros([4]), tf.zeros([4])])).toThrow(
      /dtype int32/,
    );
  });
});
