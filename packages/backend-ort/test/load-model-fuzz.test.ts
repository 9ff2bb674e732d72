import { GraphBuilder, MalformedModelError } from '@constant-attention/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportOnnx, type OrtBackend } from '../src/index.js';
import { ortBackend } from './support/backends.js';

function graph() {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', ['batch', 3]);
  return b.build({ y: b.exp(b.mul(x, b.constant([1, 2, 3], [3]))) });
}

describe('loadModel under fuzzing (ort cpu)', () => {
  it('truncated or bit-flipped .onnx bytes load or fail as MalformedModelError, never otherwise', async () => {
    const backend = (await ortBackend('cpu')) as OrtBackend;
    const bytes = exportOnnx(graph());
    const damaged = fc.oneof(
      fc.nat({ max: bytes.length - 1 }).map((n) => bytes.slice(0, n)),
      fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 7 })).map(([at, bit]) => {
        const copy = bytes.slice();
        copy[at]! ^= 1 << bit;
        return copy;
      }),
    );
    await fc.assert(
      fc.asyncProperty(damaged, async (model) => {
        try {
          const exe = await backend.loadModel(model, graph());
          await exe.dispose();
        } catch (err) {
          expect(err).toBeInstanceOf(MalformedModelError);
        }
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});
