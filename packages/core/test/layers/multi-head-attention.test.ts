import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnyMechanism,
  declareMultiHeadAttentionParams,
  evaluate,
  GraphBuilder,
  InvalidArgumentError,
  linearAttention,
  linearEluAttention,
  linearGatedAttention,
  multiHeadAttention,
  multiHeadAttentionStep,
  multiHeadStateSpecs,
  ShapeError,
  softmaxAttention,
  Tensor,
} from '../../src/index.js';
import { eluPlusOne, expectClose, identity, naiveKernelAttention, randomTensor } from '../linear/fixtures.js';
import { naiveSoftmaxAttention } from '../softmax/naive-softmax.js';
import { integerFields } from '../support/integer-fields.js';
import { mulberry32 } from '../support/mulberry32.js';
import { type NaiveParams, naiveMultiHead } from './naive-mha.js';

type PerHead = (causal: boolean) => (q: Tensor, k: Tensor, v: Tensor, gate: Tensor) => Float64Array;

interface MechanismCase {
  readonly mechanism: AnyMechanism;
  readonly options: object;
  readonly perHead: PerHead;
}

const mechanisms: Record<string, MechanismCase> = {
  softmax: {
    mechanism: softmaxAttention,
    options: {},
    perHead: (causal) => (q, k, v) => naiveSoftmaxAttention(q, k, v, { causal }),
  },
  'linear normalized': {
    mechanism: linearAttention,
    options: { variant: 'normalized' },
    perHead: (causal) => (q, k, v) =>
      naiveKernelAttention(q, k, v, { causal, feature: identity, normalizer: 'count' }).out,
  },
  'linear-gated': {
    mechanism: linearGatedAttention,
    options: { variant: 'plain' },
    perHead: (causal) => (q, k, v, gate) =>
      naiveKernelAttention(q, k, v, { causal, feature: identity, normalizer: 'none', gate }).out,
  },
  'linear-elu': {
    mechanism: linearEluAttention,
    options: { eps: 1e-6 },
    perHead: (causal) => (q, k, v) =>
      naiveKernelAttention(q, k, v, { causal, feature: eluPlusOne, normalizer: { eps: 1e-6 } }).out,
  },
};

interface LayerDims {
  readonly batch: number;
  readonly seq: number;
  readonly dModel: number;
  readonly heads: number;
  readonly dk: number;
  readonly dv: number;
  readonly chunkSize: number;
  readonly seed: number;
}

const layerDimsArb: fc.Arbitrary<LayerDims> = fc.record(
  integerFields({
    batch: [1, 2],
    seq: [1, 7],
    dModel: [1, 5],
    heads: [1, 3],
    dk: [1, 3],
    dv: [1, 3],
    chunkSize: [1, 4],
    seed: [0, 2 ** 31 - 1],
  }),
);

function randomParams(d: LayerDims, rng: () => number): NaiveParams {
  const { dModel, heads, dk, dv } = d;
  return {
    wq: randomTensor(rng, [dModel, heads * dk]),
    wk: randomTensor(rng, [dModel, heads * dk]),
    wv: randomTensor(rng, [dModel, heads * dv]),
    wo: randomTensor(rng, [heads * dv, dModel]),
    bq: randomTensor(rng, [heads * dk]),
    bk: randomTensor(rng, [heads * dk]),
    bv: randomTensor(rng, [heads * dv]),
    bo: randomTensor(rng, [dModel]),
    wg: randomTensor(rng, [dModel, heads], 2),
    bg: randomTensor(rng, [heads]),
  };
}

function paramFeeds(p: NaiveParams, gated: boolean): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(p)) {
    if (gated || (name !== 'wg' && name !== 'bg')) feeds[`attn.${name}`] = t;
  }
  return feeds;
}

