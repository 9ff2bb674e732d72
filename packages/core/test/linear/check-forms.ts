import fc from 'fast-check';
import {
  type AnyMechanism,
  ReferenceBackend,
  runChunked,
  runParallel,
  runRecurrent,
  type Tensor,
} from '../../src/index.js';
import { sliceSeq } from '../support/slice-seq.js';
import {
  concatSeq,
  type Dims,
  dimsArb,
  expectClose,
  type NaiveKernelResult,
  type RandomInputs,
  randomInputs,
} from './fixtures.js';

export const backend = new ReferenceBackend();
const REL = 1e-9;

export interface KernelCase {
  readonly mechanism: AnyMechanism;
  readonly options: object;
  readonly gated: boolean;
  readonly naive: (inputs: RandomInputs, causal: boolean, dims: { nq: number }) => NaiveKernelResult;
  /** Expected final state per state name, from the naive sums and the token count. */
  readonly expectedState: (naive: NaiveKernelResult, n: number) => Record<string, Float64Array>;
}

function feeds(inputs: RandomInputs, gated: boolean, start = 0, end = inputs.q.shape[2]!) {
  const pick = (t: Tensor) => sliceSeq(t, start, end);
  const base = { q: pick(inputs.q), k: pick(inputs.k), v: pick(inputs.v) };
  return gated ? { ...base, gate: pick(inputs.gate) } : base;
}

function expectState(
  actual: Record<string, Tensor> | undefined,
  expected: Record<string, Float64Array>,
  label: string,
): void {
  if (!actual) throw new Error(`${label}: no state returned`);
  for (const [name, values] of Object.entries(expected)) {
    const t = actual[name];
    if (!t) throw new Error(`${label}: state '${name}' missing (got ${Object.keys(actual).join(', ')})`);
    expectClose(t, values, t.shape, REL, `${label} state ${name}`);
  }
}

/**
 * Every form against the naive float64 formula: non-causal and causal parallel, chunked with a chunk
 * size that need not divide n, token-by-token recurrent, and a parallel prefix continued recurrently.
 */
export async function checkAllForms(c: KernelCase, d: Dims, split: number): Promise<void> {
  const inputs = randomInputs(d);
  const shape = [d.batch, d.heads, d.n, d.dv];
  const nonCausal = c.naive(inputs, false, { nq: d.n });
  const causal = c.naive(inputs, true, { nq: d.n });
  const state = c.expectedState(causal, d.n);
  const all = feeds(inputs, c.gated);

  const p = await runParallel(backend, c.mechanism, all, { ...c.options, causal: false });
  expectClose(p.out, nonCausal.out, shape, REL, 'parallel non-causal');

  const pc = await runParallel(backend, c.mechanism, all, { ...c.options, causal: true });
  expectClose(pc.out, causal.out, shape, REL, 'parallel causal');
  expectState(pc.state, state, 'parallel causal');

  const ch = await runChunked(backend, c.mechanism, all, { ...c.options, chunkSize: d.chunkSize });
  expectClose(ch.out, causal.out, shape, REL, `chunked C=${d.chunkSize}`);
  expectState(ch.state, state, 'chunked');

  const r = await runRecurrent(backend, c.mechanism, all, c.options);
  expectClose(r.out, causal.out, shape, REL, 'recurrent');
  expectState(r.state, state, 'recurrent');

  const prefix = await runParallel(backend, c.mechanism, feeds(inputs, c.gated, 0, split), {
    ...c.options,
    causal: true,
  });
  const rest = await runRecurrent(
    backend,
    c.mechanism,
    feeds(inputs, c.gated, split),
    c.options,
    prefix.state,
  );
  expectClose(concatSeq([prefix.out, rest.out]), causal.out, shape, REL, `prefix ${split} + recurrent`);
  expectState(rest.state, state, 'prefix + recurrent');
}

/** Dims with n >= 2 and a split point 1 <= split < n for the prefix/continuation property. */
export const dimsWithSplitArb = dimsArb
  .filter((d) => d.n >= 2)
  .chain((d) => fc.tuple(fc.constant(d), fc.integer({ min: 1, max: d.n - 1 })));
