import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointFromBytes } from '@constant-attention/model';
import { SHIPPED_CHECKPOINTS } from '@constant-attention/model/node';
import { describe, expect, it } from 'vitest';
import { checkpointInput } from '../src/explorer/checkpoint-input.js';

const dir = SHIPPED_CHECKPOINTS['heinsen-lm'];
const checkpoint = checkpointFromBytes({
  configText: readFileSync(join(dir, 'config.json'), 'utf8'),
  modelBytes: new Uint8Array(readFileSync(join(dir, 'model.safetensors'))),
  source: dir,
});

/**
 * Oracle: heinsen-lm's first layer written out in plain loops, with the position embedding as its
 * recurrence pos[t] = logaddexp(logsigmoid(a[t]) + pos[t-1], b[t]) (the graph uses a closed form).
 */
function firstLayerQk(tokens: readonly number[], head: number): { q: number[][]; k: number[][] } {
  const p = checkpoint.params;
  const {
    dEmb: d,
    heads,
    dKey,
    dVal,
  } = checkpoint.config.model.config as unknown as {
    dEmb: number;
    heads: number;
    dKey: number;
    dVal: number;
  };
  const at = (name: string, i: number) => p[name]!.data[i]!;
  const linear = (name: string, x: number[], out: number) =>
    Array.from({ length: out }, (_, o) => {
      let s = at(`${name}.bias`, o);
      for (let i = 0; i < x.length; i++) s += at(`${name}.weight`, o * x.length + i) * x[i]!;
      return s;
    });
  const logaddexp = (a: number, b: number) => Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
  let pos = new Array<number>(d).fill(0);
  const width = 2 * dKey! + dVal!;
  const q: number[][] = [];
  const k: number[][] = [];
  for (const token of tokens) {
    const e = Array.from({ length: d! }, (_, i) => at('embed.weight', token * d! + i));
    const ab = linear('embed_pos.dense', e, 2 * d!);
    pos = pos.map((prev, i) => logaddexp(-Math.log1p(Math.exp(-ab[i]!)) + prev, ab[d! + i]!));
    const x = e.map((v, i) => v + pos[i]!);
    const mean = x.reduce((a, b) => a + b, 0) / d!;
    const variance = x.reduce((a, v) => a + (v - mean) ** 2, 0) / d!;
    const h = x.map(
      (v, i) =>
        ((v - mean) / Math.sqrt(variance + 1e-5)) * at('layers.0.feedforward1.0.weight', i) +
        at('layers.0.feedforward1.0.bias', i),
    );
    const projected = linear('layers.0.feedforward1.1', h, heads! * width);
    q.push(projected.slice(head * width, head * width + dKey!));
    k.push(projected.slice(head * width + dKey!, head * width + 2 * dKey!));
  }
  return { q, k };
}

describe("the explorer's Q and K from the shipped heinsen-lm", () => {
  it("equal the first layer's, computed in plain loops, for one head of a prompt", () => {
    const prompt = 'We the People';
    const head = 3;
    const input = checkpointInput(checkpoint, prompt, head, true);
    const oracle = firstLayerQk([...new TextEncoder().encode(prompt)], head);
    const n = prompt.length;
    expect(input.q.shape).toEqual([1, 1, n, 32]);
    for (const [got, want] of [
      [input.q, oracle.q],
      [input.k, oracle.k],
    ] as const)
      for (let t = 0; t < n; t++)
        for (let j = 0; j < 32; j++) expect(got.data[t * 32 + j]).toBeCloseTo(want[t]![j]!, 4);
  });

  it('names a head outside the model and a prompt too short', () => {
    expect(() => checkpointInput(checkpoint, 'We the People', 8, true)).toThrow(
      /head must be an integer in \[0, 8\), got 8/,
    );
    expect(() => checkpointInput(checkpoint, 'W', 0, true)).toThrow(/at least 2 tokens/);
  });
});
