import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  heinsenAttention,
  heinsenLogMechanism,
  ReferenceBackend,
  runChunked,
  runParallel,
  runRecurrent,
  Tensor,
} from '../../src/index.js';
import { mulberry32 } from '../support/mulberry32.js';
import { runCausalForms } from '../support/run-causal-forms.js';
import { sliceSeq } from '../support/slice-seq.js';
import { firstMismatch, naiveAttention, naiveLogAttention, naiveLogState } from './naive-oracle.js';
import { type CaseDims, caseDimsArb, randomInputs, uniformTensor } from './random-inputs.js';

const backend = new ReferenceBackend();
const REL = 1e-9;
const RUNS = 15;

const naiveDims = (d: CaseDims, nq = d.n, nk = d.n) => ({
  bh: d.batch * d.heads,
  nq,
  nk,
  dk: d.dk,
  dv: d.dv,
});

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string) {
  expect(firstMismatch(actual, expected, REL), what).toBeUndefined();
}

describe('signed-V heinsen mechanism', () => {
  it('parallel == chunked == recurrent == the quadratic definition, causal', async () => {
    await fc.assert(
      fc.asyncProperty(caseDimsArb, async (d) => {
        const x = randomInputs(d, 3, 2);
        const expected = naiveAttention(x.q.data, x.k.data, x.v.data, naiveDims(d), true);
        const { parallel, chunked, recurrent } = await runCausalForms(heinsenAttention, x, d.chunkSize);
        expectClose(parallel.out.data, expected, 'parallel');
        expectClose(chunked.out.data, expected, 'chunked');
        expectClose(recurrent.out.data, expected, 'recurrent');
      }),
      { numRuns: RUNS },
    );
  });

  it('chunked in sequence groups of any size (continuing state group to group) equals the quadratic definition', async () => {
    await fc.assert(
      fc.asyncProperty(caseDimsArb, fc.integer({ min: 1, max: 11 }), async (d, groupTokens) => {
        const x = randomInputs(d, 3, 2);
        const expected = naiveAttention(x.q.data, x.k.data, x.v.data, naiveDims(d), true);
        const run = await runChunked(backend, heinsenAttention, x, { chunkSize: d.chunkSize, groupTokens });
        expectClose(run.out.data, expected, `groups of ${groupTokens} tokens, chunks of ${d.chunkSize}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('non-causal parallel with n_q != n_k equals the quadratic definition', async () => {
    await fc.assert(
      fc.asyncProperty(caseDimsArb, fc.integer({ min: 1, max: 6 }), async (d, nq) => {
        const x = randomInputs(d, 3, 2);
        const q = uniformTensor(mulberry32(d.seed + 1), [d.batch, d.heads, nq, d.dk], -3, 3);
        const run = await runParallel(backend, heinsenAttention, { ...x, q }, { causal: false });
        expectClose(run.out.data, naiveAttention(q.data, x.k.data, x.v.data, naiveDims(d, nq), false), 'out');
      }),
      { numRuns: RUNS },
    );
  });

  it('a parallel prefix continued by recurrent steps equals the full parallel run', async () => {
    await fc.assert(
      fc.asyncProperty(caseDimsArb, async (d) => {
        const x = randomInputs(d, 3, 2);
        const part = (from: number, to: number) => ({
          q: sliceSeq(x.q, from, to),
          k: sliceSeq(x.k, from, to),
          v: sliceSeq(x.v, from, to),
        });
        const prefix = await runParallel(backend, heinsenAttention, part(0, d.split), { causal: true });
        const rest = await runRecurrent(backend, heinsenAttention, part(d.split, d.n), {}, prefix.state);
        const expected = naiveAttention(x.q.data, x.k.data, x.v.data, naiveDims(d), true);
        const full = Tensor.float64(expected, [d.batch, d.heads, d.n, d.dv]);
        expectClose(prefix.out.data, sliceSeq(full, 0, d.split).data, 'prefix');
        expectClose(rest.out.data, sliceSeq(full, d.split, d.n).data, 'continuation');
      }),
      { numRuns: RUNS },
    );
  });

  it('is linear in signed V: out(a V1 + c V2) = a out(V1) + c out(V2)', async () => {
    await fc.assert(
      fc.asyncProperty(caseDimsArb, fc.double({ min: -3, max: 3, noNaN: true }), async (d, a) => {
        const x = randomInputs(d, 3, 2);
        const v2 = uniformTensor(mulberry32(d.seed + 7), [...x.v.shape], -2, 2);
        const c = 0.5;
        const mixed = Tensor.float64(
          x.v.data.map((v1, i) => a * v1 + c * v2.data[i]!),
          [...x.v.shape],
        );
        const run = (v: Tensor) =>
          runChunked(backend, heinsenAttention, { ...x, v }, { chunkSize: d.chunkSize }).then(
            (r) => r.out.data,
          );
        const [o1, o2, om] = await Promise.all([run(x.v), run(v2), run(mixed)]);
        expectClose(
          om,
          o1.map((y, i) => a * y + c * o2[i]!),
          'linearity',
        );
      }),
      { numRuns: RUNS },
    );
  });
});

describe('log-space API', () => {
  it('parallel == chunked == recurrent == the quadratic log definition, and the final state matches', async () => {
    await fc.assert(
      fc.asyncProperty(caseDimsArb, async (d) => {
        const x = randomInputs(d, 3, 4);
        const expected = naiveLogAttention(x.q.data, x.k.data, x.v.data, naiveDims(d), true);
        const state = naiveLogState(x.k.data, x.v.data, naiveDims(d));
        for (const run of Object.values(await runCausalForms(heinsenLogMechanism, x, d.chunkSize))) {
          expectClose(run.out.data, expected, 'log out');
          expectClose(run.state!.logHZ!.data, state.logHZ, 'logHZ');
          expectClose(run.state!.logHS!.data, state.logHS, 'logHS');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('log V = -inf entries (V = 0) give exact -inf where a whole column is zero', async () => {
    await fc.assert(
      fc.asyncProperty(caseDimsArb, async (d) => {
        const x = randomInputs(d, 3, 4);
        const random = mulberry32(d.seed + 3);
        // Every entry of value column 0 and ~30% of the others are log 0.
        const logV = Tensor.float64(
          x.v.data.map((v, i) => (i % d.dv === 0 || random() < 0.3 ? Number.NEGATIVE_INFINITY : v)),
          [...x.v.shape],
        );
        const expected = naiveLogAttention(x.q.data, x.k.data, logV.data, naiveDims(d), true);
        const inputs = { ...x, v: logV };
        for (const run of Object.values(await runCausalForms(heinsenLogMechanism, inputs, d.chunkSize))) {
          expectClose(run.out.data, expected, 'log out');
        }
      }),
      { numRuns: RUNS },
    );
  });
});
