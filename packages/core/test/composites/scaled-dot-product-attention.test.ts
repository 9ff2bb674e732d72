import { describe, expect, it } from 'vitest';
import {
  causalQueryBlocks,
  evaluate,
  expandComposites,
  GraphBuilder,
  grad,
  InvalidArgumentError,
  RankError,
  ShapeError,
  scaledDotProductAttention,
  Tensor,
  type Value,
} from '../../src/index.js';
import { mulberry32 } from '../support/mulberry32.js';

type Dims = readonly [number, number, number, number];

function random(shape: Dims, seed: number, spread = 1): Tensor {
  const next = mulberry32(seed);
  const size = shape.reduce((p, d) => p * d, 1);
  return Tensor.float32(
    Array.from({ length: size }, () => spread * (2 * next() - 1)),
    shape,
  );
}

/** softmax(q k^T * scale) v in float64 loops, one (batch, head) row at a time. */
function attentionLoops(q: Tensor, k: Tensor, v: Tensor, scale: number, causal: boolean): number[] {
  const [b, h, nq, dk] = q.shape as unknown as Dims;
  const [nk, dv] = [k.shape[2]!, v.shape[3]!];
  const out: number[] = [];
  for (let bh = 0; bh < b * h; bh++) {
    for (let i = 0; i < nq; i++) {
      const visible = causal ? i + 1 : nk;
      const scores = Array.from({ length: visible }, (_, j) => {
        let dot = 0;
        for (let t = 0; t < dk; t++) dot += q.data[(bh * nq + i) * dk + t]! * k.data[(bh * nk + j) * dk + t]!;
        return dot * scale;
      });
      const max = Math.max(...scores);
      const weights = scores.map((s) => Math.exp(s - max));
      const sum = weights.reduce((a, w) => a + w, 0);
      for (let t = 0; t < dv; t++) {
        let acc = 0;
        for (let j = 0; j < visible; j++) acc += (weights[j]! / sum) * v.data[(bh * nk + j) * dv + t]!;
        out.push(acc);
      }
    }
  }
  return out;
}

function run(shapes: { q: Dims; k: Dims; v: Dims }, scale: number, causal: boolean, spread = 1) {
  const b = new GraphBuilder();
  const [q, k, v] = (['q', 'k', 'v'] as const).map((name) => b.input(name, 'float32', shapes[name]));
  const graph = b.build({ out: scaledDotProductAttention(b, q!, k!, v!, { scale, causal }) });
  const feeds = { q: random(shapes.q, 1, spread), k: random(shapes.k, 2, spread), v: random(shapes.v, 3) };
  return {
    graph,
    got: Array.from(evaluate(graph, feeds).out!.data),
    want: attentionLoops(feeds.q, feeds.k, feeds.v, scale, causal),
  };
}

