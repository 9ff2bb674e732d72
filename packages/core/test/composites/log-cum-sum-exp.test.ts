import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, GraphBuilder, Tensor } from '../../src/index.js';
import { expectClose, rng, runGraph, sizeOf, uniform } from '../interpreter/oracle.js';
import {
  globalShiftLogCumSumExp,
  SCAN_VARIANTS,
  type ScanOptions,
  sequentialLogCumSumExp,
} from './log-cum-sum-exp-oracle.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

/** Runs the sequential oracle on every line of `x` along `axis`. */
function oracleAlongAxis(x: Tensor, axis: number, options: ScanOptions): Float64Array {
  const n = x.shape[axis]!;
  const inner = sizeOf(x.shape.slice(axis + 1));
  const outer = sizeOf(x.shape.slice(0, axis));
  const out = new Float64Array(x.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (j: number) => (o * n + j) * inner + i;
      const line = Float64Array.from({ length: n }, (_, j) => x.data[at(j)]!);
      sequentialLogCumSumExp(line, options).forEach((v, j) => {
        out[at(j)] = v;
      });
    }
  }
  return out;
}

describe('LogCumSumExp', () => {
  it('matches a sequential float64 logaddexp loop for values in [-1e4, 1e4], every variant and axis', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 3 })
          .filter((s) => sizeOf(s) <= 400),
        fc.nat(),
        fc.constantFrom(...SCAN_VARIANTS),
        fc.constantFrom(1, 100, 1e4),
        fc.integer(),
        (shape, axisSeed, options, scale, seed) => {
          const axis = axisSeed % shape.length;
          const x = Tensor.float64(uniform(rng(seed), sizeOf(shape), -scale, scale), shape);
          const out = runGraph({ x }, (g, v) => g.logCumSumExp(v.x!, axis, options));
          expectClose(out.data, oracleAlongAxis(x, axis, options), { rtol: 1e-14, atol: 1e-11 });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stays exact where a single global max shift underflows early prefixes', () => {
    // A rising line: every prefix is dominated by its own last entry, far below the global max.
    const line = [-1e4, -9e3, -5e3, -1, 0, 5e3, 1e4];
    const x = Tensor.float64(line, [line.length]);
    const ours = runGraph({ x }, (g, v) => g.logCumSumExp(v.x!, 0)).toArray();
    const sequential = sequentialLogCumSumExp(line, { exclusive: false, reverse: false });
    const globalShift = globalShiftLogCumSumExp(line);
    // The shortcut loses the first five prefixes entirely (exp(-2e4) is 0 in float64) ...
    expect(Array.from(globalShift.slice(0, 5))).toEqual([NEG_INF, NEG_INF, NEG_INF, NEG_INF, NEG_INF]);
    // ... while the scan matches the sequential definition everywhere, hand-checked at the ends.
    expectClose(ours, sequential, { rtol: 1e-15, atol: 0 });
    expect(ours[0]).toBe(-1e4);
    expect(ours[4]).toBeCloseTo(Math.log1p(Math.exp(-1)), 14);
  });

  it('keeps a leading -inf prefix exactly -inf and treats inner -inf as log 0', () => {
    const line = [NEG_INF, NEG_INF, 2, NEG_INF, 3, NEG_INF];
    const x = Tensor.float64(line, [1, line.length]);
    const l23 = 3 + Math.log1p(Math.exp(-1));
    const expected: Record<string, number[]> = {
      'false,false': [NEG_INF, NEG_INF, 2, 2, l23, l23],
      'true,false': [NEG_INF, NEG_INF, NEG_INF, 2, 2, l23],
      'false,true': [l23, l23, l23, 3, 3, NEG_INF],
      'true,true': [l23, l23, 3, 3, NEG_INF, NEG_INF],
    };
    for (const options of SCAN_VARIANTS) {
      const out = runGraph({ x }, (g, v) => g.logCumSumExp(v.x!, -1, options));
      expectClose(out.data, expected[`${options.exclusive},${options.reverse}`]!, { rtol: 1e-15, atol: 0 });
    }
  });

  it('gives -inf for all -inf lines, including length 1 exclusive', () => {
    for (const n of [1, 2, 5, 8]) {
      const x = Tensor.float64(new Array<number>(n).fill(NEG_INF), [n]);
      for (const options of SCAN_VARIANTS) {
        const out = runGraph({ x }, (g, v) => g.logCumSumExp(v.x!, 0, options));
        expect(out.toArray()).toEqual(new Array<number>(n).fill(NEG_INF));
      }
    }
    const one = Tensor.float64([5, NEG_INF], [2, 1]);
    expect(runGraph({ one }, (g, v) => g.logCumSumExp(v.one!, 1, { exclusive: true })).toArray()).toEqual([
      NEG_INF,
      NEG_INF,
    ]);
  });

  it('scans a concrete axis next to symbolic dims bound at run time', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', ['batch', 6]);
    const graph = b.build({
      inclusive: b.logCumSumExp(x, 1),
      exclusive: b.logCumSumExp(b.slice(x, [1], [0], [1]), 1, { exclusive: true }),
    });
    const data = uniform(rng(5), 18, -50, 50);
    const out = evaluate(graph, { x: Tensor.float64(data, [3, 6]) });
    const expected = [0, 1, 2].flatMap((r) =>
      Array.from(sequentialLogCumSumExp(data.slice(r * 6, r * 6 + 6), { exclusive: false, reverse: false })),
    );
    expectClose(out.inclusive!.data, expected, { rtol: 1e-14, atol: 1e-13 });
    expect(out.exclusive!.toArray()).toEqual([NEG_INF, NEG_INF, NEG_INF]);
  });
});
