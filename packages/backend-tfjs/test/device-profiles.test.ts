import { evaluate, InvalidArgumentError, valueInfo } from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  activateDevice,
  fromTfjs,
  LoweredGraph,
  MissingLoweringRuleError,
  profileFor,
  toTfjs,
} from '../src/index.js';
import { runRule } from '../src/lower/rule-set.js';
import { COMPOSITE_CASES } from './support/composite-cases.js';
import { expectClose, FLOAT32_TOLERANCE } from './support/expect-close.js';
import { HIGH_RANK_CASES } from './support/high-rank-cases.js';
import { MECHANISM_CASES } from './support/mechanism-cases.js';
import { PRIMITIVE_CASES } from './support/op-cases.js';
import { seededRandom } from './support/random.js';

const CASES = [...PRIMITIVE_CASES, ...HIGH_RANK_CASES, ...COMPOSITE_CASES, ...MECHANISM_CASES];

/**
 * Every profile's passes, run on tfjs-cpu: the GPU passes cannot be timed here, but the values they give
 * must be the graph's on any backend, so the float64 interpreter is the oracle for all four. (The GPU
 * kernels themselves are covered by the browser smoke run, test/browser.)
 */
describe.each(['cpu', 'wasm', 'webgl', 'webgpu'])(
  'the %s profile on tfjs-cpu matches the interpreter',
  (name) => {
    beforeAll(async () => {
      await activateDevice('cpu');
    });

    it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_, c, i) => {
      const profile = profileFor(name);
      const feeds = c.feeds(seededRandom(3000 + i));
      const f32 = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, t.toFloat32()]));
      const expected = evaluate(c.graph, f32);
      const lowered = new LoweredGraph(c.graph, profile.branching);
      const actual = tf.tidy(() =>
        lowered.execute(
          c.graph.inputs.map((input) => toTfjs(f32[input.name]!)),
          undefined,
          false,
          profile,
        ),
      );
      try {
        const tol = { ...FLOAT32_TOLERANCE, rtol: c.rtol ?? FLOAT32_TOLERANCE.rtol };
        for (const [k, output] of c.graph.outputs.entries()) {
          const got = await fromTfjs(actual[k]!, valueInfo(c.graph, output.value).dtype);
          expectClose(got, expected[output.name]!, `${name} ${c.name} ${output.name}`, tol);
        }
      } finally {
        tf.dispose(actual);
      }
    });
  },
);

describe('profiles and rules', () => {
  it('host profiles branch on GuardedFastPath, GPU profiles do not', () => {
    expect(profileFor('cpu').branching).toBe(true);
    expect(profileFor('wasm').branching).toBe(true);
    expect(profileFor('webgl').branching).toBe(false);
    expect(profileFor('webgpu').branching).toBe(false);
  });

  it('a backend this package does not drive gets the CPU profile', () => {
    expect(profileFor('tensorflow')).toBe(profileFor('cpu'));
  });

  it('an op without a rule is a MissingLoweringRuleError naming the op and the profile', () => {
    const run = () =>
      runRule(profileFor('webgl'), {
        op: 'Softmax',
        attrs: { axis: -1 },
        inputs: [],
        outShape: [],
        resolve: () => 0,
        lower: () => undefined as never,
      });
    expect(run).toThrow(MissingLoweringRuleError);
    expect(run).toThrow(InvalidArgumentError);
    expect(run).toThrow(/'Softmax'.*'webgl'/);
  });
});