describe('ScaledDotProductAttention', () => {
  it.each([
    { causal: true, q: [2, 3, 5, 4], k: [2, 3, 5, 4], v: [2, 3, 5, 2] },
    { causal: false, q: [1, 2, 3, 4], k: [1, 2, 7, 4], v: [1, 2, 7, 6] },
    { causal: false, q: [1, 1, 7, 2], k: [1, 1, 3, 2], v: [1, 1, 3, 2] },
    { causal: true, q: [1, 1, 1, 3], k: [1, 1, 1, 3], v: [1, 1, 1, 3] },
  ] as const)('matches float64 loops (causal $causal, q $q, k $k)', ({ causal, q, k, v }) => {
    const { got, want } = run({ q, k, v }, 0.7, causal);
    expect(got).toHaveLength(want.length);
    got.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 10));
  });

  it.each([
    [300, 2],
    [521, 4],
  ] as const)('causal n = %i runs in %i query blocks and matches float64 loops', (n, blocks) => {
    expect(causalQueryBlocks(n)).toBe(blocks);
    const shape = [1, 2, n, 3] as const;
    const { graph, got, want } = run({ q: shape, k: shape, v: shape }, 0.7, true);
    expect(expandComposites(graph).nodes.filter((node) => node.op === 'MatMul')).toHaveLength(2 * blocks);
    got.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 10));
  });

  it('the blocked causal gradient equals the gradient of one masked n x n softmax', () => {
    const shape = [1, 1, 260, 3] as const;
    const feeds = { q: random(shape, 4), k: random(shape, 5), v: random(shape, 6), w: random(shape, 7) };
    const gradients = (attention: (b: GraphBuilder, q: Value, k: Value, v: Value) => Value) => {
      const b = new GraphBuilder();
      const [q, k, v, w] = (['q', 'k', 'v', 'w'] as const).map((name) => b.input(name, 'float32', shape));
      const loss = b.reduceSum(b.mul(attention(b, q!, k!, v!), w!), [0, 1, 2, 3]);
      return evaluate(grad(b.build({ loss }), { of: 'loss', wrt: ['q', 'k', 'v'] }), feeds);
    };
    const blocked = gradients((b, q, k, v) =>
      scaledDotProductAttention(b, q, k, v, { scale: 0.7, causal: true }),
    );
    const dense = gradients((b, q, k, v) => {
      const scores = b.mul(b.matmul(q, b.transposeLast2(k)), 0.7);
      const n = q.dim(2);
      const mask = b.greaterEqual(b.reshape(b.iota(n), [n, 1]), b.reshape(b.iota(n), [1, n]));
      return b.matmul(b.softmax(b.where(mask, scores, Number.NEGATIVE_INFINITY)), v);
    });
    for (const name of ['grad.q', 'grad.k', 'grad.v']) {
      const want = dense[name]!.data;
      blocked[name]!.data.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 10));
    }
  });

  it('is max-shifted: logits in the thousands do not overflow', () => {
    const { got, want } = run({ q: [1, 1, 4, 2], k: [1, 1, 4, 2], v: [1, 1, 4, 2] }, 1, true, 60);
    expect(got.every(Number.isFinite)).toBe(true);
    got.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 8));
  });

  it('decomposes into primitives only', () => {
    const { graph } = run({ q: [1, 1, 2, 2], k: [1, 1, 2, 2], v: [1, 1, 2, 2] }, 1, true);
    expect(graph.nodes.map((n) => n.op)).toContain('ScaledDotProductAttention');
    const ops = expandComposites(graph).nodes.map((n) => n.op);
    expect(ops).not.toContain('ScaledDotProductAttention');
    expect(ops).not.toContain('Softmax');
    expect(ops).toContain('MatMul');
  });

  it('names what does not fit', () => {
    const b = new GraphBuilder();
    const q = b.input('q', 'float32', [1, 2, 3, 4]);
    const k5 = b.input('k5', 'float32', [1, 2, 5, 4]);
    const kBadDim = b.input('kd', 'float32', [1, 2, 3, 3]);
    const v3 = b.input('v3', 'float32', [1, 2, 3, 4]);
    const flat = b.input('flat', 'float32', [2, 3, 4]);
    const sdpa = (k: typeof q, v: typeof q, causal: boolean, scale = 1) =>
      scaledDotProductAttention(b, q, k, v, { scale, causal });
    expect(() => sdpa(k5, k5, true)).toThrow(ShapeError);
    expect(() => sdpa(k5, k5, true)).toThrow(/causal attention needs n_q = n_k/);
    expect(() => sdpa(kBadDim, v3, false)).toThrow(ShapeError);
    expect(() => sdpa(k5, v3, false)).toThrow(/do not fit/);
    expect(() => sdpa(flat, flat, false)).toThrow(RankError);
    expect(() => sdpa(v3, v3, false, Number.NaN)).toThrow(InvalidArgumentError);
    expect(sdpa(k5, k5, false).shape).toEqual([1, 2, 3, 4]);
  });
});
