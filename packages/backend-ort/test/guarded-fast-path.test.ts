import { evaluate, type Graph, GraphBuilder, guardedFastPath, Tensor } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { lowerGraph } from '../src/index.js';
import type { OnnxGraph } from '../src/onnx/onnx-types.js';
import { ortBackend, TEST_DEVICES } from './support/backends.js';
import { expectClose } from './support/compare.js';

/**
 * fast = exp(x + 1) and exact = |x + 1|: a graph that breaks the composite's contract on purpose, so
 * the result shows which branch ran. x + 1 is also an output, so it must stay outside both branches.
 */
function branchProbe(): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [4]);
  const shared = b.add(x, 1);
  const guard = b.greater(b.reduceSum(x, [0], false), 0);
  return b.build({ out: guardedFastPath(b, guard, b.exp(shared), b.abs(shared)), shared });
}

const ops = (graph: OnnxGraph) => graph.nodes.map((n) => n.opType);
const branch = (graph: OnnxGraph, name: 'then_branch' | 'else_branch'): OnnxGraph => {
  const node = graph.nodes.find((n) => n.opType === 'If')!;
  const attr = node.attributes[name]!;
  if (attr.kind !== 'graph') throw new Error(`${name} is not a graph`);
  return attr.value;
};

// heinsen's chunked form on both sides of its guard is checked on every backend by the conformance suite.
describe('GuardedFastPath lowering', () => {
  it('is an If with the fast-only nodes in then_branch and the exact-only ones in else_branch', () => {
    const { graph } = lowerGraph(branchProbe());
    expect(ops(graph)).toContain('If');
    expect(ops(graph)).toContain('Add');
    expect(ops(graph)).not.toContain('Exp');
    expect(ops(graph)).not.toContain('Abs');
    expect(ops(branch(graph, 'then_branch'))).toEqual(['Exp']);
    expect(ops(branch(graph, 'else_branch'))).toEqual(['Abs']);
  });

  it('on WebGPU (no If kernel on the GPU) is the exact path alone', () => {
    const { graph } = lowerGraph(branchProbe(), { webgpu: true });
    expect(ops(graph)).not.toContain('If');
    expect(ops(graph)).not.toContain('Exp');
    expect(ops(graph)).toContain('Abs');
  });

  it.each(TEST_DEVICES)(
    'runs the branch the guard picks on ort %s; the interpreter computes exact',
    async (device) => {
      const exe = await (await ortBackend(device)).compile(branchProbe());
      try {
        for (const data of [
          [0.5, 1, 1.5, 2],
          [-0.5, -1, -1.5, -2],
        ]) {
          const x = Tensor.float32(data, [4]);
          const fastTaken = data[0]! > 0;
          const got = await exe.run({ x });
          const want = data.map((v) => (fastTaken ? Math.exp(v + 1) : Math.abs(v + 1)));
          expectClose(got.out!, Tensor.float32(want, [4]), undefined, `${device} out`);
          expectClose(
            got.shared!,
            Tensor.float32(
              data.map((v) => v + 1),
              [4],
            ),
            undefined,
            `${device} shared`,
          );
          const oracle = evaluate(branchProbe(), { x });
          expect(Array.from(oracle.out!.data)).toEqual(data.map((v) => Math.abs(v + 1)));
        }
      } finally {
        await exe.dispose();
      }
    },
  );

  it.each(TEST_DEVICES)(
    'nests: a guard inside the exact path becomes an If inside else_branch (ort %s)',
    async (device) => {
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', [2]);
      const sum = b.reduceSum(x, [0], false);
      const inner = guardedFastPath(b, b.less(sum, -10), b.neg(x), b.abs(x));
      const graph = b.build({ out: guardedFastPath(b, b.greater(sum, 0), b.exp(x), inner) });
      const elseBranch = branch(lowerGraph(graph).graph, 'else_branch');
      expect(ops(elseBranch)).toContain('If');
      const exe = await (await ortBackend(device)).compile(graph);
      try {
        const cases: [number[], (v: number) => number][] = [
          [[1, 2], Math.exp],
          [[-1, -2], Math.abs],
          [[-6, -7], (v) => -v],
        ];
        for (const [data, want] of cases) {
          const got = await exe.run({ x: Tensor.float32(data, [2]) });
          expectClose(got.out!, Tensor.float32(data.map(want), [2]), undefined, `${device} ${data}`);
        }
      } finally {
        await exe.dispose();
      }
    },
  );
});
