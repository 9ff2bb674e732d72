import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildChunkedGraph,
  InvalidArgumentError,
  ReferenceBackend,
  runChunked,
  runParallel,
  type SoftmaxOptions,
  softmaxAttention,
  type Tensor,
} from '../../src/index.js';
import { dimsWithSplitArb } from '../linear/check-forms.js';
import { largestIntermediate } from '../linear/chunk-memory.js';
import { concatSeq, type Dims, expectClose, randomInputs, randomTensor } from '../linear/fixtures.js';
import { mulberry32 } from '../support/mulberry32.js';
import { sliceSeq } from '../support/slice-seq.js';
import { naiveSoftmaxAttention } from './naive-softmax.js';
import { runSoftmaxSteps } from './step-by-step.js';

const backend = new ReferenceBackend();

async function checkAllForms(d: Dims, split: number, qkScale: number, rel: number): Promise<void> {
  const { q, k, v } = randomInputs(d, qkScale);
  const shape = [d.batch, d.heads, d.n, d.dv];
  const causal = naiveSoftmaxAttention(q, k, v, { causal: true });

  const p = await runParallel(backend, softmaxAttention, { q, k, v }, { causal: false });
  expectClose(p.out, naiveSoftmaxAttention(q, k, v, { causal: false }), shape, rel, 'parallel non-causal');

  const pc = await runParallel(backend, softmaxAttention, { q, k, v }, { causal: true });
  expectClose(pc.out, causal, shape, rel, 'parallel causal');
  expectClose(pc.state!.key!, k.data, k.shape, 0, 'parallel state key');
  expectClose(pc.state!.value!, v.data, v.shape, 0, 'parallel state value');

  const ch = await runChunked(backend, softmaxAttention, { q, k, v }, { chunkSize: d.chunkSize });
  expectClose(ch.out, causal, shape, rel, `chunked C=${d.chunkSize}`);
  expectClose(ch.state!.key!, k.data, k.shape, 0, 'chunked state key');

  const r = runSoftmaxSteps({ q, k, v }, {});
  expectClose(r.out, causal, shape, rel, 'recurrent');
  expectClose(r.state.key!, k.data, k.shape, 0, 'recurrent cache key');
  expectClose(r.state.value!, v.data, v.shape, 0, 'recurrent cache value');

  const slice = (t: Tensor, s: number, e: number) => sliceSeq(t, s, e);
  const prefix = await runParallel(
    backend,
    softmaxAttention,
    { q: slice(q, 0, split), k: slice(k, 0, split), v: slice(v, 0, split) },
    { causal: true },
  );
  const rest = runSoftmaxSteps(
    { q: slice(q, split, d.n), k: slice(k, split, d.n), v: slice(v, split, d.n) },
    {},
    prefix.state,
  );
  expectClose(concatSeq([prefix.out, rest.out]), causal, shape, rel, `prefix ${split} + recurrent`);
}

describe('softmax attention forms agree with the naive float64 formula', () => {
  it('parallel, chunked, recurrent KV cache, prefix + recurrent', async () => {
    await fc.assert(
      fc.asyncProperty(dimsWithSplitArb, async ([d, split]) => checkAllForms(d, split, 1.5, 1e-9)),
      { numRuns: 15 },
    );
  });

  it('large-magnitude logits (|q|, |k| up to 1e4) neither overflow nor lose the argmax', async () => {
    await fc.assert(
      fc.asyncProperty(dimsWithSplitArb, async ([d, split]) => checkAllForms(d, split, 1e4, 1e-6)),
      { numRuns: 6 },
    );
  });

  it('a custom scale reaches every form', async () => {
    const rng = mulberry32(3);
    const q = randomTensor(rng, [1, 2, 6, 3]);
    const k = randomTensor(rng, [1, 2, 6, 3]);
    const v = randomTensor(rng, [1, 2, 6, 2]);
    const expected = naiveSoftmaxAttention(q, k, v, { causal: true, scale: 2.5 });
    const shape = [1, 2, 6, 2];
    const causal: SoftmaxOptions & { causal: boolean } = { causal: true, scale: 2.5 };
    const chunked: SoftmaxOptions & { chunkSize: number } = { chunkSize: 4, scale: 2.5 };
    const p = await runParallel(backend, softmaxAttention, { q, k, v }, causal);
    expectClose(p.out, expected, shape, 1e-12, 'parallel');
    const c = await runChunked(backend, softmaxAttention, { q, k, v }, chunked);
    expectClose(c.out, expected, shape, 1e-12, 'chunked');
    expectClose(runSoftmaxSteps({ q, k, v }, { scale: 2.5 }).out, expected, shape, 1e-12, 'recurrent');
  });

  it('non-causal with n_q != n_k', async () => {
    const rng = mulberry32(5);
    const q = randomTensor(rng, [2, 1, 3, 4]);
    const k = randomTensor(rng, [2, 1, 9, 4]);
    const v = randomTensor(rng, [2, 1, 9, 3]);
    const { out } = await runParallel(backend, softmaxAttention, { q, k, v }, { causal: false });
    expectClose(out, naiveSoftmaxAttention(q, k, v, { causal: false }), [2, 1, 3, 3], 1e-12, 'parallel');
  });

  it('rejects a non-finite scale in the chunked form', () => {
    const dims = { batch: 1, heads: 1, seqQ: 'seq', dk: 2, dv: 2 };
    const badScale: SoftmaxOptions & { chunkSize: number } = { chunkSize: 2, scale: Number.NaN };
    expect(() => buildChunkedGraph(softmaxAttention, { ...dims, seqQ: 4 }, badScale)).toThrow(
      InvalidArgumentError,
    );
  });
});

describe('softmax chunked memory', () => {
  it('never forms the n x n score matrix: the largest intermediate is O(n C + n (dk + dv))', () => {
    const n = 96;
    const graph = buildChunkedGraph(
      softmaxAttention,
      { batch: 1, heads: 1, seqQ: n, dk: 4, dv: 4 },
      { chunkSize: 8 },
    );
    const largest = largestIntermediate(graph);
    expect(largest.size, `largest intermediate [${largest.shape}]`).toBeLessThanOrEqual(n * 8 + n * 8);
    expect(largest.size).toBeLessThan(n * n);
  });
});
