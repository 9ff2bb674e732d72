import {
  type AnyMechanism,
  attentionMatrices,
  getMechanism,
  type HostMatrix,
  mechanismNames,
  softmaxAttentionMatrix,
  splitMatrices,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { attentionMatrixOf } from '../src/explorer/attention-matrix-of.js';
import { randomInput } from '../src/explorer/random-input.js';

function maxAbsDiff(a: HostMatrix, b: HostMatrix): number {
  expect([a.rows, a.cols]).toEqual([b.rows, b.cols]);
  return a.data.reduce((m, x, i) => Math.max(m, Math.abs(x - b.data[i]!)), 0);
}

/** The mechanism as registered, minus any attentionMatrix hook, so the generic derivation runs. */
function withoutHook(name: string): AnyMechanism {
  return { ...getMechanism(name), attentionMatrix: undefined };
}

describe("the explorer's attention matrices", () => {
  for (const causal of [true, false]) {
    const input = randomInput(12, 5, 7, causal);
    it(`softmax from its parallel form with V = I equals core's softmax matrix (causal ${causal})`, () => {
      const oracle = splitMatrices(
        attentionMatrices(getMechanism('softmax'), input.q, input.k, { causal }),
      )[0]!;
      expect(maxAbsDiff(attentionMatrixOf(withoutHook('softmax'), input), oracle)).toBeLessThan(1e-12);
    });
    it(`lln and lln-diag from their parallel forms equal core's lln matrices (causal ${causal})`, () => {
      for (const kind of ['lln', 'lln-diag'] as const) {
        const oracle = splitMatrices(attentionMatrices(getMechanism(kind), input.q, input.k, { causal }))[0]!;
        expect(maxAbsDiff(attentionMatrixOf(withoutHook(kind), input), oracle)).toBeLessThan(1e-9);
      }
    });
  }

  it('a log-space mechanism gets log I and its output is exponentiated back', () => {
    const softmax = getMechanism('softmax');
    // softmax rewritten to take log V and return log(P V): the log path must recover the same P.
    const logSoftmax: AnyMechanism = {
      ...softmax,
      attentionMatrix: undefined,
      logValues: true,
      parallel: (b, inputs, options) => ({
        out: b.log(softmax.parallel(b, { ...inputs, v: b.exp(inputs.v) }, options).out),
      }),
    };
    const input = randomInput(9, 4, 3, true);
    const oracle = splitMatrices(
      attentionMatrices(getMechanism('softmax'), input.q, input.k, { causal: true }),
    )[0]!;
    expect(maxAbsDiff(attentionMatrixOf(logSoftmax, input), oracle)).toBeLessThan(1e-12);
  });

  it("uses a mechanism's attentionMatrix hook when it has one", () => {
    const scale = 0.25;
    const hooked: AnyMechanism = {
      ...getMechanism('softmax'),
      attentionMatrix: (b, q, k, options) =>
        softmaxAttentionMatrix(b, q, k, { causal: options.causal, scale }),
    };
    const input = randomInput(8, 4, 5, true);
    const oracle = splitMatrices(
      attentionMatrices(getMechanism('softmax'), input.q, input.k, { causal: true, scale }),
    )[0]!;
    expect(maxAbsDiff(attentionMatrixOf(hooked, input), oracle)).toBeLessThan(1e-12);
  });

  it('every registered mechanism gives an n x n matrix with finite entries on random input', () => {
    const input = randomInput(10, 4, 11, true);
    expect(mechanismNames().length).toBeGreaterThan(0);
    for (const name of mechanismNames()) {
      const m = attentionMatrixOf(getMechanism(name), input);
      expect([m.rows, m.cols]).toEqual([10, 10]);
      expect(m.data.every(Number.isFinite)).toBe(true);
    }
  });
});
