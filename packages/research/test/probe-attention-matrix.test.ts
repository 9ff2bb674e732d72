import {
  evaluate,
  GraphBuilder,
  getMechanism,
  llnAttentionMatrix,
  mechanismNames,
  softmaxAttentionMatrix,
  Tensor,
  type Value,
} from '@constant-attention/core';
import { SeededRandom } from '@constant-attention/model';
import { describe, expect, it } from 'vitest';
import { probeAttentionMatrix } from '../src/instruments/probe-attention-matrix.js';

const N = 6;
const D = 4;
const random = new SeededRandom(3);
const draw = () =>
  Tensor.float32(
    Float32Array.from({ length: N * D }, () => random.normal()),
    [1, 1, N, D],
  );
const q = draw();
const k = draw();

function explicit(build: (b: GraphBuilder, q: Value, k: Value) => Value): number[] {
  const b = new GraphBuilder();
  const p = build(b, b.input('q', 'float32', q.shape), b.input('k', 'float32', k.shape));
  return Array.from(evaluate(b.build({ p }), { q, k }).p!.data as ArrayLike<number>, Number);
}

describe('probeAttentionMatrix (V = I through the parallel form)', () => {
  it("equals core's explicit softmax and LLN matrices", () => {
    const softmax = probeAttentionMatrix(getMechanism('softmax'), q, k);
    const want = explicit((b, qv, kv) => softmaxAttentionMatrix(b, qv, kv, { causal: false }));
    softmax.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 6));
    const lln = probeAttentionMatrix(getMechanism('lln'), q, k);
    const wantLln = explicit((b, qv, kv) => llnAttentionMatrix(b, qv, kv, { causal: false, eps: 1e-8 }));
    lln.forEach((x, i) => expect(x).toBeCloseTo(wantLln[i]!, 6));
  });

  it('gives P with out = P V for every probeable mechanism (checked on a random V)', () => {
    const v = Tensor.float32(
      Float32Array.from({ length: N * 3 }, () => random.normal()),
      [1, 1, N, 3],
    );
    for (const name of mechanismNames()) {
      const mechanism = getMechanism(name);
      if (mechanism.logValues) continue;
      const p = probeAttentionMatrix(mechanism, q, k);
      const b = new GraphBuilder();
      const gate = mechanism.usesGate ? { gate: b.input('gate', 'float32', [1, 1, N, 1]) } : {};
      const inputs = {
        q: b.input('q', 'float32', q.shape),
        k: b.input('k', 'float32', k.shape),
        v: b.input('v', 'float32', v.shape),
        ...gate,
      };
      const out = mechanism.parallel(b, inputs, { ...mechanism.defaultOptions, causal: false }).out;
      const feeds = { q, k, v, ...(mechanism.usesGate ? { gate: Tensor.full([1, 1, N, 1], 0) } : {}) };
      const direct = evaluate(b.build({ out }), feeds).out!.data;
      for (let i = 0; i < N; i++)
        for (let c = 0; c < 3; c++) {
          let sum = 0;
          for (let j = 0; j < N; j++) sum += p[i * N + j]! * Number(v.data[j * 3 + c]);
          expect(sum, `${name} (${i}, ${c})`).toBeCloseTo(Number(direct[i * 3 + c]), 5);
        }
    }
  });
});
