import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  baselineMechanism,
  evaluate,
  GraphBuilder,
  InvalidArgumentError,
  mechanismNames,
  Tensor,
} from '@constant-attention/core';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  createLanguageModel,
  createTokenizer,
  declareLmParams,
  type GptConfig,
  gptAttentionInputs,
  gptLm,
  initParams,
  type ModelSpec,
} from '@constant-attention/model';
import { loadTokenizedSplit, saveCheckpoint } from '@constant-attention/model/node';
import { describe, expect, it } from 'vitest';
import { trainedInstrumentsSuite } from '../src/instruments/trained-instruments-suite.js';
import type { ResearchRecord } from '../src/records/results-file.js';
import { loadResults } from '../src/records/results-file.js';

const SEQ = 12;
const shape = { vocab: 256, seq: SEQ, dModel: 8, heads: 2, layers: 2, initStd: 0.5 };
const softmax: GptConfig = { ...shape, mechanism: baselineMechanism()!.name };

async function save(lmDir: string, folder: string, model: ModelSpec) {
  const params = initParams(createLanguageModel(model).paramSpecs(), 7);
  await saveCheckpoint(join(lmDir, 'runs', folder), {
    config: {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      model,
      tokenizer: { name: 'byte' },
      trainedSeq: SEQ,
      step: 1,
    },
    params,
  });
  return params;
}

/** Mean causal softmax row entropy over layers and heads, by hand in float64 from the model's q and k. */
async function softmaxEntropyByHand(params: Record<string, Tensor>): Promise<number> {
  const split = await loadTokenizedSplit(createTokenizer({ name: 'byte' }));
  const tokens = Array.from(split.heldOut.subarray(0, SEQ));
  const b = new GraphBuilder();
  const layers = gptAttentionInputs(
    b,
    softmax,
    declareLmParams(b, gptLm(softmax)),
    b.input('tokens', 'int32', [1, SEQ]),
  );
  const out = evaluate(
    b.build(
      Object.fromEntries(
        layers.flatMap((l, i) => [
          [`q${i}`, l.q],
          [`k${i}`, l.k],
        ]),
      ),
    ),
    {
      ...params,
      tokens: Tensor.int32(tokens, [1, SEQ]),
    },
  );
  const d = shape.dModel / shape.heads;
  let total = 0;
  let rows = 0;
  for (let layer = 0; layer < shape.layers; layer++)
    for (let h = 0; h < shape.heads; h++) {
      const at = (name: string, t: number, i: number) =>
        Number(out[`${name}${layer}`]!.data[(h * SEQ + t) * d + i]);
      for (let t = 0; t < SEQ; t++) {
        const scores = Array.from({ length: t + 1 }, (_, j) => {
          let dot = 0;
          for (let i = 0; i < d; i++) dot += at('q', t, i) * at('k', j, i);
          return dot / Math.sqrt(d);
        });
        const max = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - max));
        const z = e.reduce((s, x) => s + x, 0);
        total -= e.reduce((s, x) => s + (x / z) * Math.log(x / z), 0);
        rows += 1;
      }
    }
  return total / rows;
}

describe('instruments on trained lm models (--from-lm)', () => {
  it('reads every run, skips the ones without a matrix, and matches softmax entropy computed by hand', async () => {
    const lmDir = await mkdtemp(join(tmpdir(), 'from-lm-'));
    const softmaxParams = await save(lmDir, 'gpt-softmax', { preset: 'gpt', config: softmax });
    await save(lmDir, 'gpt-no-attention', { preset: 'gpt', config: { ...shape, attention: false } });
    await save(lmDir, 'heinsen-lm', {
      preset: 'heinsen-lm',
      config: { vocab: 256, dEmb: 8, layers: 1, heads: 2, dKey: 4, dVal: 4 },
    });
    const out = join(lmDir, 'instruments');
    const plans: [number, number][] = [];
    await trainedInstrumentsSuite(lmDir, out, true, { onPlan: (total, done) => plans.push([total, done]) });
    const { records } = await loadResults(join(out, 'results.json'), 'instruments-trained', true);
    const byRun = (run: string) => records.find((r) => r.run === run) as ResearchRecord;
    expect(byRun('gpt-no-attention').skipped).toMatch(/no attention/);
    expect(byRun('heinsen-lm').skipped).toMatch(/heinsen-lm/);
    const own = byRun('gpt-softmax');
    expect(own).toMatchObject({ n: SEQ, matrices: 4, signed: false, tv_to_softmax: 0 });
    expect(own.row_entropy as number).toBeCloseTo(await softmaxEntropyByHand(softmaxParams), 6);
    // Every registered mechanism was put on softmax's q and k; softmax against itself is at distance 0.
    const compared = records.filter((r) => r.task === 'instruments-on-softmax-qk');
    expect(compared.map((r) => r.mechanism).sort()).toEqual([...mechanismNames()].sort());
    const self = compared.find((r) => r.mechanism === baselineMechanism()!.name)!;
    expect(self.tv_to_softmax).toBe(0);
    expect(self.row_entropy as number).toBeCloseTo(own.row_entropy as number, 10);
    expect(compared.some((r) => typeof r.tv_to_softmax === 'number' && r.tv_to_softmax > 0.01)).toBe(true);
    // A rerun finds every record and runs nothing.
    await trainedInstrumentsSuite(lmDir, out, true, { onPlan: (total, done) => plans.push([total, done]) });
    expect(plans[1]).toEqual([plans[0]![0], plans[0]![0]]);
    // The random q, k suite's file is another suite: refused, not mixed.
    await expect(loadResults(join(out, 'results.json'), 'instruments', true)).rejects.toThrow(
      InvalidArgumentError,
    );
  }, 120_000);

  it('an lm folder without runs is an InvalidArgumentError naming it', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'from-lm-empty-'));
    await expect(trainedInstrumentsSuite(empty, join(empty, 'out'), true, {})).rejects.toThrow(
      /--from-lm .*no runs\/ folder/,
    );
  });
});
