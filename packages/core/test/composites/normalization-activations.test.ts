import { describe, expect, it } from 'vitest';
import { evaluate, GraphBuilder, Tensor } from '../../src/index.js';
import { expectClose, rng, runGraph, uniform } from '../interpreter/oracle.js';

describe('ReduceMean', () => {
  it('divides by the reduced count, concrete or symbolic', () => {
    const x = Tensor.float64([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(runGraph({ x }, (g, v) => g.reduceMean(v.x!, [1])).toArray()).toEqual([2, 5]);
    expect(runGraph({ x }, (g, v) => g.reduceMean(v.x!, [0, 1], true)).toArray()).toEqual([3.5]);
    const b = new GraphBuilder();
    const s = b.input('s', 'float32', ['batch', 'seq']);
    const graph = b.build({ over: b.reduceMean(s, [1], true), all: b.reduceMean(s, [0, 1]) });
    for (const [batch, seq] of [
      [2, 3],
      [1, 5],
    ] as const) {
      const data = uniform(rng(batch * seq), batch * seq);
      const out = evaluate(graph, { s: Tensor.float64(data, [batch, seq]) });
      const rows = Array.from({ length: batch }, (_, r) => data.slice(r * seq, (r + 1) * seq));
      expect(out.over!.shape).toEqual([batch, 1]);
      expectClose(
        out.over!.data,
        rows.map((row) => row.reduce((p, q) => p + q, 0) / seq),
      );
      expectClose(out.all!.data, [data.reduce((p, q) => p + q, 0) / (batch * seq)]);
    }
  });
});

describe('LayerNorm', () => {
  it('matches torch.nn.LayerNorm: population variance over the last axis, then affine', () => {
    const random = rng(7);
    const [rows, d] = [3, 5];
    const x = Tensor.float64(uniform(random, rows * d, -4, 4), [rows, d]);
    const gamma = Tensor.float64(uniform(random, d, 0.5, 2), [d]);
    const beta = Tensor.float64(uniform(random, d), [d]);
    const eps = 1e-5;
    const out = runGraph({ x, gamma, beta }, (g, v) => g.layerNorm(v.x!, v.gamma!, v.beta!, eps));
    const expected: number[] = [];
    for (let r = 0; r < rows; r++) {
      const row = Array.from(x.data.slice(r * d, (r + 1) * d));
      const mean = row.reduce((p, q) => p + q, 0) / d;
      const variance = row.reduce((p, q) => p + (q - mean) ** 2, 0) / d;
      row.forEach((v, i) => {
        expected.push(((v - mean) / Math.sqrt(variance + eps)) * gamma.data[i]! + beta.data[i]!);
      });
    }
    expectClose(out.data, expected, { rtol: 1e-13, atol: 1e-13 });
  });

  it('maps a constant row to beta (eps keeps it finite)', () => {
    const x = Tensor.float64([3, 3, 3], [1, 3]);
    const gamma = Tensor.float64([1, 1, 1], [3]);
    const beta = Tensor.float64([0.5, -1, 2], [3]);
    expect(runGraph({ x, gamma, beta }, (g, v) => g.layerNorm(v.x!, v.gamma!, v.beta!)).toArray()).toEqual([
      0.5, -1, 2,
    ]);
  });
});

describe('activations', () => {
  const xs = [-10, -3, -1, -0.5, 0, 0.5, 1, 2, 3, 10];

  it('Gelu exact matches 0.5 x (1 + erf(x / sqrt 2)) (values from Python math.erf)', () => {
    const expected = [
      -0, -0.00404969409489031, -0.15865525393145707, -0.15426876936299344, 0, 0.34573123063700656,
      0.8413447460685429, 1.9544997361036416, 2.99595030590511, 10,
    ];
    const out = runGraph({ x: Tensor.float64(xs, [xs.length]) }, (g, v) => g.gelu(v.x!));
    expectClose(out.data, expected, { rtol: 4e-16, atol: 1e-15 });
  });

  it('Gelu tanh matches the tanh formula', () => {
    const x = Tensor.float64(uniform(rng(11), 40, -6, 6), [40]);
    const out = runGraph({ x }, (g, v) => g.gelu(v.x!, 'tanh'));
    const c = Math.sqrt(2 / Math.PI);
    const expected = Array.from(x.data, (v) => 0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v ** 3))));
    expectClose(out.data, expected, { rtol: 1e-15, atol: 1e-15 });
  });

  it('Sigmoid matches 1 / (1 + e^-x) and saturates at +-1000 without NaN', () => {
    const x = Tensor.float64([...xs, -1000, 1000, -745, 745], [xs.length + 4]);
    const out = runGraph({ x }, (g, v) => g.sigmoid(v.x!)).toArray();
    const expected = Array.from(x.data, (v) => 1 / (1 + Math.exp(-v)));
    // atol covers exp(-745) = 5e-324, which the naive formula rounds to 0.
    expectClose(out, expected, { rtol: 1e-15, atol: 1e-300 });
    expect(out.slice(-4, -2)).toEqual([0, 1]);
  });

  it('Softplus matches log1p(e^x), without overflow at large x', () => {
    const x = Tensor.float64([...xs, -1000, 1000, 40], [xs.length + 3]);
    const out = runGraph({ x }, (g, v) => g.softplus(v.x!)).toArray();
    const expected = Array.from(x.data, (v) =>
      v > 30 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v)),
    );
    expectClose(out, expected, { rtol: 1e-15, atol: 1e-16 });
    expect(out.slice(-3, -1)).toEqual([0, 1000]);
  });

  it('Elu (alpha 1) and Relu', () => {
    const x = Tensor.float64([...xs, -1000, 1000], [xs.length + 2]);
    const elu = runGraph({ x }, (g, v) => g.elu(v.x!)).toArray();
    expectClose(
      elu,
      Array.from(x.data, (v) => (v > 0 ? v : Math.expm1(v))),
      { rtol: 1e-15, atol: 1e-16 },
    );
    expect(runGraph({ x }, (g, v) => g.relu(v.x!)).toArray()).toEqual(
      Array.from(x.data, (v) => Math.max(v, 0)),
    );
  });
});
