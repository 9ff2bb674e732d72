import { buildChunkedGraph, getMechanism } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { expectMatchesInterpreter, TEST_DEVICES } from './support/backends.js';
import { randomFloat, seededRandom } from './support/random.js';

/**
 * lln and lln-diag chunked graphs over a concrete length run in sequence groups, the first continuing
 * from the empty state that carries the scales measured over the whole sequence (core's
 * test/lln/sequence-groups.test.ts checks the grouped graph against the naive form in float64). Here ORT
 * runs that graph, out and final state, against the float64 interpreter at the float32 tolerance:
 * groups of 36 tokens (30 rounded up to chunks of 12) over 150, so lln-diag's blocks of 8 straddle
 * group boundaries.
 */
const dims = { batch: 1, heads: 2, seqQ: 150, seqK: 150, dk: 8, dv: 4 };

describe.each(TEST_DEVICES)('lln and lln-diag chunked in sequence groups on ORT %s', (device) => {
  it.each(['lln', 'lln-diag'])('%s matches the interpreter', async (name) => {
    const graph = buildChunkedGraph(getMechanism(name), dims, {
      chunkSize: 12,
      groupTokens: 30,
      withState: true,
    });
    expect(graph.nodes.some((node) => node.op === 'Concat' && node.inputs.length === 5)).toBe(true);
    const rand = seededRandom(name.length);
    const shape = (d: number) => [dims.batch, dims.heads, dims.seqQ, d];
    const feeds = {
      q: randomFloat(rand, shape(dims.dk)),
      k: randomFloat(rand, shape(dims.dk)),
      v: randomFloat(rand, shape(dims.dv)),
    };
    await expectMatchesInterpreter(device, graph, feeds);
  });
});
