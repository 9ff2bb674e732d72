import {
  createBackend,
  evaluate,
  type Graph,
  GraphBuilder,
  guardedFastPath,
  Tensor,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { LoweredGraph } from '../src/index.js';

/**
 * fast = exp(x + 1) and exact = |x + 1|: a graph that breaks the composite's contract on purpose, so
 * the result shows which path ran. heinsen's chunked form on both sides of its guard is checked on
 * every backend by the conformance suite.
 */
function branchProbe(): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [4]);
  const shared = b.add(x, 1);
  const guard = b.greater(b.reduceSum(x, [0], false), 0);
  return b.build({ out: guardedFastPath(b, guard, b.exp(shared), b.abs(shared)), shared });
}

describe.each(['cpu', 'wasm'])('GuardedFastPath on tfjs %s', (device) => {
  it('runs only the path the guard picks; the interpreter computes exact', async () => {
    const backend = await createBackend({ backend: 'tfjs', device });
    const exe = await backend.compile(branchProbe());
    try {
      for (const data of [
        [0.5, 1, 1.5, 2],
        [-0.5, -1, -1.5, -2],
      ]) {
        const x = Tensor.float32(data, [4]);
        const got = await exe.run({ x });
        const fastTaken = data[0]! > 0;
        data.forEach((v, i) => {
          expect(got.out!.data[i]).toBeCloseTo(fastTaken ? Math.exp(v + 1) : Math.abs(v + 1), 5);
          expect(got.shared!.data[i]).toBeCloseTo(v + 1, 6);
        });
        expect(Array.from(evaluate(branchProbe(), { x }).out!.data)).toEqual(
          data.map((v) => Math.abs(v + 1)),
        );
      }
    } finally {
      await exe.dispose();
      await backend.dispose();
    }
  });
});

describe('GuardedFastPath lowering on tfjs', () => {
  it('keeps the composite only when branching (host devices); otherwise the guard and fast path are not built', () => {
    const ops = (branching: boolean) =>
      new LoweredGraph(branchProbe(), branching).graph.nodes.map((n) => n.op);
    expect(ops(true)).toContain('GuardedFastPath');
    expect(ops(true)).toContain('Exp');
    expect(ops(false)).not.toContain('GuardedFastPath');
    expect(ops(false)).not.toContain('Exp');
    expect(ops(false)).not.toContain('Greater');
    expect(ops(false)).toContain('Abs');
  });
});
