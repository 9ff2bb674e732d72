import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  buildParallelGraph,
  ReferenceBackend,
  retentionAttention,
  runChunked,
  runParallel,
  runRecurrent,
} from '../../src/index.js';
import { concatSeq, expectClose, randomInputs, randomTensor } from '../linear/fixtures.js';
import { mulberry32 } from '../support/mulberry32.js';
import { sliceSeq } from '../support/slice-seq.js';
import { caseArb, chunkedFrom, optionSets, runNaive } from './fixtures.js';
import { paperGammas, retentionOracle } from './recurrence-oracle.js';

const backend = new ReferenceBackend();
const REL = 1e-9;

describe('retention: every form equals the float64 recurrence', () => {
  it('naive.ts (causal and non-causal) equals the plain-JS loops', async () => {
    await fc.assert(
      fc.property(caseArb, (c) => {
        const x = randomInputs({ ...c, chunkSize: 1 });
        const shape = [c.batch, c.heads, c.n, c.dv];
        for (const { label, options, gammas, scale } of optionSets(c)) {
          for (const causal of [true, false]) {
            const want = retentionOracle(x.q, x.k, x.v, { causal, gammas, scale });
            expectClose(
              runNaive(x, { ...options, causal }),
              want.out,
              shape,
              REL,
              `${label} causal=${causal}`,
            );
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('parallel, chunked (C = 1, 2, 3, 5, n, n + 3) and recurrent outputs and final states', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const x = randomInputs({ ...c, chunkSize: 1 });
        const inputs = { q: x.q, k: x.k, v: x.v };
        const shape = [c.batch, c.heads, c.n, c.dv];
        const stateShape = [c.batch, c.heads, c.dk, c.dv];
        for (const { label, options, gammas, scale } of optionSets(c)) {
          const want = retentionOracle(x.q, x.k, x.v, { causal: true, gammas, scale });
          const nonCausal = retentionOracle(x.q, x.k, x.v, { causal: false, gammas, scale });
          const p = await runParallel(backend, retentionAttention, inputs, { ...options, causal: false });
          expectClose(p.out, nonCausal.out, shape, REL, `${label}: parallel non-causal`);
          const pc = await runParallel(backend, retentionAttention, inputs, { ...options, causal: true });
          expectClose(pc.out, want.out, shape, REL, `${label}: parallel causal`);
          expectClose(pc.state!.S!, want.S, stateShape, REL, `${label}: parallel state`);
          for (const chunkSize of new Set([1, 2, 3, 5, c.n, c.n + 3])) {
            const ch = await runChunked(backend, retentionAttention, inputs, { ...options, chunkSize });
            expectClose(ch.out, want.out, shape, REL, `${label}: chunked C=${chunkSize}`);
            expectClose(ch.state!.S!, want.S, stateShape, REL, `${label}: chunked C=${chunkSize} state`);
          }
          const r = await runRecurrent(backend, retentionAttention, inputs, options);
          expectClose(r.out, want.out, shape, REL, `${label}: recurrent`);
          expectClose(r.state!.S!, want.S, stateShape, REL, `${label}: recurrent state`);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('non-causal with n_q != n_k: gamma^|i - j| over the positions of each', async () => {
    const rng = mulberry32(11);
    const q = randomTensor(rng, [2, 2, 3, 4]);
    const k = randomTensor(rng, [2, 2, 7, 4]);
    const v = randomTensor(rng, [2, 2, 7, 3]);
    const options = { gammas: [0.9, 0.5], scale: 1.3 };
    const want = retentionOracle(q, k, v, { causal: false, ...options });
    const p = await runParallel(backend, retentionAttention, { q, k, v }, { ...options, causal: false });
    expectClose(p.out, want.out, [2, 2, 3, 3], REL, 'parallel');
    expectClose(runNaive({ q, k, v }, { ...options, causal: false }), want.out, [2, 2, 3, 3], REL, 'naive');
  });

  it('a graph built for a symbolic length serves any length, state included (causal and not)', async () => {
    const dims = { batch: 1, heads: 2, seqQ: 'seq', seqK: 'seq', dk: 3, dv: 2 };
    for (const causal of [true, false]) {
      const exe = await backend.compile(
        buildParallelGraph(retentionAttention, dims, { causal, withState: causal }),
      );
      for (const n of [1, 4, 9]) {
        const rng = mulberry32(n);
        const inputs = {
          q: randomTensor(rng, [1, 2, n, 3]),
          k: randomTensor(rng, [1, 2, n, 3]),
          v: randomTensor(rng, [1, 2, n, 2]),
        };
        const want = retentionOracle(inputs.q, inputs.k, inputs.v, {
          causal,
          gammas: paperGammas(2),
          scale: 1 / Math.sqrt(3),
        });
        const got = await exe.run(inputs);
        expectClose(got.out!, want.out, [1, 2, n, 2], REL, `n=${n} causal=${causal}`);
        if (causal) expectClose(got['present.S']!, want.S, [1, 2, 3, 2], REL, `n=${n} state`);
      }
      await exe.dispose();
    }
  });

  it('long sequences: 600 tokens of a fast decay (gamma = 0.05) stay finite and exact', async () => {
    // gamma^-(n) would be 1e780: any form that divided by a decay instead of multiplying would overflow.
    const rng = mulberry32(5);
    const [n, dk, dv] = [600, 3, 2];
    const inputs = {
      q: randomTensor(rng, [1, 2, n, dk]),
      k: randomTensor(rng, [1, 2, n, dk]),
      v: randomTensor(rng, [1, 2, n, dv]),
    };
    const options = { gammas: [0.05, 0.999] };
    const want = retentionOracle(inputs.q, inputs.k, inputs.v, {
      causal: true,
      ...options,
      scale: 1 / Math.sqrt(dk),
    });
    const shape = [1, 2, n, dv];
    const p = await runParallel(backend, retentionAttention, inputs, { ...options, causal: true });
    expectClose(p.out, want.out, shape, REL, 'parallel');
    const ch = await runChunked(backend, retentionAttention, inputs, { ...options, chunkSize: 64 });
    expectClose(ch.out, want.out, shape, REL, 'chunked C=64');
    expectClose(ch.state!.S!, want.S, [1, 2, dk, dv], REL, 'chunked state');
  });
});

describe('retention continues from a state', () => {
  it('chunked(prefix) then chunked(rest, its state) equals one pass, and the oracle from S_0', async () => {
    await fc.assert(
      fc.asyncProperty(
        caseArb.filter((c) => c.n >= 2),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 6 }),
        async (c, splitAt, chunkSize) => {
          const split = 1 + (splitAt % (c.n - 1));
          const x = randomInputs({ ...c, chunkSize });
          const part = (from: number, to: number) => ({
            q: sliceSeq(x.q, from, to),
            k: sliceSeq(x.k, from, to),
            v: sliceSeq(x.v, from, to),
          });
          const shape = [c.batch, c.heads, c.n, c.dv];
          const stateShape = [c.batch, c.heads, c.dk, c.dv];
          for (const { label, options, gammas, scale } of optionSets(c)) {
            const want = retentionOracle(x.q, x.k, x.v, { causal: true, gammas, scale });
            const first = await runChunked(backend, retentionAttention, part(0, split), {
              ...options,
              chunkSize,
            });
            const second = chunkedFrom(part(split, c.n), first.state!.S!, { ...options, chunkSize });
            expectClose(concatSeq([first.out, second.out]), want.out, shape, REL, `${label}: split ${split}`);
            expectClose(second.S, want.S, stateShape, REL, `${label}: final state`);

            const prefix = await runParallel(backend, retentionAttention, part(0, split), {
              ...options,
              causal: true,
            });
            const rest = await runRecurrent(
              backend,
              retentionAttention,
              part(split, c.n),
              options,
              prefix.state,
            );
            expectClose(
              concatSeq([prefix.out, rest.out]),
              want.out,
              shape,
              REL,
              `${label}: parallel + recurrent`,
            );
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
