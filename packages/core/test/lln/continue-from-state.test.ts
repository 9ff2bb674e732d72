import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  llnAttention,
  llnDiagAttention,
  ReferenceBackend,
  runChunked,
  runParallel,
  type Tensor,
} from '../../src/index.js';
import { sliceSeq } from '../support/slice-seq.js';
import { dimsArb, expectAllClose, randomInputs } from './fixtures.js';

const backend = new ReferenceBackend();
const REL = 1e-9;

const part = (inputs: Record<string, Tensor>, from: number, to: number) =>
  Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, sliceSeq(t, from, to)])) as {
    q: Tensor;
    k: Tensor;
    v: Tensor;
  };

const splitDims = dimsArb
  .filter((d) => d.n >= 2)
  .chain((d) => fc.tuple(fc.constant(d), fc.integer({ min: 1, max: d.n - 1 })));

describe.each([
  ['lln', llnAttention],
  ['lln-diag', llnDiagAttention],
])(
  '%s from a state without frozen scales: the state carries the scales its prefix measured',
  (_, mechanism) => {
    it('chunked or parallel continuation == one pass with the prefix scales frozen', async () => {
      await fc.assert(
        fc.asyncProperty(splitDims, async ([d, split]) => {
          const inputs = randomInputs(d);
          const options = { eps: mechanism.defaultOptions.eps, chunkSize: d.chunkSize };
          const prefix = await runChunked(backend, mechanism, part(inputs, 0, split), options);
          const scales = { alpha: prefix.state!.alpha!.data[0]!, beta: prefix.state!.beta!.data[0]! };
          const whole = await runChunked(backend, mechanism, inputs, { ...options, scales });
          const want = sliceSeq(whole.out, split, d.n).data;
          const rest = part(inputs, split, d.n);
          const chunked = await runChunked(backend, mechanism, rest, options, prefix.state);
          expectAllClose(chunked.out.data, want, REL, `chunked, split ${split}`);
          const parallel = await runParallel(
            backend,
            mechanism,
            rest,
            { eps: options.eps, causal: true },
            prefix.state,
          );
          expectAllClose(parallel.out.data, want, REL, `parallel, split ${split}`);
          for (const [key, t] of Object.entries(whole.state!))
            expectAllClose(chunked.state![key]!.data, t.data, REL, `state ${key}, split ${split}`);
        }),
        { numRuns: 20 },
      );
    });
  },
);
