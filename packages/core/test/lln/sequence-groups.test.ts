import { describe, expect, it } from 'vitest';
import {
  type AnyMechanism,
  buildChunkedGraph,
  evaluate,
  type Graph,
  GraphBuilder,
  llnAttention,
  llnDiagAttention,
  ReferenceBackend,
  runChunked,
  Tensor,
} from '../../src/index.js';
import { STREAMING_SCALES } from '../../src/mechanisms/lln/streaming-scales.js';
import { mulberry32 } from '../support/mulberry32.js';
import { sliceSeq } from '../support/slice-seq.js';
import { expectAllClose, gaussianTensor } from './fixtures.js';

/**
 * lln and lln-diag run long concrete lengths in sequence groups (`sequenceGroups`): alpha and beta are
 * moment-matched once over the whole sequence and reach every group through the states, the first
 * group continuing from `sequenceGroupStart`'s empty state. The grouped chunked graph is checked on
 * the float64 reference interpreter against the mechanism's naive form, the quadratic definition that
 * shares no code with the chunked form or the groups.
 *
 * Tolerance: 1e-10 relative (to max(1, |expected|)). Both sides are float64 and differ only in summation
 * order (at most 1e-15 observed, outputs and states); groups that measured their own scales are off by
 * 0.4 on these inputs (the control below, asserted > 1e-3), so the tolerance tells the two far apart.
 */
const REL = 1e-10;
const DIMS = { batch: 2, heads: 2, dk: 4, dv: 3 };
const n = 45;
const dims = { ...DIMS, seqQ: n, seqK: n };

/** Gaussian q and k whose spread grows along the sequence, so every group has its own std. */
function inputs(seed: number, length = n): { q: Tensor; k: Tensor; v: Tensor } {
  const rng = mulberry32(seed);
  const growing = (t: Tensor) => {
    const data = Float64Array.from(t.data);
    const [, , len, d] = t.shape as [number, number, number, number];
    for (let i = 0; i < data.length; i++) data[i]! *= 1 + (2 * (Math.floor(i / d) % len)) / len;
    return Tensor.float64(data, t.shape);
  };
  return {
    q: growing(gaussianTensor(rng, [DIMS.batch, DIMS.heads, length, DIMS.dk])),
    k: growing(gaussianTensor(rng, [DIMS.batch, DIMS.heads, length, DIMS.dk])),
    v: gaussianTensor(rng, [DIMS.batch, DIMS.heads, length, DIMS.dv]),
  };
}

function naive(mechanism: AnyMechanism, x: { q: Tensor; k: Tensor; v: Tensor }, options: object): Tensor {
  const b = new GraphBuilder();
  const declare = (name: string, t: Tensor) => b.input(name, 'float32', t.shape);
  const out = mechanism.naive!(
    b,
    { q: declare('q', x.q), k: declare('k', x.k), v: declare('v', x.v) },
    { ...mechanism.defaultOptions, ...options, causal: true },
  );
  return evaluate(b.build({ out }), x).out!;
}

/** The groups' outputs meet in one Concat with an input per group. */
const groupCount = (graph: Graph) =>
  Math.max(1, ...graph.nodes.filter((node) => node.op === 'Concat').map((node) => node.inputs.length));

// Groups of 8 tokens start at block boundaries of lln-diag (blocks of d_k = 4 tokens); groups of 9
// (7 rounded up to whole chunks of 3) and of 5 start inside a block, which the block state continues.
const GROUPINGS = [
  { chunkSize: 4, groupTokens: 8, groups: 6 },
  { chunkSize: 3, groupTokens: 7, groups: 5 },
  { chunkSize: 5, groupTokens: 5, groups: 9 },
];

describe.each([
  ['lln', llnAttention],
  ['lln-diag', llnDiagAttention],
] as const)('%s causal chunked graph in sequence groups (float64)', (_, mechanism) => {
  it.each(GROUPINGS)(
    'groups of $groupTokens tokens (chunks of $chunkSize) == naive, default scales',
    ({ chunkSize, groupTokens, groups }) => {
      const x = inputs(11);
      const graph = buildChunkedGraph(mechanism, dims, { chunkSize, groupTokens });
      expect(groupCount(graph)).toBe(groups);
      expectAllClose(evaluate(graph, x).out!.data, naive(mechanism, x, {}).data, REL, 'grouped vs naive');
    },
  );

  it('with frozen scales too', () => {
    const x = inputs(12);
    const options = { scales: STREAMING_SCALES };
    const graph = buildChunkedGraph(mechanism, dims, { chunkSize: 3, groupTokens: 7, ...options });
    expect(groupCount(graph)).toBe(5);
    expectAllClose(evaluate(graph, x).out!.data, naive(mechanism, x, options).data, REL, 'frozen scales');
  });

  it('returns the one-pass state (scales measured over every token)', () => {
    const x = inputs(13);
    const grouped = evaluate(
      buildChunkedGraph(mechanism, dims, { chunkSize: 3, groupTokens: 7, withState: true }),
      x,
    );
    const onePass = evaluate(
      buildChunkedGraph(mechanism, dims, { chunkSize: 3, groupTokens: n, withState: true }),
      x,
    );
    const stateNames = Object.keys(onePass).filter((name) => name.startsWith('present.'));
    expect(stateNames.length).toBeGreaterThanOrEqual(5);
    for (const name of stateNames) expectAllClose(grouped[name]!.data, onePass[name]!.data, REL, name);
  });

  it('continues from a given state in groups as in one pass', async () => {
    const x = inputs(14);
    const split = 10;
    const part = (from: number, to: number) => ({
      q: sliceSeq(x.q, from, to),
      k: sliceSeq(x.k, from, to),
      v: sliceSeq(x.v, from, to),
    });
    const prefix = await runChunked(new ReferenceBackend(), mechanism, part(0, split), { chunkSize: 3 });
    const rest = part(split, n);
    const feeds = {
      ...rest,
      ...Object.fromEntries(Object.entries(prefix.state!).map(([k, t]) => [`past.${k}`, t])),
    };
    const restDims = { ...DIMS, seqQ: n - split, seqK: n - split };
    const build = (groupTokens: number) =>
      buildChunkedGraph(mechanism, restDims, { chunkSize: 3, groupTokens, fromState: true });
    expect(groupCount(build(7))).toBe(4);
    expectAllClose(
      evaluate(build(7), feeds).out!.data,
      evaluate(build(n), feeds).out!.data,
      REL,
      'from a state',
    );
  });

  it('a symbolic length runs in one pass and still equals naive', () => {
    const x = inputs(15);
    const graph = buildChunkedGraph(
      mechanism,
      { ...DIMS, seqQ: 'seq', seqK: 'seq' },
      { chunkSize: 3, groupTokens: 7 },
    );
    expect(groupCount(graph)).toBe(1);
    expectAllClose(evaluate(graph, x).out!.data, naive(mechanism, x, {}).data, REL, 'symbolic length');
  });

  it('control: groups that measured their own scales would not match', () => {
    const x = inputs(11);
    const perGroup: AnyMechanism = { ...mechanism, sequenceGroupStart: undefined };
    const out = evaluate(buildChunkedGraph(perGroup, dims, { chunkSize: 4, groupTokens: 8 }), x).out!.data;
    const want = naive(mechanism, x, {}).data;
    const worst = Math.max(...Array.from(want, (e, i) => Math.abs(out[i]! - e) / Math.max(1, Math.abs(e))));
    expect(worst).toBeGreaterThan(1e-3);
  });
});
