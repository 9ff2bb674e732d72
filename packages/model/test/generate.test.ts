import '@constant-attention/backend-ort';
import { createBackend, evaluate, InvalidArgumentError, Tensor } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import {
  buildLmPrefillGraph,
  createTokenizer,
  generateText,
  generateTokens,
  gptLm,
  heinsenLm,
  initParams,
  type LanguageModel,
  LmSession,
} from '../src/index.js';

const heinsen = heinsenLm({ vocab: 256, dEmb: 16, layers: 2, heads: 2, dKey: 4, dVal: 4 });
const softmax = gptLm({
  vocab: 256,
  seq: 16,
  dModel: 16,
  heads: 2,
  layers: 2,
  mechanism: 'softmax',
  initStd: 0.3,
});
const noAttention = gptLm({
  vocab: 256,
  seq: 16,
  dModel: 16,
  heads: 2,
  layers: 2,
  attention: false,
  initStd: 0.3,
});
const prompt = [...new TextEncoder().encode('The State of the')];

/** Greedy decoding by re-running the whole model on the growing text in the float64 interpreter. */
function naiveGreedy(model: LanguageModel, params: Record<string, Tensor>, tokens: number[], count: number) {
  const all = [...tokens];
  for (let i = 0; i < count; i++) {
    const graph = buildLmPrefillGraph(model, { batch: 1, seq: all.length });
    const logits = evaluate(graph, { ...params, tokens: Tensor.int32(all, [1, all.length]) }).logits!;
    const row = logits.data.subarray(logits.size - model.vocab);
    let best = 0;
    for (let v = 1; v < model.vocab; v++) if (row[v]! > row[best]!) best = v;
    all.push(best);
  }
  return all.slice(tokens.length);
}

async function collect(session: LmSession, tokens: number[], options: Parameters<typeof generateTokens>[2]) {
  const out: number[] = [];
  for await (const { token } of generateTokens(session, tokens, options)) out.push(token);
  return out;
}

describe('generateTokens on ort cpu', () => {
  it.each([
    ['heinsen-lm', heinsen],
    ['gpt softmax', softmax],
    ['gpt, no attention', noAttention],
  ] as const)(
    '%s: greedy equals re-running the full model (float64 interpreter) on the growing text',
    async (_, model) => {
      const params = initParams(model.paramSpecs(), 3);
      const backend = await createBackend({ backend: 'ort', device: 'cpu' });
      const session = await LmSession.create(backend, model, params, { chunkSize: 4 });
      const generated = await collect(session, prompt, { maxNewTokens: 6, temperature: 0 });
      expect(generated).toEqual(naiveGreedy(model, params, prompt, 6));
      expect(session.position).toBe(prompt.length + 6);
      await session.dispose();
      await backend.dispose();
    },
  );

  it('goes on to 4x the training length with a state that does not grow (heinsen-lm, gpt without attention) and one that does (softmax)', async () => {
    const backend = await createBackend({ backend: 'ort', device: 'cpu' });
    for (const [model, grows] of [
      [heinsen, false],
      [softmax, true],
      [noAttention, false],
    ] as const) {
      const session = await LmSession.create(backend, model, initParams(model.paramSpecs(), 1));
      const sizes: number[] = [];
      for await (const _ of generateTokens(session, prompt, { maxNewTokens: 64, seed: 2 }))
        sizes.push(session.stateBytes);
      expect(sizes).toHaveLength(64);
      expect(session.position).toBe(prompt.length + 64);
      if (grows) expect(sizes[63]! - sizes[0]!).toBe(63 * 2 * 2 * 16 * 4);
      else expect(new Set(sizes).size).toBe(1);
      await session.dispose();
    }
    await backend.dispose();
  });

  it('the same seed gives the same tokens; top-k 1 is greedy; sampling follows temperature', async () => {
    const params = initParams(heinsen.paramSpecs(), 4);
    const backend = await createBackend({ backend: 'ort', device: 'cpu' });
    const run = async (options: Parameters<typeof generateTokens>[2]) => {
      const session = await LmSession.create(backend, heinsen, params);
      const tokens = await collect(session, prompt, options);
      await session.dispose();
      return tokens;
    };
    const a = await run({ maxNewTokens: 12, seed: 9, temperature: 1.5, topP: 0.95 });
    expect(await run({ maxNewTokens: 12, seed: 9, temperature: 1.5, topP: 0.95 })).toEqual(a);
    expect(await run({ maxNewTokens: 12, seed: 10, temperature: 1.5, topP: 0.95 })).not.toEqual(a);
    expect(await run({ maxNewTokens: 8, seed: 3, topK: 1 })).toEqual(
      await run({ maxNewTokens: 8, temperature: 0 }),
    );
    await backend.dispose();
  });

  it('rejects every bad option with a typed error that names it, and stops on an AbortSignal', async () => {
    const backend = await createBackend({ backend: 'ort', device: 'cpu' });
    const session = await LmSession.create(backend, heinsen, initParams(heinsen.paramSpecs(), 1));
    const bad: [object, RegExp][] = [
      [{ maxNewTokens: -1 }, /maxNewTokens/],
      [{ maxNewTokens: 2, temperature: -0.5 }, /temperature/],
      [{ maxNewTokens: 2, topK: 0 }, /topK/],
      [{ maxNewTokens: 2, topP: 0 }, /topP/],
      [{ maxNewTokens: 2, topP: 1.5 }, /topP/],
      [{ maxNewTokens: 2, seed: 1.5 }, /seed/],
    ];
    for (const [options, name] of bad) {
      const attempt = collect(session, prompt, options as Parameters<typeof generateTokens>[2]);
      await expect(attempt).rejects.toThrow(InvalidArgumentError);
      await expect(collect(session, prompt, options as Parameters<typeof generateTokens>[2])).rejects.toThrow(
        name,
      );
    }
    await expect(collect(session, [300], { maxNewTokens: 1 })).rejects.toThrow(/token 300 at index 0/);
    const abort = new AbortController();
    const got: number[] = [];
    for await (const { token } of generateTokens(session, prompt, {
      maxNewTokens: 50,
      signal: abort.signal,
    })) {
      got.push(token);
      if (got.length === 3) abort.abort();
    }
    expect(got).toHaveLength(3);
    await session.dispose();
    await backend.dispose();
  });
});

describe('generateText', () => {
  it('streams text that ends before a stop string, holding back what may begin one', async () => {
    const tokenizer = createTokenizer({ name: 'byte' });
    const params = initParams(heinsen.paramSpecs(), 7);
    const backend = await createBackend({ backend: 'ort', device: 'cpu' });
    const run = async (stop?: string[]) => {
      const session = await LmSession.create(backend, heinsen, params);
      const pieces: string[] = [];
      for await (const piece of generateText(session, tokenizer, 'The Union', {
        maxNewTokens: 40,
        seed: 1,
        ...(stop ? { stop } : {}),
      }))
        pieces.push(piece);
      await session.dispose();
      return pieces;
    };
    const whole = (await run()).join('');
    const stop = whole.slice(10, 13);
    const cut = whole.indexOf(stop);
    const pieces = await run([stop]);
    expect(pieces.join('')).toBe(whole.slice(0, cut));
    await expect(run([''])).rejects.toThrow(/stop/);
    await backend.dispose();
  });
});
