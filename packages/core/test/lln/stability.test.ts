import { describe, expect, it } from 'vitest';
import {
  type AnyMechanism,
  buildChunkedGraph,
  buildParallelGraph,
  buildStepGraph,
  evaluate,
  expandComposites,
  type Graph,
  llnAttention,
  llnDiagAttention,
  ReferenceBackend,
  runChunked,
  runRecurrent,
  STATE_IN_PREFIX,
  Tensor,
} from '../../src/index.js';
import { mulberry32 } from '../support/mulberry32.js';
import { sliceSeq } from '../support/slice-seq.js';
import { naiveScales } from './naive.js';

const FLOAT32_MAX = 3.4028234663852886e38;
const backend = new ReferenceBackend();

/**
 * Runs the decomposed graph with every float intermediate as an output. The interpreter computes in
 * float64, so a finite intermediate above FLOAT32_MAX is exactly where a float32 backend would
 * overflow; NaN anywhere is a failure as well (±inf used as a mask fill is allowed).
 */
function checkIntermediates(graph: Graph, feeds: Record<string, Tensor>, label: string): void {
  const expanded = expandComposites(graph);
  const outputs = expanded.nodes
    .filter((n) => expanded.values[n.output]!.dtype === 'float32')
    .map((n) => ({ name: `value_${n.output}`, value: n.output }));
  const all = evaluate({ ...expanded, outputs }, feeds);
  for (const [name, t] of Object.entries(all)) {
    for (const x of t.data) {
      if (Number.isNaN(x) || (Number.isFinite(x) && Math.abs(x) > FLOAT32_MAX)) {
        throw new Error(`${label}: intermediate ${name} holds ${x}`);
      }
    }
  }
  for (const o of graph.outputs) {
    const t = evaluate(graph, feeds)[o.name]!;
    if (o.name === 'out') expect(t.data.every(Number.isFinite), `${label} out finite`).toBe(true);
  }
}

function float32Inputs(seed: number, n: number, dk: number, dv: number, magnitude: number) {
  const rng = mulberry32(seed);
  const make = (d: number, scale: number, spike: boolean) => {
    const data = Float32Array.from({ length: 2 * n * d }, () => (2 * rng() - 1) * scale);
    // One huge entry per head stresses the running max and leaves the rest far below it.
    if (spike) data[d + 1] = magnitude;
    return new Tensor('float32', [1, 2, n, d], Float64Array.from(data));
  };
  return { q: make(dk, magnitude, true), k: make(dk, magnitude / 3, true), v: make(dv, 1, false) };
}

describe.each([
  ['lln', llnAttention],
  ['lln-diag', llnDiagAttention],
] as const)('%s stays finite in float32 range for |q|, |k| up to 1e4', (_, mechanism: AnyMechanism) => {
  const n = 9;
  const dk = 3;
  const dv = 2;
  const dims = { batch: 1, heads: 2, seqQ: n, seqK: n, dk, dv };

  for (const magnitude of [1e2, 1e4]) {
    it(`parallel, chunked and recurrent at magnitude ${magnitude}`, async () => {
      const inputs = float32Inputs(7, n, dk, dv, magnitude);
      const scales = naiveScales(inputs.q.data, inputs.k.data);
      for (const causal of [false, true]) {
        checkIntermediates(buildParallelGraph(mechanism, dims, { causal }), inputs, `causal=${causal}`);
      }
      checkIntermediates(buildChunkedGraph(mechanism, dims, { chunkSize: 4 }), inputs, 'chunked');
      const prefixOptions = { chunkSize: 2, scales };
      const prefix = await runChunked(
        backend,
        mechanism,
        { q: sliceSeq(inputs.q, 0, 5), k: sliceSeq(inputs.k, 0, 5), v: sliceSeq(inputs.v, 0, 5) },
        prefixOptions,
      );
      const stepFeeds: Record<string, Tensor> = {
        q: sliceSeq(inputs.q, 5, 6),
        k: sliceSeq(inputs.k, 5, 6),
        v: sliceSeq(inputs.v, 5, 6),
      };
      for (const [name, t] of Object.entries(prefix.state!)) stepFeeds[STATE_IN_PREFIX + name] = t;
      checkIntermediates(buildStepGraph(mechanism, dims, { scales }), stepFeeds, 'step');
      const recurrent = await runRecurrent(backend, mechanism, inputs, { scales });
      expect(recurrent.out.data.every(Number.isFinite)).toBe(true);
    });
  }

  it('a constant q (zero std) gives finite output instead of NaN', () => {
    const inputs = float32Inputs(3, n, dk, dv, 1);
    const q = new Tensor('float32', inputs.q.shape, new Float64Array(inputs.q.size).fill(0.25));
    checkIntermediates(buildParallelGraph(mechanism, dims, { causal: false }), { ...inputs, q }, 'const q');
  });
});
