import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@constant-attention/backend-ort';
import {
  baselineMechanism,
  evaluate,
  InvalidArgumentError,
  MalformedFileError,
  ReferenceBackend,
  Tensor,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import {
  buildGptLogitsGraph,
  checkGptConfig,
  createLanguageModel,
  createTokenizer,
  type GptConfig,
  type GptPositions,
  gptLm,
  heldOutLoss,
  initParams,
} from '../src/index.js';
import { loadCheckpoint } from '../src/node/checkpoint/load-checkpoint.js';
import { loadTokenizedSplit } from '../src/node/corpus/tokenized-split.js';
import { evaluateCheckpoint } from '../src/node/train/evaluate-checkpoint.js';
import { runTraining } from '../src/node/train/run-training.js';

const shape = { vocab: 9, seq: 12, dModel: 8, heads: 2, layers: 2, initStd: 0.4 };
const noAttention = (positions: GptPositions = 'recurrent'): GptConfig => ({
  ...shape,
  positions,
  attention: false,
});
const tokens = [3, 1, 4, 1, 5, 2, 6, 1, 8, 0, 7, 1];

function logits(config: GptConfig, params: Record<string, Tensor>): Tensor {
  const graph = buildGptLogitsGraph(config, 1, tokens.length);
  return evaluate(graph, { ...params, tokens: Tensor.int32(tokens, [1, tokens.length]) }).logits!;
}

const row = (t: Tensor, position: number) =>
  Array.from(t.data.slice(position * shape.vocab, (position + 1) * shape.vocab), Number);

describe('gpt without attention (float64 interpreter)', () => {
  it.each(['recurrent', 'none', 'learned'] as const)(
    'positions %s: equals the attention model whose output projections are zero',
    (positions) => {
      // Oracle: core's full transformer block with attn.wo = 0 adds nothing but the MLP half.
      const mechanism = baselineMechanism()!.name;
      const withAttention: GptConfig = { ...shape, positions, mechanism };
      const params = initParams(
        createLanguageModel({ preset: 'gpt', config: withAttention }).paramSpecs(),
        4,
      );
      for (const [name, t] of Object.entries(params))
        if (name.endsWith('.attn.wo')) params[name] = Tensor.zeros(t.shape as number[]);
      const bare = noAttention(positions);
      const bareNames = createLanguageModel({ preset: 'gpt', config: bare })
        .paramSpecs()
        .map((s) => s.name);
      expect(bareNames.some((n) => n.includes('attn') || n.includes('ln1'))).toBe(false);
      const bareParams = Object.fromEntries(bareNames.map((n) => [n, params[n]!]));
      const expected = logits(withAttention, params).data;
      const actual = logits(bare, bareParams).data;
      expect(actual.length).toBe(tokens.length * shape.vocab);
      for (let i = 0; i < actual.length; i++) expect(actual[i]).toBeCloseTo(Number(expected[i]), 12);
    },
  );

  it('without positions it is a bigram model; recurrent positions carry the earlier tokens', () => {
    const params = (c: GptConfig) => initParams(gptLm(c).paramSpecs(), 6);
    const bigram = logits(noAttention('none'), params(noAttention('none')));
    // Token 1 sits at positions 1, 3, 7 and 11 after different histories.
    for (const p of [3, 7, 11]) expect(row(bigram, p)).toEqual(row(bigram, 1));
    const recurrent = logits(noAttention(), params(noAttention()));
    const gap = Math.max(...row(recurrent, 7).map((v, i) => Math.abs(v - row(recurrent, 1)[i]!)));
    expect(gap).toBeGreaterThan(1e-3);
  });

  it('its decode state is the position state alone: [batch, dModel], the same at every length', () => {
    expect(gptLm(noAttention()).stateSpecs(3)).toEqual([
      { name: 'embed_pos.pos', shape: [3, shape.dModel], initial: 0 },
    ]);
    expect(gptLm(noAttention('none')).stateSpecs(3)).toEqual([]);
  });
});

describe('the attention option is checked', () => {
  it.each([
    [{ ...shape, attention: 'no' }, /attention must be true or false.*"no"/],
    [{ ...shape, attention: 0 }, /attention must be true or false/],
    [{ ...shape, attention: false, mechanism: 'x' }, /mechanism must be absent when attention is false/],
    [{ ...shape, attention: false, mechanismOptions: {} }, /mechanismOptions must be absent/],
    [{ ...shape, attention: true }, /mechanism must be a string/],
  ])('%o is an InvalidArgumentError naming the field', (config, message) => {
    expect(() => checkGptConfig(config as unknown as GptConfig)).toThrow(InvalidArgumentError);
    expect(() => checkGptConfig(config as unknown as GptConfig)).toThrow(message);
  });
});

describe('gpt without attention through training, checkpoint and eval (ORT vs float64)', () => {
  it('trains, records attention: false, loads back, and ORT eval equals the float64 interpreter', async () => {
    const root = await mkdtemp(join(tmpdir(), 'no-attention-'));
    const cacheDir = join(root, 'cache');
    const dir = join(root, 'run');
    const model = {
      preset: 'gpt',
      config: { ...noAttention(), vocab: 256, seq: 16, initStd: 0.02 },
    } as const;
    const result = await runTraining(
      {
        model,
        tokenizer: { name: 'byte' },
        backend: { backend: 'ort', device: 'cpu' },
        steps: 6,
        batch: 2,
        seq: 16,
        lr: 1e-2,
        minLr: 1e-3,
        warmup: 1,
        weightDecay: 0.1,
        clip: 1,
        seed: 2,
        evalEvery: 0,
        evalTokens: 64,
        saveEvery: 6,
      },
      dir,
      { cacheDir, finalEvalTokens: 64 },
    );
    expect(result).toMatchObject({ step: 6, finished: true });
    const configText = await readFile(join(dir, 'config.json'), 'utf8');
    expect(JSON.parse(configText).model.config).toMatchObject({ attention: false });
    expect(JSON.parse(configText).model.config.mechanism).toBeUndefined();
    const { config, params } = await loadCheckpoint(dir);
    expect(Object.keys(params).sort()).toEqual(
      createLanguageModel(config.model)
        .paramSpecs()
        .map((s) => s.name)
        .sort(),
    );

    const scored = await evaluateCheckpoint(dir, { maxTokens: 64, cacheDir });
    const split = await loadTokenizedSplit(createTokenizer({ name: 'byte' }), { cacheDir });
    const oracle = await heldOutLoss(
      new ReferenceBackend(),
      createLanguageModel(config.model),
      params,
      split.heldOut,
      {
        seq: 16,
        maxTokens: 64,
      },
    );
    expect(scored.val_tokens).toBe(oracle.tokens);
    expect(scored.val_loss_nats_per_token).toBeCloseTo(oracle.nats / oracle.tokens, 4);

    // A bad value in config.json is refused by name, as a malformed file.
    const bad = JSON.parse(configText);
    bad.model.config.attention = 'off';
    await writeFile(join(dir, 'config.json'), JSON.stringify(bad));
    await expect(loadCheckpoint(dir)).rejects.toThrow(MalformedFileError);
    await expect(loadCheckpoint(dir)).rejects.toThrow(/model: GptConfig: attention must be true or false/);
  }, 120_000);
});
