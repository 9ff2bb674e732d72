import type { Executable } from '@constant-attention/core';
import { evaluate, type Graph, GraphBuilder } from '@constant-attention/core';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { ortBackend } from './support/backends.js';
import { expectClose } from './support/compare.js';
import { randomFloat, seededRandom } from './support/random.js';

/**
 * One compiled model must serve every binding of its symbolic dims: shapes resolved at run time
 * through Shape/Concat (Reshape, Expand, Slice), Range (Iota) and masks built from them.
 */
function symbolicGraph(): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', ['batch', 'seq', 4]);
  const positions = b.iota('seq', 'int32');
  const causal = b.lessEqual(positions, b.reshape(positions, ['seq', 1]));
  const scores = b.where(causal, b.matmul(x, b.transposeLast2(x)), Number.NEGATIVE_INFINITY);
  const flat = b.reshape(b.transpose(x, [0, 2, 1]), ['batch', -1, 'seq']);
  return b.build({
    attn: b.softmax(scores, -1),
    rows: b.logSumExp(scores, [-1]),
    mean: b.reduceMean(flat, [2]),
    tiled: b.expand(b.reshape(b.reduceSum(x, [2]), ['batch', 'seq', 1]), ['batch', 'seq', 3]),
    head: b.slice(x, [0, 1], [0, 0], ['batch', 'seq']),
  });
}

describe('symbolic dims on ort cpu (property)', () => {
  const graph = symbolicGraph();
  let exe: Executable | undefined;
  afterAll(async () => exe?.dispose());

  it('matches the interpreter for every (batch, seq) binding with one session', async () => {
    exe = await (await ortBackend('cpu')).compile(graph);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer(),
        async (batch, seq, seed) => {
          const feeds = { x: randomFloat(seededRandom(seed), [batch, seq, 4], { negInf: 0.1 }) };
          const actual = await exe!.run(feeds);
          const expected = evaluate(graph, feeds);
          for (const name of Object.keys(expected))
            expectClose(actual[name]!, expected[name]!, { rtol: 2e-5, atol: 2e-5 }, name);
        },
      ),
      { numRuns: 40 },
    );
  });
});
