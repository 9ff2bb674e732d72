import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildChunkedGraph,
  buildParallelGraph,
  evaluate,
  type Graph,
  heinsenAttention,
  InvalidArgumentError,
  Tensor,
} from '../../src/index.js';
import { FAST_PATH_MAX_GAP, FAST_PATH_MAX_SEGMENT } from '../../src/mechanisms/heinsen/segment-fast-mass.js';
import { singleHeadInputs } from './random-inputs.js';

/**
 * The segment fast path (segment-fast-mass.ts) checked in float64 against the dyadic exact path it
 * stands in for: every guard of a chunked graph, and each group's fast and exact mass turned into
 * outputs N / Z (the two paths use different row offsets, so their masses differ by a row factor).
 */
function guardedParts(graph: Graph): Graph {
  const guarded = graph.nodes.filter((n) => n.op === 'GuardedFastPath');
  return {
    ...graph,
    outputs: guarded.flatMap((n, i) => [
      { name: `guard${i}`, value: n.inputs[0]! },
      { name: `fast${i}`, value: n.inputs[1]! },
      { name: `exact${i}`, value: n.inputs[2]! },
    ]),
  };
}

/** Per row of mass [..., w]: N / Z, the values' columns over the last (ones) column. */
function rowOutputs(mass: Tensor): number[] {
  const w = mass.shape[mass.shape.length - 1]!;
  const out: number[] = [];
  for (let row = 0; row < mass.data.length / w; row++) {
    const z = mass.data[row * w + w - 1]!;
    for (let j = 0; j < w - 1; j++) out.push(mass.data[row * w + j]! / z);
  }
  return out;
}

function graphOf(n: number, chunkSize: number, dk: number, dv: number): Graph {
  return buildChunkedGraph(heinsenAttention, { batch: 1, heads: 1, seqQ: n, dk, dv }, { chunkSize });
}

describe('heinsen chunked: the segment fast path', () => {
  it('equals the exact path, and its guard holds, at typical magnitudes', () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 70, max: 300 }),
          chunkSize: fc.constantFrom(64, 100, 128, 256),
          dk: fc.integer({ min: 1, max: 4 }),
          dv: fc.integer({ min: 1, max: 3 }),
          range: fc.constantFrom(1, 3),
          seed: fc.nat(),
        }),
        (d) => {
          const graph = guardedParts(graphOf(d.n, d.chunkSize, d.dk, d.dv));
          const groups = graph.outputs.length / 3;
          expect(groups).toBeGreaterThan(0);
          const x = singleHeadInputs(d, d.range, 2);
          const result = evaluate(graph, { q: x.q, k: x.k, v: x.v });
          for (let i = 0; i < groups; i++) {
            expect(Array.from(result[`guard${i}`]!.data)).toEqual([1]);
            const [fast, exact] = [rowOutputs(result[`fast${i}`]!), rowOutputs(result[`exact${i}`]!)];
            const worst = Math.max(
              ...fast.map((f, j) => Math.abs(f - exact[j]!) / (1 + Math.abs(exact[j]!))),
            );
            expect(worst).toBeLessThan(1e-10);
          }
        },
      ),
      { numRuns: 12 },
    );
  });

  /**
   * One chunk of 64 (two segments of 32), q = 0 and keys 0 but for key 31 at `high`: rows 0-30 get the
   * offset `high` on the fast path while the largest weight they see is e^0, a gap of `high`.
   */
  const guardAt = (high: number) => {
    const [n, dk, dv] = [64, 1, 1];
    const k = new Float64Array(n);
    k[31] = high;
    const feeds = {
      q: Tensor.float64(new Float64Array(n), [1, 1, n, dk]),
      k: Tensor.float64(k, [1, 1, n, dk]),
      v: Tensor.float64(
        Float64Array.from({ length: n }, (_, i) => i),
        [1, 1, n, dv],
      ),
    };
    return Array.from(evaluate(guardedParts(graphOf(n, 64, dk, dv)), feeds).guard0!.data);
  };

  it(`holds up to a gap of ${FAST_PATH_MAX_GAP} between a row's offset and a weight it sees, and fails past it`, () => {
    expect(guardAt(FAST_PATH_MAX_GAP - 0.5)).toEqual([1]);
    expect(guardAt(FAST_PATH_MAX_GAP + 0.5)).toEqual([0]);
    expect(guardAt(1e4)).toEqual([0]);
  });

  it(`is offered for segments up to ${FAST_PATH_MAX_SEGMENT} tokens: causal parallel (one chunk of n) from n = 4096 is exact only`, () => {
    const guards = (n: number) =>
      buildParallelGraph(
        heinsenAttention,
        { batch: 1, heads: 1, seqQ: n, seqK: n, dk: 2, dv: 2 },
        { causal: true },
      ).nodes.filter((node) => node.op === 'GuardedFastPath').length;
    expect(guards(4 * FAST_PATH_MAX_SEGMENT)).toBe(1);
    expect(guards(8 * FAST_PATH_MAX_SEGMENT)).toBe(0);
  });

  it('fastPath: false builds the exact path alone; anything but a boolean is an InvalidArgumentError', () => {
    const dims = { batch: 1, heads: 1, seqQ: 256, dk: 2, dv: 2 };
    const guards = (options: object) =>
      buildChunkedGraph(heinsenAttention, dims, { chunkSize: 64, ...options }).nodes.filter(
        (node) => node.op === 'GuardedFastPath',
      ).length;
    expect(guards({})).toBe(1);
    expect(guards({ fastPath: true })).toBe(1);
    expect(guards({ fastPath: false })).toBe(0);
    expect(() => guards({ fastPath: 'no' })).toThrow(InvalidArgumentError);
    expect(() => guards({ fastPath: 'no' })).toThrow(/fastPath must be true or false, got no/);
  });
});
