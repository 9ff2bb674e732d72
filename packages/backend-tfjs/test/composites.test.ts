import { type Backend, createBackend } from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateDevice, type TfjsDevice } from '../src/index.js';
import { COMPOSITE_CASES } from './support/composite-cases.js';
import { FLOAT32_TOLERANCE } from './support/expect-close.js';
import { seededRandom } from './support/random.js';
import { expectMatchesReference } from './support/run-graph.js';

describe.each(['cpu', 'wasm'])('every composite on tfjs %s matches the float64 interpreter', (device) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await createBackend({ backend: 'tfjs', device });
  });
  afterAll(() => backend.dispose());

  it.each(COMPOSITE_CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_, c, i) => {
    const tol = { ...FLOAT32_TOLERANCE, rtol: c.rtol ?? FLOAT32_TOLERANCE.rtol };
    await expectMatchesReference(
      backend,
      c.graph,
      c.feeds(seededRandom(2000 + i)),
      `${device} ${c.name}`,
      tol,
    );
  });

  it("tfjs's own logSumExp and softmax give NaN on an all -inf row, which is why they are not used", async () => {
    await activateDevice(device as TfjsDevice);
    expect(tf.getBackend()).toBe(device);
    const [lse, soft] = tf.tidy(() => {
      const row = tf.tensor2d([[Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]]);
      return [tf.logSumExp(row, 1), tf.softmax(row)];
    });
    expect(Number.isNaN((await lse!.data())[0])).toBe(true);
    expect(Number.isNaN((await soft!.data())[0])).toBe(true);
    tf.dispose([lse!, soft!]);
  });
});
