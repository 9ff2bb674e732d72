import {
  buildChunkedGraph,
  buildParallelGraph,
  getMechanism,
  mechanismNames,
} from '@constant-attention/core';
import type { OpCase } from './op-cases.js';
import { randomFloats } from './random.js';

/** Whole mechanism graphs (parallel causal and chunked): the op mix and ranks (up to 6) real models use. */
export const MECHANISM_CASES: readonly OpCase[] = mechanismNames().flatMap((name): OpCase[] => {
  const mechanism = getMechanism(name);
  const dims = { batch: 2, heads: 2, seqQ: 7, seqK: 7, dk: 3, dv: 2 };
  const feeds = (r: () => number) => ({
    q: randomFloats(r, [2, 2, 7, 3], -1, 1),
    k: randomFloats(r, [2, 2, 7, 3], -1, 1),
    v: randomFloats(r, [2, 2, 7, 2], -1, 1),
    ...(mechanism.usesGate ? { gate: randomFloats(r, [2, 2, 7, 1], 0.1, 0.9) } : {}),
  });
  return [
    {
      name: `mechanism ${name} parallel causal`,
      graph: buildParallelGraph(mechanism, dims, { causal: true }),
      feeds,
      rtol: 1e-3,
    },
    {
      name: `mechanism ${name} chunked C=3`,
      graph: buildChunkedGraph(mechanism, dims, { chunkSize: 3 }),
      feeds,
      rtol: 1e-3,
    },
  ];
});
