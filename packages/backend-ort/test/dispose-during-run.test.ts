import { DisposedError, evaluate, GraphBuilder, Tensor } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { ortBackend, TEST_DEVICES } from './support/backends.js';
import { expectClose } from './support/compare.js';
import { randomFloat, seededRandom } from './support/random.js';

function matmulGraph(n: number) {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [n, n]);
  return b.build({ y: b.matmul(b.matmul(x, x), x) });
}

describe.each(TEST_DEVICES)('dispose() while a run is under way on ort %s', (device) => {
  it('waits for the run, which completes correctly; later runs get DisposedError', async () => {
    const graph = matmulGraph(256);
    const x = randomFloat(seededRandom(3), [256, 256], { scale: 0.1 });
    const feeds = { x: Tensor.float32(Float32Array.from(x.data), [256, 256]) };
    const exe = await (await ortBackend(device)).compile(graph);
    const running = exe.run(feeds);
    const disposing = exe.dispose();
    const [out] = await Promise.all([running, disposing]);
    expectClose(out.y!, evaluate(graph, { x }).y!, { rtol: 1e-4, atol: 1e-4 }, 'y');
    await expect(exe.run(feeds)).rejects.toThrow(DisposedError);
  });
});
