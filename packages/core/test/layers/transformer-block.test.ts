import { describe, it } from 'vitest';
import {
  type AnyMechanism,
  declareMultiHeadAttentionParams,
  evaluate,
  GraphBuilder,
  linearEluAttention,
  multiHeadStateSpecs,
  softmaxAttention,
  Tensor,
  type TransformerBlockParams,
  transformerBlock,
  transformerBlockStep,
  type Value,
} from '../../src/index.js';
import { eluPlusOne, expectClose, naiveKernelAttention, randomTensor } from '../linear/fixtures.js';
import { naiveSoftmaxAttention } from '../softmax/naive-softmax.js';
import { mulberry32 } from '../support/mulberry32.js';
import { geluExact, layerNormRows } from './naive-gelu.js';
import { type NaiveParams, naiveMultiHead, project } from './naive-mha.js';

const dims = { dModel: 6, heads: 2, dk: 3, dv: 2, hidden: 8 };
const batch = 2;
const seq = 5;
const eps = 1e-5;

const rng = mulberry32(2024);
const x = randomTensor(rng, [batch, seq, dims.dModel]);
const weights: Record<string, Tensor> = {
  'attn.wq': randomTensor(rng, [6, 6]),
  'attn.wk': randomTensor(rng, [6, 6]),
  'attn.wv': randomTensor(rng, [6, 4]),
  'attn.wo': randomTensor(rng, [4, 6]),
  'ln1.gamma': randomTensor(rng, [6]),
  'ln1.beta': randomTensor(rng, [6]),
  'ln2.gamma': randomTensor(rng, [6]),
  'ln2.beta': randomTensor(rng, [6]),
  w1: randomTensor(rng, [6, 8]),
  b1: randomTensor(rng, [8]),
  w2: randomTensor(rng, [8, 6]),
  b2: randomTensor(rng, [6]),
};

function declare(b: GraphBuilder): TransformerBlockParams {
  const w = (name: string) => b.input(name, 'float32', weights[name]!.shape);
  return {
    ln1: { gamma: w('ln1.gamma'), beta: w('ln1.beta') },
    attention: declareMultiHeadAttentionParams(b, 'attn', dims),
    ln2: { gamma: w('ln2.gamma'), beta: w('ln2.beta') },
    ffn: { w1: w('w1'), b1: w('b1'), w2: w('w2'), b2: w('b2') },
  };
}

/** The block in plain float64: h = x + MHA(ln1(x)); out = h + W2 gelu(W1 ln2(h) + b1) + b2. */
function naiveBlock(perHead: (q: Tensor, k: Tensor, v: Tensor) => Float64Array): Float64Array {
  const rows = batch * seq;
  const zeros = (n: number) => Tensor.float64(new Float64Array(n), [n]);
  const p: NaiveParams = {
    wq: weights['attn.wq']!,
    wk: weights['attn.wk']!,
    wv: weights['attn.wv']!,
    wo: weights['attn.wo']!,
    bq: zeros(6),
    bk: zeros(6),
    bv: zeros(4),
    bo: zeros(6),
    wg: Tensor.float64(new Float64Array(12), [6, 2]),
    bg: zeros(2),
  };
  const ln1 = layerNormRows(x.data, 6, weights['ln1.gamma']!.data, weights['ln1.beta']!.data, eps);
  const attention = naiveMultiHead(Tensor.float64(ln1, x.shape), p, dims.heads, perHead);
  const h = attention.map((a, i) => a + x.data[i]!);
  const ln2 = layerNormRows(h, 6, weights['ln2.gamma']!.data, weights['ln2.beta']!.data, eps);
  const hidden = project(ln2, rows, weights.w1!, weights.b1).map(geluExact);
  return project(hidden, rows, weights.w2!, weights.b2).map((f, i) => f + h[i]!);
}

function runSequence(mechanism: AnyMechanism): Tensor {
  const b = new GraphBuilder();
  const xv = b.input('x', 'float32', ['batch', 'seq', 6]);
  const { out } = transformerBlock(b, xv, declare(b), {
    mechanism,
    heads: 2,
    causal: true,
    layerNormEps: eps,
  });
  return evaluate(b.build({ out }), { x, ...weights }).out!;
}

function runDecode(mechanism: AnyMechanism): Float64Array {
  let state = mechanism.initialState({ batch, heads: 2, dk: 3, dv: 2 }, mechanism.defaultOptions);
  const out = new Float64Array(batch * seq * 6);
  for (let t = 0; t < seq; t++) {
    const b = new GraphBuilder();
    const params = declare(b);
    const past: Record<string, Value> = {};
    for (const spec of multiHeadStateSpecs(params.attention, { mechanism, heads: 2 }, batch)) {
      const shape = spec.shape.map((d, i) => (typeof d === 'number' ? d : state[spec.name]!.shape[i]!));
      past[spec.name] = b.input(`past.${spec.name}`, spec.dtype, shape);
    }
    const xv = b.input('x', 'float32', [batch, 1, 6]);
    const step = transformerBlockStep(b, xv, params, past, { mechanism, heads: 2, layerNormEps: eps });
    const outputs: Record<string, Value> = { out: step.out };
    for (const [name, v] of Object.entries(step.state)) outputs[`present.${name}`] = v;
    const token = new Float64Array(batch * 6);
    for (let i = 0; i < batch; i++) token.set(x.data.slice((i * seq + t) * 6, (i * seq + t + 1) * 6), i * 6);
    const feeds: Record<string, Tensor> = { x: Tensor.float64(token, [batch, 1, 6]), ...weights };
    for (const [name, v] of Object.entries(state)) feeds[`past.${name}`] = v;
    const got = evaluate(b.build(outputs), feeds);
    for (let i = 0; i < batch; i++) out.set(got.out!.data.slice(i * 6, (i + 1) * 6), (i * seq + t) * 6);
    state = {};
    for (const [name, v] of Object.entries(got)) if (name.startsWith('present.')) state[name.slice(8)] = v;
  }
  return out;
}

describe('pre-norm transformer block equals its plain float64 formula', () => {
  const cases: [string, AnyMechanism, (q: Tensor, k: Tensor, v: Tensor) => Float64Array][] = [
    ['softmax', softmaxAttention, (q, k, v) => naiveSoftmaxAttention(q, k, v, { causal: true })],
    [
      'linear-elu',
      linearEluAttention,
      (q, k, v) =>
        naiveKernelAttention(q, k, v, { causal: true, feature: eluPlusOne, normalizer: { eps: 1e-6 } }).out,
    ],
  ];
  for (const [label, mechanism, perHead] of cases) {
    it(`${label}: sequence and token-by-token decode`, () => {
      const expected = naiveBlock(perHead);
      expectClose(runSequence(mechanism), expected, [batch, seq, 6], 1e-9, 'sequence');
      expectClose(
        Tensor.float64(runDecode(mechanism), [batch, seq, 6]),
        expected,
        [batch, seq, 6],
        1e-9,
        'decode',
      );
    });
  }
});
