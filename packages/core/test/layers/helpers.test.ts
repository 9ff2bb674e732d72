import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  embedding,
  evaluate,
  feedForward,
  GraphBuilder,
  linearProjection,
  RankError,
  ShapeError,
  Tensor,
  tiedLogits,
} from '../../src/index.js';
import { expectClose, randomTensor } from '../linear/fixtures.js';
import { mulberry32 } from '../support/mulberry32.js';
import { geluExact, geluTanh } from './naive-gelu.js';
import { project } from './naive-mha.js';

describe('layer helpers against plain float64 loops', () => {
  const rng = mulberry32(42);

  it('linearProjection: x W + b over leading axes', () => {
    const x = randomTensor(rng, [2, 3, 4]);
    const w = randomTensor(rng, [4, 5]);
    const bias = randomTensor(rng, [5]);
    const b = new GraphBuilder();
    const y = linearProjection(
      b,
      b.input('x', 'float32', ['batch', 'seq', 4]),
      b.input('w', 'float32', [4, 5]),
      b.input('b', 'float32', [5]),
    );
    const got = evaluate(b.build({ y }), { x, w, b: bias }).y!;
    expectClose(got, project(x.data, 6, w, bias), [2, 3, 5], 1e-12, 'projection');
  });

  it('embedding gathers rows and tiedLogits multiplies by the table transposed', () => {
    const table = randomTensor(rng, [7, 3]);
    const ids = Tensor.int32([6, 0, 3, 3, 1, 5], [2, 3]);
    const b = new GraphBuilder();
    const t = b.input('table', 'float32', [7, 3]);
    const e = embedding(b, t, b.input('ids', 'int32', ['batch', 'seq']));
    const got = evaluate(b.build({ e, logits: tiedLogits(b, e, t) }), { table, ids });
    const rows = Array.from(ids.data).flatMap((id) => Array.from(table.data.slice(id * 3, id * 3 + 3)));
    expectClose(got.e!, rows, [2, 3, 3], 0, 'embedding');
    const logits: number[] = [];
    for (let r = 0; r < 6; r++) {
      for (let v = 0; v < 7; v++) {
        let dot = 0;
        for (let i = 0; i < 3; i++) dot += rows[r * 3 + i]! * table.data[v * 3 + i]!;
        logits.push(dot);
      }
    }
    expectClose(got.logits!, logits, [2, 3, 7], 1e-12, 'tied logits');
  });

  for (const approximate of ['none', 'tanh'] as const) {
    it(`feedForward with gelu '${approximate}'`, () => {
      const x = randomTensor(rng, [2, 2, 3]);
      const p = {
        w1: randomTensor(rng, [3, 5]),
        b1: randomTensor(rng, [5]),
        w2: randomTensor(rng, [5, 3]),
        b2: randomTensor(rng, [3]),
      };
      const b = new GraphBuilder();
      const input = (name: string, t: Tensor) => b.input(name, 'float32', t.shape);
      const y = feedForward(
        b,
        input('x', x),
        { w1: input('w1', p.w1), b1: input('b1', p.b1), w2: input('w2', p.w2), b2: input('b2', p.b2) },
        approximate,
      );
      const got = evaluate(b.build({ y }), { x, ...p }).y!;
      const gelu = approximate === 'none' ? geluExact : geluTanh;
      const hidden = project(x.data, 4, p.w1, p.b1).map(gelu);
      expectClose(got, project(hidden, 4, p.w2, p.b2), [2, 2, 3], 1e-9, 'feed-forward');
    });
  }

  it('names bad shapes and dtypes', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 4]);
    expect(() => linearProjection(b, x, b.input('w', 'float32', [5, 3]))).toThrow(ShapeError);
    expect(() => linearProjection(b, x, b.input('w3', 'float32', [1, 4, 3]))).toThrow(RankError);
    expect(() =>
      linearProjection(b, x, b.input('w2', 'float32', [4, 3]), b.input('b', 'float32', [4])),
    ).toThrow(/bias must be \[3\]/);
    expect(() => embedding(b, b.input('t', 'float32', [5, 2]), b.input('ids', 'float32', [3]))).toThrow(
      DTypeError,
    );
  });
});
