import { describe, it } from 'vitest';
import { GraphBuilder } from '../../src/index.js';
import { expectGradientsMatchFiniteDifferences, randomTensor, seededRandom } from './finite-differences.js';

// A symbolic scan axis keeps the two log-space scans of the cotangent's signed parts (the concrete
// axis has the linear scan of vjp-log-cum-sum-exp.ts, covered in composites.test.ts).
describe('LogCumSumExp gradient over a symbolic length', () => {
  for (const exclusive of [false, true])
    for (const reverse of [false, true])
      it(`exclusive=${exclusive} reverse=${reverse}, at lengths within one scan block and past it`, () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float32', ['n', 2]);
        const w = b.input('w', 'float32', ['n', 2]);
        const y = b.logCumSumExp(x, 0, { exclusive, reverse });
        // An exclusive scan starts at log(0) = -inf; map it to 0 so the loss stays finite.
        const finite = b.where(b.equal(y, Number.NEGATIVE_INFINITY), 0, y);
        const graph = b.build({ loss: b.reduceSum(b.mul(finite, w), [0, 1]) });
        const random = seededRandom(5);
        for (const n of [3, 37]) {
          const feeds = { x: randomTensor([n, 2], random), w: randomTensor([n, 2], random) };
          expectGradientsMatchFiniteDifferences(graph, { of: 'loss', wrt: ['x'] }, feeds);
        }
      });
});
