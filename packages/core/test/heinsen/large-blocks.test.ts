import fc from 'fast-check';
import { expect, it } from 'vitest';
import { heinsenAttention, ReferenceBackend, runChunked, Tensor } from '../../src/index.js';
import { firstMismatch, naiveAttention } from './naive-oracle.js';
import { singleHeadInputs } from './random-inputs.js';

const backend = new ReferenceBackend();

/**
 * Blocks of 64 and more take the paths small cases never reach: levels of 32 and up that add into
 * place, and the top level that reads its first half's key sums (which also make the chunk's sums).
 * Chunk sizes that are not powers of two pad every block; n not a multiple of C leaves a short tail.
 */
const largeCaseArb = fc.record({
  n: fc.integer({ min: 70, max: 300 }),
  chunkSize: fc.constantFrom(64, 100, 128, 200, 256),
  dk: fc.integer({ min: 1, max: 3 }),
  dv: fc.integer({ min: 1, max: 2 }),
  range: fc.constantFrom(3, 1e4),
  seed: fc.nat(),
});

it('chunked with blocks of 64-256, padded and with a tail, equals the quadratic definition at |q|, |k| up to 1e4', async () => {
  await fc.assert(
    fc.asyncProperty(largeCaseArb, async (d) => {
      const raw = singleHeadInputs(d, d.range, 2);
      // float32-rounded, as a float32 caller would pass them.
      const round = (t: Tensor) => Tensor.float64(Float64Array.from(Float32Array.from(t.data)), [...t.shape]);
      const x = { q: round(raw.q), k: round(raw.k), v: round(raw.v) };
      const expected = naiveAttention(
        x.q.data,
        x.k.data,
        x.v.data,
        { bh: 1, nq: d.n, nk: d.n, dk: d.dk, dv: d.dv },
        true,
      );
      const run = await runChunked(backend, heinsenAttention, x, { chunkSize: d.chunkSize });
      expect(Array.from(run.out.data).every(Number.isFinite)).toBe(true);
      // Scores near 2e4 round differently in the oracle and the graph (ulp ~ 4e-12).
      expect(firstMismatch(run.out.data, expected, 1e-8)).toBeUndefined();
    }),
    { numRuns: 8 },
  );
}, 60_000);