/** Tokens [start, end) of x [batch, seq, d]. */
function tokens(x: Tensor, start: number, end: number): Tensor {
  const [batch, seq, d] = x.shape as [number, number, number];
  const out = new Float64Array(batch * (end - start) * d);
  for (let b = 0; b < batch; b++) {
    for (let t = start; t < end; t++) {
      for (let i = 0; i < d; i++)
        out[(b * (end - start) + t - start) * d + i] = x.data[(b * seq + t) * d + i]!;
    }
  }
  return Tensor.float64(out, [batch, end - start, d]);
}

function concatTokens(parts: readonly Tensor[]): Tensor {
  const [batch, , d] = parts[0]!.shape as [number, number, number];
  const seq = parts.reduce((n, p) => n + p.shape[1]!, 0);
  const out = new Float64Array(batch * seq * d);
  let offset = 0;
  for (const p of parts) {
    const m = p.shape[1]!;
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < m; t++) {
        for (let i = 0; i < d; i++) out[(b * seq + offset + t) * d + i] = p.data[(b * m + t) * d + i]!;
      }
    }
    offset += m;
  }
  return Tensor.float64(out, [batch, seq, d]);
}

const STATE = 'state.';

function runLayer(
  c: MechanismCase,
  d: LayerDims,
  x: Tensor,
  p: NaiveParams,
  form: 'parallel' | 'chunked',
  causal: boolean,
): { out: Tensor; state: Record<string, Tensor> } {
  const b = new GraphBuilder();
  const seq = x.shape[1]!;
  // Symbolic batch (and seq, where the form allows it), as a model would build the layer.
  const xv = b.input(
    'x',
    'float32',
    form === 'chunked' ? ['batch', seq, d.dModel] : ['batch', 'seq', d.dModel],
  );
  const params = declareMultiHeadAttentionParams(b, 'attn', d, { bias: true, gate: c.mechanism.usesGate });
  const result = multiHeadAttention(b, xv, params, {
    mechanism: c.mechanism,
    heads: d.heads,
    causal,
    form,
    chunkSize: d.chunkSize,
    mechanismOptions: c.options,
  });
  const outputs: Record<string, typeof result.out> = { out: result.out };
  for (const [name, v] of Object.entries(result.state ?? {})) outputs[STATE + name] = v;
  const got = evaluate(b.build(outputs), { x, ...paramFeeds(p, c.mechanism.usesGate === true) });
  const state: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(got))
    if (name.startsWith(STATE)) state[name.slice(STATE.length)] = t;
  return { out: got.out!, state };
}

/** Decodes token by token; each step graph declares the state with its current concrete shape. */
function runSteps(
  c: MechanismCase,
  d: LayerDims,
  x: Tensor,
  p: NaiveParams,
  initial?: Record<string, Tensor>,
): { out: Tensor; state: Record<string, Tensor> } {
  const batch = x.shape[0]!;
  const options = { mechanism: c.mechanism, heads: d.heads, mechanismOptions: c.options };
  let state =
    initial ??
    c.mechanism.initialState(
      { batch, heads: d.heads, dk: d.dk, dv: d.dv },
      { ...c.mechanism.defaultOptions, ...c.options },
    );
  const outs: Tensor[] = [];
  for (let t = 0; t < x.shape[1]!; t++) {
    const b = new GraphBuilder();
    const xv = b.input('x', 'float32', [batch, 1, d.dModel]);
    const params = declareMultiHeadAttentionParams(b, 'attn', d, { bias: true, gate: c.mechanism.usesGate });
    const past: Record<string, ReturnType<typeof b.input>> = {};
    for (const spec of multiHeadStateSpecs(params, options, batch)) {
      const shape = spec.shape.map((dim, i) => (typeof dim === 'number' ? dim : state[spec.name]!.shape[i]!));
      past[spec.name] = b.input(`past.${spec.name}`, spec.dtype, shape);
    }
    const result = multiHeadAttentionStep(b, xv, params, past, options);
    const outputs: Record<string, typeof result.out> = { out: result.out };
    for (const [name, v] of Object.entries(result.state)) outputs[STATE + name] = v;
    const feeds: Record<string, Tensor> = {
      x: tokens(x, t, t + 1),
      ...paramFeeds(p, c.mechanism.usesGate === true),
    };
    for (const [name, v] of Object.entries(state)) feeds[`past.${name}`] = v;
    const got = evaluate(b.build(outputs), feeds);
    outs.push(got.out!);
    state = {};
    for (const [name, v] of Object.entries(got))
      if (name.startsWith(STATE)) state[name.slice(STATE.length)] = v;
  }
  return { out: concatTokens(outs), state };
}

