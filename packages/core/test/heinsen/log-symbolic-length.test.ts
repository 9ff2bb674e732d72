import { describe, expect, it } from 'vitest';
import {
  buildChunkedGraph,
  buildParallelGraph,
  evaluate,
  type Graph,
  heinsenLogMechanism,
  type SequenceDims,
  Tensor,
} from '../../src/index.js';
import { mulberry32 } from '../support/mulberry32.js';

/**
 * heinsen-log (not registered, so not in the conformance sweep) over a symbolic length: its scan over
 * chunks is LogCumSumExp along a chunk count. One graph per form, at several lengths, against the
 * causal parallel form built for each length, on the float64 interpreter; log V has -inf entries.
 */
const [B, H, DK, DV, CHUNK, PAST] = [1, 2, 3, 2, 4, 5];
const LENGTHS = [1, 3, 8, 13, 70];
const m = heinsenLogMechanism;
const dims = (seq: number | string): SequenceDims => ({
  batch: B,
  heads: H,
  seqQ: seq,
  seqK: seq,
  dk: DK,
  dv: DV,
});

function feeds(n: number, seed: number): Record<string, Tensor> {
  const random = mulberry32(seed);
  const t = (d: number, negInf: boolean) =>
    Tensor.float64(
      Array.from({ length: B * H * n * d }, (_, i) =>
        negInf && i % 5 === 2 ? Number.NEGATIVE_INFINITY : random() * 6 - 3,
      ),
      [B, H, n, d],
    );
  return { q: t(DK, false), k: t(DK, false), v: t(DV, true) };
}

const causal = (seq: number | string, fromState: boolean) =>
  buildParallelGraph(m, dims(seq), { causal: true, withState: true, fromState });

function expectSame(got: Record<string, Tensor>, want: Record<string, Tensor>, label: string): void {
  for (const [name, t] of Object.entries(want)) {
    const g = got[name]!;
    expect(g.shape, `${label} ${name}`).toEqual(t.shape);
    for (let i = 0; i < t.size; i++) {
      const [a, e] = [g.data[i]!, t.data[i]!];
      if (!Number.isFinite(e)) expect(a, `${label} ${name}[${i}]`).toBe(e);
      else expect(Math.abs(a - e), `${label} ${name}[${i}]`).toBeLessThan(1e-9 * (1 + Math.abs(e)));
    }
  }
}

describe('heinsen-log over a symbolic length', () => {
  const past = (() => {
    const out = evaluate(causal(PAST, false), feeds(PAST, 1));
    return Object.fromEntries(
      Object.entries(out)
        .filter(([name]) => name.startsWith('present.'))
        .map(([name, t]) => [`past.${name.slice('present.'.length)}`, t]),
    );
  })();
  const forms: [string, Graph, boolean][] = [
    ['chunked', buildChunkedGraph(m, dims('seq'), { chunkSize: CHUNK, withState: true }), false],
    [
      'chunked from state',
      buildChunkedGraph(m, dims('seq'), { chunkSize: CHUNK, withState: true, fromState: true }),
      true,
    ],
    ['causal parallel', causal('seq', false), false],
  ];
  for (const [name, graph, fromState] of forms) {
    it(`${name}: one graph matches the concrete causal parallel form at n = ${LENGTHS.join(', ')}`, () => {
      for (const n of LENGTHS) {
        const input = { ...feeds(n, n), ...(fromState ? past : {}) };
        const oracle = fromState
          ? buildChunkedGraph(m, dims(n), { chunkSize: n, withState: true, fromState: true })
          : causal(n, false);
        expectSame(evaluate(graph, input), evaluate(oracle, input), `${name} n=${n}`);
      }
    });
  }
});
