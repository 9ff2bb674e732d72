import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activateDevice } from '../src/index.js';
import { flatSlice } from '../src/lower/flat-slice.js';

/** The slice written out as loops over every output index: the oracle. */
function naiveSlice(data: Float32Array, shape: number[], begin: number[], sizes: number[]): number[] {
  const out: number[] = [];
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
  const total = sizes.reduce((p, d) => p * d, 1);
  for (let t = 0; t < total; t++) {
    let rem = t;
    let offset = 0;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      offset += ((rem % sizes[axis]!) + begin[axis]!) * strides[axis]!;
      rem = Math.floor(rem / sizes[axis]!);
    }
    out.push(data[offset]!);
  }
  return out;
}

const sliceCase = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.tuple(...shape.map((d) => fc.integer({ min: 0, max: d - 1 }))),
      fc.tuple(...shape.map((d) => fc.integer({ min: 1, max: d }))),
    ),
  )
  .map(([shape, starts, lengths]) => {
    const begin = starts.map((s) => s);
    const sizes = lengths.map((l, i) => Math.min(l, shape[i]! - begin[i]!));
    return { shape, begin, sizes };
  });

describe.each(['cpu', 'wasm'] as const)('flatSlice on tfjs %s', (device) => {
  it('equals an index-by-index slice at ranks 1-6, -inf included', async () => {
    await activateDevice(device);
    fc.assert(
      fc.property(sliceCase, ({ shape, begin, sizes }) => {
        const size = shape.reduce((p, d) => p * d, 1);
        const data = Float32Array.from({ length: size }, (_, i) => (i % 7 === 3 ? -Infinity : i * 0.5 - 3));
        const out = tf.tidy(() => flatSlice(tf.tensor(data, shape), begin, sizes));
        expect(out.shape).toEqual(sizes);
        expect(Array.from(out.dataSync())).toEqual(naiveSlice(data, shape, begin, sizes));
        out.dispose();
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
