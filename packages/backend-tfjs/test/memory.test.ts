import {
  type Backend,
  createBackend,
  type DeviceTensor,
  GraphBuilder,
  Tensor,
} from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../src/index.js';
import { seededRandom } from './support/random.js';

const DECAY = 0.9;

/** One decode step of a decaying linear-attention state: S' = decay * S + k^T v, out = q S'. */
function stepGraph() {
  const b = new GraphBuilder();
  const state = b.input('past.state', 'float32', [2, 3]);
  const q = b.input('q', 'float32', [1, 2]);
  const k = b.input('k', 'float32', [1, 2]);
  const v = b.input('v', 'float32', [1, 3]);
  const next = b.add(b.mul(state, DECAY), b.matmul(b.transposeLast2(k), v));
  return b.build({ out: b.matmul(q, next), 'present.state': next });
}

describe.each(['cpu', 'wasm'])('tfjs %s memory discipline', (device) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await createBackend({ backend: 'tfjs', device });
  });
  afterAll(() => backend.dispose());

  it('leaves tf.memory() unchanged after 1,000 runs of a graph', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['n', 4]);
    const exe = await backend.compile(
      b.build({ y: b.logSumExp(b.softmax(x), [1]), m: b.reduceMean(x, [0]) }),
    );
    const feeds = { x: Tensor.float32([1, 2, 3, Number.NEGATIVE_INFINITY, 5, 6, 7, 8], [2, 4]) };
    await exe.run(feeds);
    const before = tf.memory();
    for (let i = 0; i < 1000; i++) await exe.run(feeds);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    await exe.dispose();
  });

  it('keeps tensor count flat over 10,000 decode steps with resident state, and the state is right', async () => {
    const exe = await backend.compile(stepGraph());
    const random = seededRandom(99);
    const row = (n: number) => Float32Array.from({ length: n }, () => random() * 2 - 1);
    const before = tf.memory().numTensors;
    let state: DeviceTensor = await backend.upload(Tensor.zeros([2, 3]));
    // The oracle: the same recurrence in float64 plain JS.
    const expected = new Float64Array(6);
    let lastOut: Tensor | undefined;
    let expectedOut = new Float64Array(3);
    for (let step = 0; step < 10_000; step++) {
      const q = row(2);
      const k = row(2);
      const v = row(3);
      const result = await exe.run(
        {
          'past.state': state,
          q: Tensor.float32(q, [1, 2]),
          k: Tensor.float32(k, [1, 2]),
          v: Tensor.float32(v, [1, 3]),
        },
        { keepOnDevice: ['present.state'] },
      );
      state.dispose();
      state = result['present.state'] as DeviceTensor;
      lastOut = result.out as Tensor;
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 3; j++) expected[i * 3 + j] = DECAY * expected[i * 3 + j]! + k[i]! * v[j]!;
      expectedOut = Float64Array.from(
        { length: 3 },
        (_, j) => q[0]! * expected[j]! + q[1]! * expected[3 + j]!,
      );
    }
    expect(tf.memory().numTensors).toBe(before + 1);
    const finalState = await state.read();
    finalState.data.forEach((value, i) => expect(Math.abs(value - expected[i]!)).toBeLessThan(1e-4));
    lastOut!.data.forEach((value, i) => expect(Math.abs(value - expectedOut[i]!)).toBeLessThan(1e-4));
    state.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await exe.dispose();
  });
});
