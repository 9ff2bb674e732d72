import { describe, expect, it } from 'vitest';
import {
  buildChunkedGraph,
  buildParallelGraph,
  evaluate,
  getMechanism,
  InvalidArgumentError,
  mechanismNames,
  Tensor,
} from '../../src/index.js';

const DIMS = { batch: 1, heads: 2, dk: 3, dv: 2 };
const n = 40;

function feeds(seed: number): Record<string, Tensor> {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  const tensor = (d: number) => Tensor.float64(Array.from({ length: 2 * n * d }, next), [1, 2, n, d]);
  return { q: tensor(DIMS.dk), k: tensor(DIMS.dk), v: tensor(DIMS.dv), gate: tensor(1) };
}

const concats = (graph: ReturnType<typeof buildChunkedGraph>) =>
  graph.nodes.filter((node) => node.op === 'Concat' && node.inputs.length === 3).length;

/**
 * A chunked graph over a concrete length runs in groups of `groupTokens` (rounded up to whole chunks),
 * each continuing from the state the one before left: groups of 16 tokens (two chunks of 8) over 40
 * tokens make three groups, and the result is the parallel form's (float64 interpreter).
 */
describe.each(mechanismNames())('%s chunked in sequence groups', (name) => {
  // Without sequenceGroups the graph is one pass, so this also checks the ungrouped chunked form.
  const mechanism = getMechanism(name);
  const dims = { ...DIMS, seqQ: n, seqK: n };
  const inputs = (x: Record<string, Tensor>) =>
    Object.fromEntries(Object.entries(x).filter(([key]) => key !== 'gate' || mechanism.usesGate));

  it('equals the parallel form', () => {
    const x = inputs(feeds(name.length + 1));
    const grouped = buildChunkedGraph(mechanism, dims, { chunkSize: 8, groupTokens: 13, withState: true });
    const parallel = evaluate(buildParallelGraph(mechanism, dims, { causal: true }), x).out!;
    const out = evaluate(grouped, x).out!;
    const scale = Math.max(...Array.from(parallel.data, Math.abs));
    for (let i = 0; i < parallel.size; i++)
      expect(Math.abs(out.data[i]! - parallel.data[i]!)).toBeLessThan(1e-10 * scale);
  });

  it('groups exactly where the mechanism says its groups continue each other', () => {
    const grouped = buildChunkedGraph(mechanism, dims, { chunkSize: 8, groupTokens: 16 });
    expect(concats(grouped) > 0).toBe(mechanism.sequenceGroups === true);
  });
});

/**
 * ORT runs a graph in depth-first order from its outputs, entering a node's highest-index input first.
 * The groups' outputs must come in reverse order before the concat that joins them, so that it finishes
 * the first group's output before it starts the second group (prefill at n = 65536: lln-diag's peak RSS
 * growth 924 -> 562 MiB, heinsen's 738 -> 474 MiB, bench README).
 */
it.each(mechanismNames().filter((name) => getMechanism(name).sequenceGroups))(
  "%s: the groups' outputs are placed first group last",
  (name) => {
    const dims = { ...DIMS, seqQ: n, seqK: n };
    const graph = buildChunkedGraph(getMechanism(name), dims, {
      chunkSize: 8,
      groupTokens: 16,
      withState: true,
    });
    const join = graph.nodes.find((node) => node.op === 'Concat' && node.inputs.length === 3)!;
    const position = (value: number) => graph.nodes.findIndex((node) => node.output === value);
    const placed = join.inputs.map(position);
    expect(placed.every((index, group) => group === 0 || index < placed[group - 1]!)).toBe(true);
    expect(Math.min(...placed)).toBe(graph.nodes.indexOf(join) - placed.length);
  },
);

it('a groupTokens that is not a positive integer is an InvalidArgumentError', () => {
  const dims = { ...DIMS, seqQ: n, seqK: n };
  for (const bad of [0, -1, 2.5, '16'])
    expect(() =>
      buildChunkedGraph(getMechanism('linear'), dims, { chunkSize: 8, groupTokens: bad as number }),
    ).toThrow(InvalidArgumentError);
});
