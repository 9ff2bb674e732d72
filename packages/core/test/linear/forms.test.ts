import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildChunkedGraph,
  buildParallelGraph,
  InvalidArgumentError,
  type LinearOptions,
  linearAttention,
  linearEluAttention,
  linearGatedAttention,
  runParallel,
} from '../../src/index.js';
import { mulberry32 } from '../support/mulberry32.js';
import { backend, checkAllForms, dimsWithSplitArb, type KernelCase } from './check-forms.js';
import { largestIntermediate } from './chunk-memory.js';
import { expectClose, identity, naiveKernelAttention, randomTensor } from './fixtures.js';

const countState = (n: number) => Float64Array.of(n);

/** Identity features; 'plain' sums without normalizing, 'normalized' divides by the token count it keeps. */
function linearCase(variant: LinearOptions['variant'], gated: boolean): KernelCase {
  const normalized = variant === 'normalized';
  return {
    mechanism: gated ? linearGatedAttention : linearAttention,
    options: { variant },
    gated,
    naive: (x, causal) =>
      naiveKernelAttention(x.q, x.k, x.v, {
        causal,
        feature: identity,
        normalizer: normalized ? 'count' : 'none',
        ...(gated ? { gate: x.gate } : {}),
      }),
    expectedState: (naive, n): Record<string, Float64Array> =>
      normalized ? { S: naive.S, count: countState(n) } : { S: naive.S },
  };
}

const cases: Record<string, KernelCase> = {
  'linear plain': linearCase('plain', false),
  'linear normalized': linearCase('normalized', false),
  'linear-gated plain': linearCase('plain', true),
  'linear-gated normalized': linearCase('normalized', true),
};

describe('linear attention forms agree with the naive float64 formula', () => {
  for (const [label, c] of Object.entries(cases)) {
    it(`${label}: parallel, chunked, recurrent, prefix + recurrent`, async () => {
      await fc.assert(
        fc.asyncProperty(dimsWithSplitArb, async ([d, split]) => checkAllForms(c, d, split)),
        { numRuns: 12 },
      );
    });
  }

  it('non-causal with n_q != n_k divides the normalized variant by n_k', async () => {
    const rng = mulberry32(7);
    const q = randomTensor(rng, [2, 1, 3, 4]);
    const k = randomTensor(rng, [2, 1, 7, 4]);
    const v = randomTensor(rng, [2, 1, 7, 2]);
    for (const variant of ['plain', 'normalized'] as const) {
      const options: LinearOptions & { causal: boolean } = { variant, causal: false };
      const { out } = await runParallel(backend, linearAttention, { q, k, v }, options);
      const naive = naiveKernelAttention(q, k, v, {
        causal: false,
        feature: identity,
        normalizer: variant === 'plain' ? 'none' : 'count',
      });
      expectClose(out, naive.out, [2, 1, 3, 2], 1e-12, variant);
    }
  });
});

describe('linear attention rejects bad options and inputs', () => {
  const dims = { batch: 1, heads: 1, seqQ: 4, seqK: 4, dk: 2, dv: 2 };
  it("points 'gated' at the 'linear-gated' mechanism", () => {
    const gated = { variant: 'gated', causal: true };
    expect(() => buildParallelGraph(linearAttention, dims, gated)).toThrow(/linear-gated/);
    expect(() => buildParallelGraph(linearAttention, dims, gated)).toThrow(InvalidArgumentError);
  });
  it('names the chunk size in chunked errors, and builds the chunked form over a symbolic length', () => {
    const graph = buildChunkedGraph(linearAttention, { ...dims, seqQ: 'seq' }, { chunkSize: 2 });
    expect(graph.values[graph.outputs[0]!.value]!.shape[2]).toBe('seq');
    expect(() => buildChunkedGraph(linearAttention, dims, { chunkSize: 0 })).toThrow(/chunkSize/);
  });
  it('parallel graphs accept a symbolic sequence length', () => {
    const options: LinearOptions & { causal: boolean; withState: boolean } = {
      variant: 'normalized',
      causal: true,
      withState: true,
    };
    const graph = buildParallelGraph(
      linearAttention,
      { ...dims, batch: 'batch', seqQ: 'seq', seqK: 'seq' },
      options,
    );
    expect(graph.outputs.map((o) => o.name).sort()).toEqual(['out', 'present.S', 'present.count']);
  });
});

describe('the chunked form stays within O(n (dk + dv) + n C + (n / C) dk dv) memory', () => {
  it('never forms an n x dk x dv (or n x n) intermediate', () => {
    const n = 96;
    const dims = { batch: 1, heads: 1, seqQ: n, dk: 4, dv: 4 };
    for (const [mechanism, options] of [
      [linearAttention, { variant: 'normalized' }],
      [linearEluAttention, { eps: 1e-6 }],
    ] as const) {
      const largest = largestIntermediate(buildChunkedGraph(mechanism, dims, { ...options, chunkSize: 8 }));
      const bound = n * (dims.dk + dims.dv) + n * 8 + (n / 8) * dims.dk * dims.dv;
      expect(largest.size, `${mechanism.name}: largest intermediate [${largest.shape}]`).toBeLessThanOrEqual(
        bound,
      );
      expect(largest.size).toBeLessThan(n * dims.dk * dims.dv);
    }
  });
});
