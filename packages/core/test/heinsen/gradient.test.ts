import { expect, it } from 'vitest';
import {
  evaluate,
  GraphBuilder,
  gradientName,
  type Tensor,
  type Value,
  valueAndGrad,
} from '../../src/index.js';
import { heinsenChunked } from '../../src/mechanisms/heinsen/chunked.js';
import { heinsenNaive } from '../../src/mechanisms/heinsen/naive.js';
import { randomTensor, seededRandom } from '../autodiff/finite-differences.js';
import { weightedSum } from '../autodiff/loss-graph.js';

type Form = (b: GraphBuilder, inputs: { q: Value; k: Value; v: Value }) => Value;

function gradients(form: Form, feeds: Record<string, Tensor>): Record<string, Float64Array> {
  const b = new GraphBuilder();
  const inputs = {
    q: b.input('q', 'float32', feeds.q!.shape),
    k: b.input('k', 'float32', feeds.k!.shape),
    v: b.input('v', 'float32', feeds.v!.shape),
  };
  const graph = b.build({ loss: weightedSum(b, form(b, inputs)) });
  const out = evaluate(valueAndGrad(graph, { of: 'loss', wrt: ['q', 'k', 'v'] }), feeds);
  return Object.fromEntries(
    ['q', 'k', 'v'].map((name) => [name, Float64Array.from(out[gradientName(name)]!.data)]),
  );
}

/**
 * The chunked form's key and row maxima are StopGradients (its output does not depend on them), so its
 * gradient comes from a different graph than the quadratic definition's, which differentiates through
 * LogSumExp and Softmax. Both in float64: chunks of 64 with segments, dyadic levels, the scan and a
 * second sequence group, with |q|, |k| up to 20 so the maxima differ from chunk to chunk.
 */
it('heinsen chunked gradient equals the quadratic definition gradient (float64)', () => {
  const [n, dk, dv] = [150, 4, 3];
  const random = seededRandom(11);
  const feeds = {
    q: randomTensor([1, 1, n, dk], random, -20, 20),
    k: randomTensor([1, 1, n, dk], random, -20, 20),
    v: randomTensor([1, 1, n, dv], random),
  };
  const chunked = gradients((b, x) => heinsenChunked(b, x, { chunkSize: 64, groupTokens: 128 }).out, feeds);
  const naive = gradients((b, x) => heinsenNaive(b, x, { causal: true }), feeds);
  for (const name of ['q', 'k', 'v']) {
    const [got, want] = [chunked[name]!, naive[name]!];
    const scale = Math.max(...want.map(Math.abs));
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
    expect(worst / scale, `grad ${name}`).toBeLessThan(1e-9);
  }
});
