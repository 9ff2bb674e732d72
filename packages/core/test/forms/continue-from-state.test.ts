import { describe, expect, it } from 'vitest';
import {
  type AnyMechanism,
  evaluate,
  GraphBuilder,
  getMechanism,
  InvalidArgumentError,
  mechanismNames,
  multiHeadAttention,
  Tensor,
} from '../../src/index.js';
import { mulberry32 } from '../support/mulberry32.js';
import { sliceSeq } from '../support/slice-seq.js';

const [B, H, N, DK, DV, SPLIT, C] = [1, 2, 11, 3, 4, 5, 3];

function randomTensor(shape: number[], seed: number, scale = 1): Tensor {
  const random = mulberry32(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return Tensor.float64(
    Array.from({ length: size }, () => (random() * 2 - 1) * scale),
    shape,
  );
}

/** The chunked form over `inputs`, from `state` when given: its output and its final state. */
function chunked(
  mechanism: AnyMechanism,
  options: object,
  inputs: Record<string, Tensor>,
  state?: Record<string, Tensor>,
) {
  const b = new GraphBuilder();
  const values = Object.fromEntries(
    Object.entries(inputs).map(([k, t]) => [k, b.input(k, 'float32', t.shape)]),
  );
  const initial =
    state &&
    Object.fromEntries(Object.entries(state).map(([k, t]) => [k, b.input(`s.${k}`, 'float32', t.shape)]));
  const result = mechanism.chunked(b, values as never, {
    ...mechanism.defaultOptions,
    ...options,
    chunkSize: C,
    ...(initial ? { initialState: initial } : {}),
  });
  const outputs = {
    out: result.out,
    ...Object.fromEntries(Object.entries(result.state).map(([k, v]) => [`state.${k}`, v])),
  };
  const feeds = {
    ...inputs,
    ...Object.fromEntries(Object.entries(state ?? {}).map(([k, t]) => [`s.${k}`, t])),
  };
  const out = evaluate(b.build(outputs), feeds);
  const finalState = Object.fromEntries(
    Object.entries(out)
      .filter(([k]) => k.startsWith('state.'))
      .map(([k, t]) => [k.slice(6), t]),
  );
  return { out: out.out!, state: finalState };
}

const variants: [string, object][] = [
  ['heinsen', {}],
  ['linear', { variant: 'plain' }],
  ['linear', { variant: 'normalized' }],
  ['linear-gated', {}],
  ['linear-elu', {}],
  ['retention', {}],
];

describe('chunked(prefix), then chunked(rest, from its state) == one chunked pass (float64)', () => {
  it('every mechanism that says continuesFromState is listed here', () => {
    const continuing = mechanismNames().filter((n) => getMechanism(n).continuesFromState);
    expect(continuing.sort()).toEqual([...new Set(variants.map(([n]) => n))].sort());
  });

  it.each(variants)('%s %o', (name, options) => {
    const mechanism = getMechanism(name);
    const inputs: Record<string, Tensor> = {
      q: randomTensor([B, H, N, DK], 1),
      k: randomTensor([B, H, N, DK], 2),
      v: randomTensor([B, H, N, DV], 3),
      ...(mechanism.usesGate ? { gate: randomTensor([B, H, N, 1], 4) } : {}),
    };
    const whole = chunked(mechanism, options, inputs);
    const part = (from: number, to: number) =>
      Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, sliceSeq(t, from, to)]));
    const first = chunked(mechanism, options, part(0, SPLIT));
    const second = chunked(mechanism, options, part(SPLIT, N), first.state);
    const expected = sliceSeq(whole.out, SPLIT, N);
    for (let i = 0; i < expected.size; i++) expect(second.out.data[i]).toBeCloseTo(expected.data[i]!, 10);
    for (const [key, t] of Object.entries(whole.state))
      for (let i = 0; i < t.size; i++) expect(second.state[key]!.data[i]).toBeCloseTo(t.data[i]!, 10);
  });

  it('a mechanism that cannot continue from a state says so instead of ignoring it', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 4, 8]);
    const w = () => b.input(`w${Math.random()}`, 'float32', [8, 8]);
    const params = { wq: w(), wk: w(), wv: w(), wo: w() };
    for (const mechanism of ['softmax', 'lln']) {
      expect(() =>
        multiHeadAttention(b, x, params, {
          mechanism,
          heads: 2,
          causal: true,
          form: 'chunked',
          chunkSize: 2,
          initialState: { S: x },
        }),
      ).toThrow(InvalidArgumentError);
    }
  });
});
