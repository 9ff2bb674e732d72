import { describe, expect, it } from 'vitest';
import {
  type AnyMechanism,
  declareMultiHeadAttentionParams,
  evaluate,
  type Graph,
  GraphBuilder,
  grad,
  gradientName,
  linearEluAttention,
  linearGatedAttention,
  multiHeadAttention,
  softmaxAttention,
  Tensor,
} from '../../src/index.js';
import { randomTensor } from '../linear/fixtures.js';
import { mulberry32 } from '../support/mulberry32.js';

const dims = { dModel: 4, heads: 2, dk: 2, dv: 2 };
const shape = [1, 5, 4];

/** loss = sum(out * r) for a fixed random r, so every output entry reaches the loss with its own weight. */
function lossGraph(mechanism: AnyMechanism, form: 'parallel' | 'chunked'): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', shape);
  const params = declareMultiHeadAttentionParams(b, 'attn', dims, { bias: true, gate: mechanism.usesGate });
  const { out } = multiHeadAttention(b, x, params, { mechanism, heads: 2, causal: true, form, chunkSize: 2 });
  const r = b.constant(randomTensor(mulberry32(9), shape).toArray(), shape);
  return b.build({ loss: b.reduceSum(b.mul(out, r), [0, 1, 2]) });
}

function feedsFor(graph: Graph, seed: number): Record<string, Tensor> {
  const rng = mulberry32(seed);
  const feeds: Record<string, Tensor> = {};
  for (const input of graph.inputs) {
    feeds[input.name] = randomTensor(rng, graph.values[input.value]!.shape as number[]);
  }
  return feeds;
}

/** Central differences of the float64 loss, one weight entry at a time. */
function finiteDifference(graph: Graph, feeds: Record<string, Tensor>, name: string): Float64Array {
  const base = feeds[name]!;
  const h = 1e-6;
  const out = new Float64Array(base.size);
  const lossAt = (i: number, delta: number) => {
    const data = Float64Array.from(base.data);
    data[i]! += delta;
    return evaluate(graph, { ...feeds, [name]: Tensor.float64(data, base.shape) }).loss!.data[0]!;
  };
  for (let i = 0; i < base.size; i++) out[i] = (lossAt(i, h) - lossAt(i, -h)) / (2 * h);
  return out;
}

describe('multi-head attention gradients (autodiff) match finite differences', () => {
  const cases: [string, AnyMechanism, 'parallel' | 'chunked'][] = [
    ['softmax parallel', softmaxAttention, 'parallel'],
    ['softmax chunked', softmaxAttention, 'chunked'],
    ['linear-elu chunked', linearEluAttention, 'chunked'],
    ['linear-gated parallel', linearGatedAttention, 'parallel'],
  ];
  for (const [label, mechanism, form] of cases) {
    it(label, () => {
      const graph = lossGraph(mechanism, form);
      const wrt = ['attn.wq', 'attn.wk', 'attn.wv', 'attn.wo', ...(mechanism.usesGate ? ['attn.wg'] : [])];
      const feeds = feedsFor(graph, 17);
      const grads = evaluate(grad(graph, { of: 'loss', wrt }), feeds);
      for (const name of wrt) {
        const expected = finiteDifference(graph, feeds, name);
        const actual = grads[gradientName(name)]!;
        expect(actual.shape).toEqual(feeds[name]!.shape);
        const worst = Math.max(
          ...Array.from(expected, (e, i) => Math.abs(actual.data[i]! - e) / Math.max(1, Math.abs(e))),
        );
        expect(worst, `${label} d loss / d ${name}`).toBeLessThan(1e-6);
        expect(Math.max(...Array.from(expected, Math.abs)), `${name} has a gradient`).toBeGreaterThan(1e-3);
      }
    });
  }
});
