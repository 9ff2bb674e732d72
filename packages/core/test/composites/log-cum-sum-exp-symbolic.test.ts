import { describe, expect, it } from 'vitest';
import { evaluate, expandComposites, GraphBuilder, SYMBOLIC_SCAN_BLOCK, Tensor } from '../../src/index.js';
import { expectClose, uniform } from '../interpreter/oracle.js';
import { mulberry32 } from '../support/mulberry32.js';
import { SCAN_VARIANTS, sequentialLogCumSumExp } from './log-cum-sum-exp-oracle.js';

const NEG_INF = Number.NEGATIVE_INFINITY;
// One element, part of a block, a whole block, just past it, several blocks and a part one.
const B = SYMBOLIC_SCAN_BLOCK;
const LENGTHS = [1, 5, B, B + 1, 3 * B + 7];

describe('LogCumSumExp over a symbolic length (blocks padded in-graph)', () => {
  for (const options of SCAN_VARIANTS) {
    it(`matches the sequential float64 loop at n = ${LENGTHS.join(', ')}, with -inf entries and far-apart values (${JSON.stringify(options)})`, () => {
      // [2, seq, 3], scanned along the symbolic axis 1 by one graph, expanded to primitives.
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', [2, 'seq', 3]);
      const graph = expandComposites(b.build({ y: b.logCumSumExp(x, 1, options) }));
      expect(graph.nodes.some((n) => n.op === 'LogCumSumExp')).toBe(false);
      const random = mulberry32(LENGTHS.length);
      for (const n of LENGTHS) {
        const data = uniform(random, 2 * n * 3, -300, 300);
        for (let i = 0; i < data.length; i += 7) data[i] = NEG_INF;
        const y = evaluate(graph, { x: Tensor.float64(data, [2, n, 3]) }).y!;
        expect(y.shape).toEqual([2, n, 3]);
        for (let o = 0; o < 2; o++) {
          for (let i = 0; i < 3; i++) {
            const at = (j: number) => (o * n + j) * 3 + i;
            const line = Float64Array.from({ length: n }, (_, j) => data[at(j)]!);
            const got = Float64Array.from({ length: n }, (_, j) => y.data[at(j)]!);
            const want = sequentialLogCumSumExp(line, options);
            for (let j = 0; j < n; j++)
              if (want[j] === NEG_INF) expect(got[j], `n=${n} [${o},${j},${i}]`).toBe(NEG_INF);
            expectClose(
              got.map((v, j) => (want[j] === NEG_INF ? 0 : v)),
              want.map((v) => (v === NEG_INF ? 0 : v)),
              { rtol: 1e-12, atol: 1e-9 },
            );
          }
        }
      }
    });
  }
});