const REL = 1e-9;

describe('multi-head attention equals projections + per-head attention written in plain float64', () => {
  for (const [label, c] of Object.entries(mechanisms)) {
    it(`${label}: parallel (both masks), chunked, step by step, parallel prefix + steps`, async () => {
      fc.assert(
        fc.property(layerDimsArb, (d) => {
          const rng = mulberry32(d.seed);
          const x = randomTensor(rng, [d.batch, d.seq, d.dModel]);
          const p = randomParams(d, rng);
          const shape = [d.batch, d.seq, d.dModel];
          const causal = naiveMultiHead(x, p, d.heads, c.perHead(true));
          const nonCausal = naiveMultiHead(x, p, d.heads, c.perHead(false));
          expectClose(
            runLayer(c, d, x, p, 'parallel', false).out,
            nonCausal,
            shape,
            REL,
            'parallel non-causal',
          );
          expectClose(runLayer(c, d, x, p, 'parallel', true).out, causal, shape, REL, 'parallel causal');
          expectClose(runLayer(c, d, x, p, 'chunked', true).out, causal, shape, REL, 'chunked');
          expectClose(runSteps(c, d, x, p).out, causal, shape, REL, 'steps');
          if (d.seq >= 2) {
            const split = Math.ceil(d.seq / 2);
            const prefix = runLayer(c, d, tokens(x, 0, split), p, 'parallel', true);
            const rest = runSteps(c, d, tokens(x, split, d.seq), p, prefix.state);
            expectClose(concatTokens([prefix.out, rest.out]), causal, shape, REL, 'prefix + steps');
          }
        }),
        { numRuns: 6 },
      );
    });
  }

  it('resolves mechanisms by registered name', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['batch', 'seq', 4]);
    const params = declareMultiHeadAttentionParams(b, 'attn', { dModel: 4, heads: 2, dk: 3, dv: 2 });
    const { out, state } = multiHeadAttention(b, x, params, {
      mechanism: 'linear-elu',
      heads: 2,
      causal: true,
    });
    expect(out.shape).toEqual(['batch', 'seq', 4]);
    expect(Object.keys(state ?? {}).sort()).toEqual(['S', 'Z']);
    expect(state?.S?.shape).toEqual(['batch', 2, 3, 2]);
  });

  it('names what is wrong with bad weights, inputs and options', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 3, 4]);
    const params = declareMultiHeadAttentionParams(b, 'attn', { dModel: 4, heads: 2, dk: 3, dv: 2 });
    const base = { mechanism: softmaxAttention, causal: true };
    expect(() => multiHeadAttention(b, x, params, { ...base, heads: 4 })).toThrow(/divisible by 4 heads/);
    expect(() => multiHeadAttention(b, x, params, { ...base, heads: 0 })).toThrow(InvalidArgumentError);
    const wide = b.input('wide', 'float32', [1, 3, 5]);
    expect(() => multiHeadAttention(b, wide, params, { ...base, heads: 2 })).toThrow(ShapeError);
    expect(() => multiHeadAttention(b, x, params, { ...base, heads: 2, form: 'chunked' })).toThrow(
      /chunkSize/,
    );
    expect(() =>
      multiHeadAttention(b, x, params, { ...base, mechanism: linearGatedAttention, heads: 2 }),
    ).toThrow(/wg/);
    expect(() =>
      multiHeadAttention(b, x, params, { ...base, mechanism: 'no-such-mechanism', heads: 2 }),
    ).toThrow(/unknown mechanism/);
  });
});
