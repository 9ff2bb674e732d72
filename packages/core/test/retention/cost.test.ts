import { describe, expect, it } from 'vitest';
import {
  buildChunkedGraph,
  buildParallelGraph,
  buildStepGraph,
  type Graph,
  retentionAttention,
} from '../../src/index.js';

const FREE = new Set(['Reshape', 'Transpose', 'Slice', 'Pad', 'Concat', 'Expand']);
const ELEMENTWISE = new Set(['Add', 'Sub', 'Mul', 'Div', 'Exp', 'Where', 'Maximum', 'Abs', 'Pow']);

/**
 * FLOPs a graph computes on values that depend on its inputs, read off its nodes: a MatMul of
 * [.., M, K] x [.., K, N] costs 2 M K N per batch entry, an elementwise op 1 per output entry; masks
 * built from positions alone (no input reaches them) cost nothing per batch and head.
 */
function graphFlops(graph: Graph): number {
  const dependent = new Set(graph.inputs.map((i) => i.value));
  const size = (id: number) => (graph.values[id]!.shape as number[]).reduce((a, b) => a * b, 1);
  let flops = 0;
  for (const node of graph.nodes) {
    if (!node.inputs.some((i) => dependent.has(i))) continue;
    dependent.add(node.output);
    if (FREE.has(node.op)) continue;
    if (node.op === 'MatMul') {
      const a = graph.values[node.inputs[0]!]!.shape as number[];
      flops += 2 * size(node.output) * a[a.length - 1]!;
    } else if (ELEMENTWISE.has(node.op)) {
      flops += size(node.output);
    } else {
      throw new Error(`graphFlops: no count for ${node.op}`);
    }
  }
  return flops;
}

const flops = retentionAttention.cost.flopsPerHead!;
const one = { batch: 1, heads: 1 };

describe('retention cost.ts counts what its graphs compute (batch = heads = 1)', () => {
  // The O(n d) elementwise terms cost.ts leaves out, named per form as the graphs compute them.
  it.each([
    [1, 1, 1],
    [7, 3, 2],
    [16, 4, 4],
  ])('parallel, n = %i, dk = %i, dv = %i', (n, dk, dv) => {
    const graph = buildParallelGraph(
      retentionAttention,
      { ...one, seqQ: n, seqK: n, dk, dv },
      { causal: true },
    );
    const scaleQ = n * dk;
    expect(flops('parallel', { n, dk, dv, chunkSize: 1 })).toBe(graphFlops(graph) - scaleQ);
  });

  it.each([
    [5, 2, 3, 2],
    [9, 4, 2, 3],
    [16, 16, 4, 4],
    [3, 8, 2, 2],
    [33, 4, 3, 5],
    [12, 1, 2, 2],
  ])('chunked, n = %i, C = %i, dk = %i, dv = %i', (n, C, dk, dv) => {
    const graph = buildChunkedGraph(
      retentionAttention,
      { ...one, seqQ: n, seqK: n, dk, dv },
      { chunkSize: C },
    );
    const padded = Math.ceil(n / C) * C;
    // q * scale, K weighted to the chunk end, the read of the previous state weighted, intra + cross.
    const leftOut = n * dk + padded * dk + padded * dv + padded * dv;
    expect(flops('chunked', { n, dk, dv, chunkSize: C })).toBe(graphFlops(graph) - leftOut);
  });

  it('recurrent: 6 dk dv per step whatever the context length', () => {
    const graph = buildStepGraph(retentionAttention, { ...one, dk: 3, dv: 4 });
    expect(flops('recurrent', { n: 100, dk: 3, dv: 4, chunkSize: 1 })).toBe(graphFlops(graph) - 3);
    expect(flops('recurrent', { n: 1, dk: 3, dv: 4, chunkSize: 1 })).toBe(6 * 3 * 4);
  });
});
