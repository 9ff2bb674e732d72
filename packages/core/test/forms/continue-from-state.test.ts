import { describe, expect, it } from 'vitest';
import {
  type AnyMechanism,
  type FormRun,
  GraphBuilder,
  getMechanism,
  type HostAttentionInputs,
  InvalidArgumentError,
  mechanismNames,
  multiHeadAttention,
  ReferenceBackend,
  runChunked,
  runParallel,
  Tensor,
} from '../../src/index.js';
import { mulberry32 } from '../support/mulberry32.js';
import { sliceSeq } from '../support/slice-seq.js';
import { toyMechanism } from './toy-mechanism.js';

// dk = 3 is also lln-diag's block size: the splits end blocks part-full (1, 5, 10) and full (3, 6).
const [B, H, N, DK, DV] = [2, 2, 11, 3, 4];
const SPLITS = [1, 3, 5, 6, 10];
const CHUNK_SIZES = [3, 4];

const oracle = new ReferenceBackend();

function randomTensor(shape: number[], seed: number): Tensor {
  const random = mulberry32(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return Tensor.float64(
    Array.from({ length: size }, () => random() * 4 - 2),
    shape,
  );
}

function inputsFor(mechanism: AnyMechanism, seed: number): HostAttentionInputs {
  const gate = mechanism.usesGate ? { gate: randomTensor([B, H, N, 1], seed + 3) } : {};
  return {
    q: randomTensor([B, H, N, DK], seed),
    k: randomTensor([B, H, N, DK], seed + 1),
    v: randomTensor([B, H, N, DV], seed + 2),
    ...gate,
  };
}

function part(inputs: HostAttentionInputs, from: number, to: number): HostAttentionInputs {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, t]) => [k, sliceSeq(t, from, to)]),
  ) as unknown as HostAttentionInputs;
}

/** Options under which one pass and a continued one see the same data-independent settings. */
const streamingOf = (m: AnyMechanism): object => m.conformance?.streaming ?? {};

function expectSame(got: FormRun, want: FormRun, from: number, label: string) {
  const expected = sliceSeq(want.out, from, N);
  expect(got.out.shape, label).toEqual(expected.shape);
  for (let i = 0; i < expected.size; i++)
    expect(Math.abs(got.out.data[i]! - expected.data[i]!), `${label} out[${i}]`).toBeLessThan(1e-9);
  for (const [key, t] of Object.entries(want.state ?? {})) {
    const other = got.state?.[key];
    expect(other?.shape, `${label} state ${key}`).toEqual(t.shape);
    for (let i = 0; i < t.size; i++)
      expect(Math.abs(other!.data[i]! - t.data[i]!), `${label} state ${key}[${i}]`).toBeLessThan(1e-9);
  }
}

const registered = () => mechanismNames().map((name) => [name, getMechanism(name)] as const);

describe('chunked(prefix), then a form from its state == one chunked pass (float64 reference)', () => {
  it('every registered mechanism continues its chunked form from a state', () => {
    expect(registered().filter(([, m]) => !m.continuesFromState)).toEqual([]);
  });

  it.each(registered())('%s: chunked then chunked, at every split and chunk size', async (_, mechanism) => {
    const options = streamingOf(mechanism);
    const inputs = inputsFor(mechanism, 11);
    for (const chunkSize of CHUNK_SIZES) {
      const whole = await runChunked(oracle, mechanism, inputs, { ...options, chunkSize });
      for (const split of SPLITS) {
        const first = await runChunked(oracle, mechanism, part(inputs, 0, split), { ...options, chunkSize });
        const rest = part(inputs, split, N);
        const second = await runChunked(oracle, mechanism, rest, { ...options, chunkSize }, first.state);
        expectSame(second, whole, split, `C=${chunkSize} split ${split}`);
      }
    }
  });

  it.each(registered())('%s: continuing from the empty state == starting fresh', async (_, mechanism) => {
    const options = { ...mechanism.defaultOptions, ...streamingOf(mechanism) };
    const inputs = inputsFor(mechanism, 21);
    const empty = mechanism.initialState({ batch: B, heads: H, dk: DK, dv: DV }, options);
    const fresh = await runChunked(oracle, mechanism, inputs, { ...options, chunkSize: 4 });
    expectSame(
      await runChunked(oracle, mechanism, inputs, { ...options, chunkSize: 4 }, empty),
      fresh,
      0,
      'chunked',
    );
    if (mechanism.parallelContinuesFromState) {
      const parallel = await runParallel(oracle, mechanism, inputs, { ...options, causal: true }, empty);
      expectSame(parallel, fresh, 0, 'parallel');
    }
  });
});

describe('the causal parallel form from a state == one chunked pass (float64 reference)', () => {
  const continuing = () => registered().filter(([, m]) => m.parallelContinuesFromState);

  it.each(continuing())('%s: chunked prefix, then causal parallel', async (_, mechanism) => {
    const options = streamingOf(mechanism);
    const inputs = inputsFor(mechanism, 31);
    const whole = await runChunked(oracle, mechanism, inputs, { ...options, chunkSize: 4 });
    for (const split of SPLITS) {
      const first = await runChunked(oracle, mechanism, part(inputs, 0, split), { ...options, chunkSize: 4 });
      const rest = part(inputs, split, N);
      const second = await runParallel(oracle, mechanism, rest, { ...options, causal: true }, first.state);
      expectSame(second, whole, split, `split ${split}`);
    }
  });

  it.each(continuing())('%s: a non-causal parallel form refuses a state', (_, mechanism) => {
    const b = new GraphBuilder();
    const x = (name: string, d: number) => b.input(name, 'float32', [B, H, N, d]);
    const inputs = { q: x('q', DK), k: x('k', DK), v: x('v', DV), gate: x('gate', 1) };
    expect(() =>
      mechanism.parallel(b, inputs, {
        ...mechanism.defaultOptions,
        causal: false,
        initialState: { S: inputs.q },
      }),
    ).toThrow(InvalidArgumentError);
  });

  it('a mechanism whose forms do not read a state is refused by the generic callers, not ignored', async () => {
    const inputs = part(inputsFor(toyMechanism, 41), 0, 4);
    const state = toyMechanism.initialState({ batch: B, heads: H, dk: DK, dv: DV }, { scale: 1 });
    for (const run of [
      runParallel(oracle, toyMechanism, inputs, { causal: true }, state),
      runChunked(oracle, toyMechanism, inputs, { chunkSize: 2 }, state),
    ])
      await expect(run).rejects.toThrow(InvalidArgumentError);
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 4, 8]);
    const w = (name: string) => b.input(name, 'float32', [8, 8]);
    const params = { wq: w('wq'), wk: w('wk'), wv: w('wv'), wo: w('wo') };
    const options = { mechanism: toyMechanism, heads: 2, causal: true, initialState: { S: x } };
    expect(() => multiHeadAttention(b, x, params, options)).toThrow(InvalidArgumentError);
    expect(() => multiHeadAttention(b, x, params, { ...options, form: 'chunked', chunkSize: 2 })).toThrow(
      InvalidArgumentError,
    );
  });
});
