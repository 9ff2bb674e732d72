import {
  evaluate,
  GraphBuilder,
  getMechanism,
  InvalidArgumentError,
  mechanismNames,
  Tensor,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import {
  createLanguageModel,
  declareLmParams,
  type GptConfig,
  gptLm,
  type HeinsenLmConfig,
  initParams,
  lmAttentionInputs,
  type ModelSpec,
} from '../src/index.js';

const tokens = [2, 0, 5, 5, 1, 3];

function inputs(model: ModelSpec, params: Record<string, Tensor>) {
  const b = new GraphBuilder();
  const declared = declareLmParams(b, createLanguageModel(model));
  const layers = lmAttentionInputs(b, model, declared, b.input('tokens', 'int32', [1, tokens.length]));
  const outputs = Object.fromEntries(
    layers.flatMap((l, i) => [
      [`q${i}`, l.q],
      [`k${i}`, l.k],
      ...(l.gate ? [[`g${i}`, l.gate]] : []),
      ...(l.logV ? [[`logV${i}`, l.logV]] : []),
    ]),
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

describe('lmAttentionInputs on gpt (float64 interpreter)', () => {
  const shape = { vocab: 7, seq: 8, dModel: 8, heads: 2, layers: 2, initStd: 0.5 };

  it.each(mechanismNames())(
    '%s: layer 0 q, k (and gate) are the LayerNorm-ed embeddings projected, split by head',
    (mechanism) => {
      const config: GptConfig = { ...shape, mechanism, positions: 'none' };
      const params = initParams(gptLm(config).paramSpecs(), 3);
      const { count, out } = inputs({ preset: 'gpt', config }, params);
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
    expect(() =>
      lmAttentionInputs(b, { preset: 'gpt', config }, declared, b.input('tokens', 'int32', [1, 4])),
    ).toThrow(InvalidArgumentError);
  });
});

type Rows = number[][];

/**
 * heinsen-lm's whole pass by hand in float64, from the paper's definitions rather than the model's
 * graphs: the recurrent positions as their recurrence, each head's attention as the quadratic sum
 * o_i = sum_{j <= i} w_ij v_j / sum_j w_ij with w_ij = sum_d exp(q_id + k_jd) and v = exp(log V).
 * Returns every layer's q, k, log V and real-space output o per head ([head][t][d]), and the logits.
 */
function heinsenLmByHand(config: HeinsenLmConfig, params: Record<string, Tensor>) {
  const { dEmb: d, heads, dKey, dVal } = config;
  const data = (name: string) => Array.from(params[name]!.data as ArrayLike<number>, Number);
  const linear = (x: Rows, name: string, bias = true): Rows => {
    const w = data(`${name}.weight`);
    const inp = x[0]!.length;
    const out = w.length / inp;
    const b = bias ? data(`${name}.bias`) : new Array<number>(out).fill(0);
    return x.map((row) =>
      Array.from({ length: out }, (_, o) => row.reduce((s, v, i) => s + v * w[o * inp + i]!, b[o]!)),
    );
  };
  const layerNorm = (x: Rows, name: string): Rows => {
    const [gamma, beta] = [data(`${name}.weight`), data(`${name}.bias`)];
    return x.map((row) => {
      const mean = row.reduce((s, v) => s + v, 0) / row.length;
      const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / row.length;
      return row.map((v, i) => ((v - mean) / Math.sqrt(variance + 1e-5)) * gamma[i]! + beta[i]!);
    });
  };
  const logAddExp = (a: number, b: number) => Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
  const emb = data('embed.weight');
  const embedded = tokens.map((t) => emb.slice(t * d, (t + 1) * d));
  // pos[t] = logaddexp(logsigmoid(a[t]) + pos[t-1], b[t]), pos[-1] = 0.
  let pos = new Array<number>(d).fill(0);
  let x: Rows = linear(embedded, 'embed_pos.dense').map((ab, t) => {
    pos = pos.map((p, i) => logAddExp(-Math.log1p(Math.exp(-ab[i]!)) + p, ab[d + i]!));
    return embedded[t]!.map((v, i) => v + pos[i]!);
  });
  const layers: { q: Rows[]; k: Rows[]; logV: Rows[]; o: Rows[] }[] = [];
  for (let layer = 0; layer < config.layers; layer++) {
    const p = `layers.${layer}`;
    const projected = linear(layerNorm(x, `${p}.feedforward1.0`), `${p}.feedforward1.1`);
    const width = 2 * dKey + dVal;
    const part = (from: number, to: number) =>
      Array.from({ length: heads }, (_, h) =>
        projected.map((r) => r.slice(h * width + from, h * width + to)),
      );
    const [q, k, logV] = [part(0, dKey), part(dKey, 2 * dKey), part(2 * dKey, width)];
    const o = q.map((qh, h) =>
      qh.map((qi, i) => {
        const w = Array.from({ length: i + 1 }, (_, j) =>
          qi.reduce((s, qd, dd) => s + Math.exp(qd + k[h]![j]![dd]!), 0),
        );
        const z = w.reduce((s, v) => s + v, 0);
        return Array.from(
          { length: dVal },
          (_, v) => w.reduce((s, wj, j) => s + wj * Math.exp(logV[h]![j]![v]!), 0) / z,
        );
      }),
    );
    layers.push({ q, k, logV, o });
    const merged = tokens.map((_, t) => o.flatMap((oh) => oh[t]!.map(Math.log)));
    const glu = linear(merged, `${p}.feedforward2.0`);
    const gated = glu.map((r) => r.slice(0, d).map((v, i) => v / (1 + Math.exp(-r[d + i]!))));
    const f = linear(gated, `${p}.feedforward2.2`, false);
    x = x.map((r, t) => r.map((v, i) => v + f[t]![i]!));
  }
  const normed = layerNorm(x, 'lnorm');
  const logits = normed.map((r) =>
    Array.from({ length: config.vocab }, (_, tok) => r.reduce((s, v, i) => s + v * emb[tok * d + i]!, 0)),
  );
  return { layers, logits };
}

describe('lmAttentionInputs on heinsen-lm (float64 interpreter)', () => {
  const config: HeinsenLmConfig = { vocab: 7, dEmb: 6, layers: 2, heads: 2, dKey: 3, dVal: 4 };
  const model: ModelSpec = { preset: 'heinsen-lm', config };
  const params = initParams(createLanguageModel(model).paramSpecs(), 5);
  const hand = heinsenLmByHand(config, params);
  const expectRows = (actual: Tensor, expected: Rows[]) => {
    const size = expected[0]![0]!.length;
    expect(actual.shape).toEqual([1, expected.length, tokens.length, size]);
    expected.forEach((head, h) =>
      head.forEach((row, t) =>
        row.forEach((v, i) =>
          expect(Number(actual.data[(h * tokens.length + t) * size + i])).toBeCloseTo(v, 10),
        ),
      ),
    );
  };

  it("the hand-written pass is the model's pass: the same logits", () => {
    const b = new GraphBuilder();
    const declared = declareLmParams(b, createLanguageModel(model));
    const { logits } = createLanguageModel(model).forward(
      b,
      declared,
      b.input('tokens', 'int32', [1, tokens.length]),
    );
    const out = evaluate(b.build({ logits }), {
      ...params,
      tokens: Tensor.int32(tokens, [1, tokens.length]),
    });
    expect(out.logits!.shape).toEqual([1, tokens.length, config.vocab]);
    hand.logits.flat().forEach((v, i) => expect(Number(out.logits!.data[i])).toBeCloseTo(v, 10));
  });

  it("every layer's q, k and log V per head are the ones its attention read", () => {
    const { count, out } = inputs(model, params);
    expect(count).toBe(config.layers);
    hand.layers.forEach((l, layer) => {
      expectRows(out[`q${layer}`]!, l.q);
      expectRows(out[`k${layer}`]!, l.k);
      expectRows(out[`logV${layer}`]!, l.logV);
    });
  });

  it("core's heinsen mechanism on those q, k and V = exp(log V) gives each layer's attention output", () => {
    const { out } = inputs(model, params);
    const heinsen = getMechanism('heinsen');
    hand.layers.forEach((l, layer) => {
      const b = new GraphBuilder();
      const [q, k, logV] = [out[`q${layer}`]!, out[`k${layer}`]!, out[`logV${layer}`]!];
      const o = heinsen.parallel(
        b,
        {
          q: b.input('q', 'float32', q.shape),
          k: b.input('k', 'float32', k.shape),
          v: b.input('v', 'float32', logV.shape),
        },
        { ...heinsen.defaultOptions, causal: true },
      ).out;
      const v = Tensor.float64(
        Array.from(logV.data as ArrayLike<number>, (x) => Math.exp(Number(x))),
        logV.shape,
      );
      expectRows(evaluate(b.build({ o }), { q, k, v }).o!, l.o);
    });
  });
});
