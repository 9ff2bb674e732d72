import fc from 'fast-check';
import { describe, it } from 'vitest';
import { type GraphBuilder, Tensor, type Value } from '../../src/index.js';
import { expectGradientsMatchFiniteDifferences } from './finite-differences.js';
import { lossGraph } from './loss-graph.js';

type Binary = (b: GraphBuilder, x: Value, y: Value) => Value;

const OPS: Readonly<Record<string, Binary>> = {
  add: (b, x, y) => b.add(x, y),
  sub: (b, x, y) => b.sub(x, y),
  mul: (b, x, y) => b.mul(x, y),
  // Denominator and base kept in [0.5, 2] by the value mapping below.
  div: (b, x, y) => b.div(x, b.add(b.mul(y, y), 0.5)),
  pow: (b, x, y) => b.pow(b.add(b.mul(x, x), 0.5), y),
  maximum: (b, x, y) => b.maximum(x, y),
  logAddExp: (b, x, y) => b.logAddExp(x, y),
  where: (b, x, y) => b.where(b.greater(x, y), b.exp(x), b.tanh(y)),
};

/** A shape and a second shape that broadcasts with it: each axis kept, set to 1, or dropped from the front. */
const shapePair = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 3 })
  .chain((full) =>
    fc.tuple(
      fc.constant(full),
      fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }),
      fc.integer({ min: 0, max: full.length }),
      fc.boolean(),
    ),
  )
  .map(([full, ones, drop, swap]) => {
    const other = full.map((d, i) => (ones[i] ? 1 : d)).slice(drop);
    return swap ? ([other, full] as const) : ([full, other] as const);
  });

function values(shape: readonly number[], seed: number): Tensor {
  const size = shape.reduce((p, d) => p * d, 1);
  // Distinct, irregular values: no ties for maximum/where, nothing on a kink.
  return Tensor.float64(
    Array.from({ length: size }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 1.3),
    shape,
  );
}

describe('broadcast binary ops: gradients sum back to each operand shape', () => {
  it('match finite differences for random broadcast-compatible shapes', () => {
    fc.assert(
      fc.property(
        shapePair,
        fc.constantFrom(...Object.keys(OPS)),
        fc.integer({ min: 1, max: 1000 }),
        ([sx, sy], op, seed) => {
          const graph = lossGraph({ x: sx, y: sy }, (b, { x, y }) => OPS[op]!(b, x!, y!));
          expectGradientsMatchFiniteDifferences(
            graph,
            { of: 'loss', wrt: ['x', 'y'] },
            { x: values(sx, seed), y: values(sy, seed + 0.5) },
          );
        },
      ),
      { numRuns: 40, seed: 20261122 },
    );
  });
});
