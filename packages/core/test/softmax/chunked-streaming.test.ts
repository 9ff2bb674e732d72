import { describe, expect, it } from 'vitest';
import { buildChunkedGraph, type Graph, getMechanism } from '../../src/index.js';

/** The ids of every node `id` depends on, through any path. */
function ancestors(graph: Graph, id: number): Set<number> {
  const producer = new Map(graph.nodes.map((n) => [n.output, n]));
  const seen = new Set<number>();
  const stack = [id];
  while (stack.length > 0) {
    for (const input of producer.get(stack.pop()!)?.inputs ?? []) {
      if (!seen.has(input)) {
        seen.add(input);
        stack.push(input);
      }
    }
  }
  return seen;
}

describe('softmax chunked streams its score blocks', () => {
  it('every MatMul depends on every MatMul before it, so no runtime order can hold two steps at once', () => {
    const dims = { batch: 1, heads: 2, seqQ: 40, seqK: 40, dk: 4, dv: 4 };
    const graph = buildChunkedGraph(getMechanism('softmax'), dims, { chunkSize: 8 });
    const matmuls = graph.nodes.filter((n) => n.op === 'MatMul').map((n) => n.output);
    // 5 chunks: a diagonal step and 4 off-diagonal ones, each a score MatMul and a weights x values MatMul.
    expect(matmuls).toHaveLength(10);
    matmuls.forEach((id, i) => {
      const before = ancestors(graph, id);
      const independent = matmuls.slice(0, i).filter((earlier) => !before.has(earlier));
      expect(independent).toEqual([]);
    });
  });
});
