import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildParallelGraph,
  InvalidArgumentError,
  type LinearEluOptions,
  linearEluAttention,
} from '../../src/index.js';
import { checkAllForms, dimsWithSplitArb, type KernelCase } from '../linear/check-forms.js';
import { eluPlusOne, naiveKernelAttention } from '../linear/fixtures.js';

const eps = 1e-6;

const linearElu: KernelCase = {
  mechanism: linearEluAttention,
  options: { eps },
  gated: false,
  naive: (x, causal) =>
    naiveKernelAttention(x.q, x.k, x.v, { causal, feature: eluPlusOne, normalizer: { eps } }),
  expectedState: (naive) => ({ S: naive.S, Z: naive.Z }),
};

describe('linear-elu forms agree with the naive float64 formula', () => {
  it('parallel, chunked, recurrent, prefix + recurrent', async () => {
    await fc.assert(
      fc.asyncProperty(dimsWithSplitArb, async ([d, split]) => checkAllForms(linearElu, d, split)),
      { numRuns: 15 },
    );
  });

  it('a large eps is honoured (so eps reaches every form)', async () => {
    const bigEps: KernelCase = {
      ...linearElu,
      options: { eps: 3 },
      naive: (x, causal) =>
        naiveKernelAttention(x.q, x.k, x.v, { causal, feature: eluPlusOne, normalizer: { eps: 3 } }),
    };
    await checkAllForms(bigEps, { batch: 1, heads: 2, n: 7, dk: 3, dv: 2, chunkSize: 3, seed: 11 }, 4);
  });

  it('rejects a negative or NaN eps', () => {
    const dims = { batch: 1, heads: 1, seqQ: 2, seqK: 2, dk: 2, dv: 2 };
    const options = (eps: number): LinearEluOptions & { causal: boolean } => ({ eps, causal: true });
    for (const bad of [-1, Number.NaN]) {
      expect(() => buildParallelGraph(linearEluAttention, dims, options(bad))).toThrow(InvalidArgumentError);
    }
  });
});
