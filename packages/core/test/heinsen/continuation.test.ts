import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  buildChunkedGraph,
  evaluate,
  GraphBuilder,
  heinsenAttention,
  heinsenLogChunked,
  heinsenLogParallel,
} from '../../src/index.js';
import { sliceSeq } from '../support/slice-seq.js';
import { firstMismatch, naiveAttention, naiveLogAttention, naiveLogState } from './naive-oracle.js';
import { caseDimsArb, randomInputs } from './random-inputs.js';

it('log API: a parallel prefix state continued by chunked(initialState) equals the quadratic definition', () => {
  fc.assert(
    fc.property(caseDimsArb, (d) => {
      const x = randomInputs(d, 3, 4);
      const rest = d.n - d.split;
      const b = new GraphBuilder();
      const declare = (name: string, n: number, width: number) =>
        b.input(name, 'float32', [d.batch, d.heads, n, width]);
      const prefix = heinsenLogParallel(
        b,
        {
          q: declare('q0', d.split, d.dk),
          k: declare('k0', d.split, d.dk),
          logV: declare('v0', d.split, d.dv),
        },
        { causal: true },
      );
      const tail = heinsenLogChunked(
        b,
        { q: declare('q1', rest, d.dk), k: declare('k1', rest, d.dk), logV: declare('v1', rest, d.dv) },
        { chunkSize: d.chunkSize, initialState: prefix.state },
      );
      const graph = b.build({
        head: prefix.logOut,
        tail: tail.logOut,
        z: tail.state.logHZ,
        s: tail.state.logHS,
      });
      const out = evaluate(graph, {
        q0: sliceSeq(x.q, 0, d.split),
        k0: sliceSeq(x.k, 0, d.split),
        v0: sliceSeq(x.v, 0, d.split),
        q1: sliceSeq(x.q, d.split, d.n),
        k1: sliceSeq(x.k, d.split, d.n),
        v1: sliceSeq(x.v, d.split, d.n),
      });
      const dims = { bh: d.batch * d.heads, nq: d.n, nk: d.n, dk: d.dk, dv: d.dv };
      const expected = naiveLogAttention(x.q.data, x.k.data, x.v.data, dims, true);
      const state = naiveLogState(x.k.data, x.v.data, dims);
      const joined = new Float64Array(expected.length);
      const per = d.n * d.dv;
      for (let bh = 0; bh < dims.bh; bh++) {
        joined.set(out.head!.data.subarray(bh * d.split * d.dv, (bh + 1) * d.split * d.dv), bh * per);
        joined.set(
          out.tail!.data.subarray(bh * rest * d.dv, (bh + 1) * rest * d.dv),
          bh * per + d.split * d.dv,
        );
      }
      expect(firstMismatch(joined, expected, 1e-9)).toBeUndefined();
      expect(firstMismatch(out.z!.data, state.logHZ, 1e-9)).toBeUndefined();
      expect(firstMismatch(out.s!.data, state.logHS, 1e-9)).toBeUndefined();
    }),
    { numRuns: 15 },
  );
});

it('chunked graphs with symbolic batch and heads bind them at run time', () => {
  const graph = buildChunkedGraph(
    heinsenAttention,
    { batch: 'batch', heads: 'heads', seqQ: 7, dk: 3, dv: 2 },
    {
      chunkSize: 3,
      withState: true,
    },
  );
  const d = { batch: 2, heads: 3, n: 7, dk: 3, dv: 2, chunkSize: 3, split: 1, seed: 11 };
  const x = randomInputs(d, 3, 2);
  const out = evaluate(graph, x);
  const expected = naiveAttention(x.q.data, x.k.data, x.v.data, { bh: 6, nq: 7, nk: 7, dk: 3, dv: 2 }, true);
  expect(out.out!.shape).toEqual([2, 3, 7, 2]);
  expect(firstMismatch(out.out!.data, expected, 1e-9)).toBeUndefined();
  expect(out['present.sums']!.shape).toEqual([2, 3, 3, 3]);
});
