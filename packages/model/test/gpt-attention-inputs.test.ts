import {
  evaluate,
  GraphBuilder,
  getMechanism,
  InvalidArgumentError,
  mechanismNames,
  Tensor,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { declareLmParams, type GptConfig, gptAttentionInputs, gptLm, initParams } from '../src/index.js';

const tokens = [2, 0, 5, 5, 1, 3];

function inputs(config: GptConfig, params: Record<string, Tensor>) {
  const b = new GraphBuilder();
  const declared = declareLmParams(b, gptLm(config));
  const layers = gptAttentionInputs(b, config, declared, b.input('tokens', 'int32', [1, tokens.length]));
  const outputs = Object.fromEntries(
    layers.flatMap((l, i) => [[`q${i}`, l.q], [`k${i}`, l.k], ...(l.gate ? [[`g${i}`, l.gate]] : [])]),
  );
  return {
    count: layers.length,
    out: evaluate(b.build(outputs), { ...params, tokens: Tensor.int32(tokens, [1, tokens.length]) }),
  };
}

/** Layer 0 without positions, by hand in float64: LayerNorm(tok_emb[token]) W, heads as column blocks. */
function layerZero(params: Record<string, Tensor>, weight: string, d: number, heads: number): number[][][] {
  const emb = params.tok_emb!.data;
  const gamma = params['blocks.0.ln1.gamma']!.data;
  const beta = params['blocks.0.ln1.beta']!.data;
  const w = params[weight]!.data;
  const width = params[weight]!.shape[1]!;
  const rows = tokens.map((t) => {
    const x = Array.from({ length: d }, (_, i) => Number(emb[t * d + i]));
    const mean = x.reduce((s, v) => s + v, 0) / d;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / d;
    const normed = x.map(
      (v, i) => ((v - mean) / Math.sqrt(variance + 1e-5)) * Number(gamma[i]) + Number(beta[i]),
    );
    return Array.from({ length: width }, (_, j) =>
      normed.reduce((s, v, i) => s + v * Number(w[i * width + j]), 0),
    );
  });
  const size = width / heads;
  return Array.from({ length: heads }, (_, h) => rows.map((r) => r.slice(h * size, (h + 1) * size)));
}

describe('gptAttentionInputs (float64 interpreter)', () => {
  const shape = { vocab: 7, seq: 8, dModel: 8, heads: 2, layers: 2, initStd: 0.5 };

  it.each(mechanismNames())(
    '%s: layer 0 q, k (and gate) are the LayerNorm-ed embeddings projected, split by head',
    (mechanism) => {
      const config: GptConfig = { ...shape, mechanism, positions: 'none' };
      const params = initParams(gptLm(config).paramSpecs(), 3);
      const { count, out } = inputs(config, params);
      expect(count).toBe(2);
      const check = (name: string, weight: string, heads: number) => {
        const expected = layerZero(params, weight, shape.dModel, heads);
        const actual = out[name]!;
        const size = expected[0]![0]!.length;
        expect(actual.shape).toEqual([1, heads, tokens.length, size]);
        expected.forEach((head, h) =>
          head.forEach((row, t) =>
            row.forEach((v, i) =>
              expect(Number(actual.data[(h * tokens.length + t) * size + i])).toBeCloseTo(v, 10),
            ),
          ),
        );
      };
      check('q0', 'blocks.0.attn.wq', 2);
      check('k0', 'blocks.0.attn.wk', 2);
      if (getMechanism(mechanism).usesGate) check('g0', 'blocks.0.attn.wg', 2);
      // Layer 1 reads the residual stream after layer 0, so it is not layer 0's projection again.
      expect(Array.from(out.q1!.data)).not.toEqual(Array.from(out.q0!.data));
    },
  );

  it('a gpt without attention has none to read: a typed error', () => {
    const config: GptConfig = { ...shape, attention: false };
    const b = new GraphBuilder();
    const declared = declareLmParams(b, gptLm(config));
    expect(() => gptAttentionInputs(b, config, declared, b.input('tokens', 'int32', [1, 4]))).toThrow(
      InvalidArgumentError,
    );
  });
});
