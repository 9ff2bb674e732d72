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
  type HeinsenLmConfig,
  initParams,
  lmAttentionInputs,
  type ModelSpec,
} from '@constant-attention/model';
import { loadTokenizedSplit, saveCheckpoint } from '@constant-attention/model/node';
import { describe, expect, it } from 'vitest';
import { trainedInstrumentsSuite } from '../src/instruments/trained-instruments-suite.js';
import { type LmRunConfig, lmRunFolder } from '../src/lm/lm-plan.js';
import type { ResearchRecord } from '../src/records/results-file.js';
import { appendRecord, loadResults, recordKey } from '../src/records/results-file.js';

const SEQ = 12;
const shape = { vocab: 256, seq: SEQ, dModel: 8, heads: 2, layers: 2, initStd: 0.5 };
const softmax: GptConfig = { ...shape, mechanism: baselineMechanism()!.name };
const HEINSEN_LM: HeinsenLmConfig = { vocab: 256, dEmb: 8, layers: 1, heads: 2, dKey: 4, dVal: 4 };

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

/** Records a run in the lm suite's results.json as finished, as the lm suite does when a run ends. */
async function finish(lmDir: string, config: Pick<LmRunConfig, 'preset' | 'mechanism' | 'attention'>) {
  const path = join(lmDir, 'results.json');
  const file = await loadResults(path, 'lm', true);
  const key = recordKey({ task: 'lm', seed: 1, ...config });
  await appendRecord(path, file, { task: 'lm', key, seed: 1, wall_s: 1, ...config });
  return lmRunFolder(config as LmRunConfig);
}

/**
 * Each layer's and head's q and k rows ([t][d]) of a model on the first held-out window, rounded to
 * float32 as the suite reads them.
 */
/** One head's q and k rows, [t][d] each. */
type Head = readonly [q: number[][], k: number[][]];

async function headsOf(model: ModelSpec, params: Record<string, Tensor>): Promise<Head[]> {
  const split = await loadTokenizedSplit(createTokenizer({ name: 'byte' }));
  const tokens = Array.from(split.heldOut.subarray(0, SEQ));
  const b = new GraphBuilder();
  const layers = lmAttentionInputs(
    b,
    model,
    declareLmParams(b, createLanguageModel(model)),
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
    { ...params, tokens: Tensor.int32(tokens, [1, SEQ]) },
  );
  const heads: Head[] = [];
  for (let layer = 0; layer < layers.length; layer++) {
    const [, count, , d] = out[`q${layer}`]!.shape as number[];
    for (let h = 0; h < count!; h++) {
      const rows = (name: string) =>
        Array.from({ length: SEQ }, (_, t) =>
          Array.from({ length: d! }, (_, i) =>
            Math.fround(Number(out[`${name}${layer}`]!.data[(h * SEQ + t) * d! + i])),
          ),
        );
      heads.push([rows('q'), rows('k')]);
    }
  }
  return heads;
}

const normalize = (w: number[]) => {
  const z = w.reduce((s, x) => s + x, 0);
  return w.map((x) => x / z);
};
/** Causal softmax rows, by hand: softmax_j(q_i . k_j / sqrt(d)), j <= i. */
const softmaxRows = ([q, k]: Head) =>
  q.map((qi, t) => {
    const scores = k
      .slice(0, t + 1)
      .map((kj) => qi.reduce((s, x, i) => s + x * kj[i]!, 0) / Math.sqrt(qi.length));
    const max = Math.max(...scores);
    return normalize(scores.map((s) => Math.exp(s - max)));
  });
/** heinsen-lm's causal rows from the paper's definition: w_ij = sum_d exp(q_id + k_jd), j <= i. */
const heinsenRows = ([q, k]: Head) =>
  q.map((qi, t) =>
    normalize(k.slice(0, t + 1).map((kj) => qi.reduce((s, x, i) => s + Math.exp(x + kj[i]!), 0))),
  );
const entropy = (row: number[]) => -row.reduce((s, p) => s + (p > 0 ? p * Math.log(p) : 0), 0);
const tv = (a: number[], b: number[]) => 0.5 * a.reduce((s, x, j) => s + Math.abs(x - b[j]!), 0);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('instruments on trained lm models (--from-lm)', () => {
  it('reads every run (heinsen-lm too), skips the one without attention, and matches entropy and TV by hand', async () => {
    const lmDir = await mkdtemp(join(tmpdir(), 'from-lm-'));
    const softmaxParams = await save(lmDir, 'gpt-softmax', { preset: 'gpt', config: softmax });
    await save(lmDir, 'gpt-no-attention', { preset: 'gpt', config: { ...shape, attention: false } });
    const heinsenLm: ModelSpec = { preset: 'heinsen-lm', config: HEINSEN_LM };
    const heinsenParams = await save(lmDir, 'heinsen-lm', heinsenLm);
    await finish(lmDir, { preset: 'gpt', mechanism: softmax.mechanism! });
    await finish(lmDir, { preset: 'gpt', mechanism: null, attention: false });
    await finish(lmDir, { preset: 'heinsen-lm', mechanism: null });
    // A run still training has a checkpoint but no record yet: it is not measured.
    await save(lmDir, 'gpt-lln', { preset: 'gpt', config: { ...shape, mechanism: 'lln' } });
    const out = join(lmDir, 'instruments');
    const plans: [number, number][] = [];
    await trainedInstrumentsSuite(lmDir, out, true, { onPlan: (total, done) => plans.push([total, done]) });
    const { records } = await loadResults(join(out, 'results.json'), 'instruments-trained', true);
    const byRun = (run: string) => records.find((r) => r.run === run) as ResearchRecord;
    expect(records.filter((r) => r.task === 'instruments-trained').map((r) => r.run)).toEqual([
      'gpt-no-attention',
      'gpt-softmax',
      'heinsen-lm',
    ]);
    expect(byRun('gpt-no-attention').skipped).toMatch(/no attention/);
    const own = byRun('gpt-softmax');
    expect(own).toMatchObject({ n: SEQ, matrices: 4, signed: false, tv_to_softmax: 0 });
    const softmaxHeads = await headsOf({ preset: 'gpt', config: softmax }, softmaxParams);
    expect(own.row_entropy as number).toBeCloseTo(mean(softmaxHeads.flatMap(softmaxRows).map(entropy)), 8);
    // heinsen-lm is measured on its own Q and K: the paper's weights, by hand, and their distance to
    // softmax's rows on the same Q and K.
    const heinsen = byRun('heinsen-lm');
    expect(heinsen).toMatchObject({ model_mechanism: 'heinsen', n: SEQ, matrices: 2, signed: false });
    expect(heinsen.skipped).toBeUndefined();
    const heinsenHeads = await headsOf(heinsenLm, heinsenParams);
    const rows = heinsenHeads.map(heinsenRows);
    expect(heinsen.row_entropy as number).toBeCloseTo(mean(rows.flat().map(entropy)), 8);
    const distances = heinsenHeads.flatMap((head, h) =>
      softmaxRows(head).map((row, t) => tv(rows[h]![t]!, row)),
    );
    expect(heinsen.tv_to_softmax as number).toBeCloseTo(mean(distances), 8);
    expect(heinsen.tv_to_softmax as number).toBeGreaterThan(1e-3);
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
    // Once the lm suite records the run in flight, a rerun measures it and only it.
    expect(await finish(lmDir, { preset: 'gpt', mechanism: 'lln' })).toBe('gpt-lln');
    await trainedInstrumentsSuite(lmDir, out, true, { onPlan: (total, done) => plans.push([total, done]) });
    expect(plans[2]).toEqual([plans[0]![0] + 1, plans[0]![0]]);
    // The random q, k suite's file is another suite: refused, not mixed.
    await expect(loadResults(join(out, 'results.json'), 'instruments', true)).rejects.toThrow(
      InvalidArgumentError,
    );
  }, 120_000);

  it('an lm folder without runs, or whose results.json records none finished or a run without a checkpoint, is an InvalidArgumentError naming it', async () => {
    const lmDir = await mkdtemp(join(tmpdir(), 'from-lm-empty-'));
    const run = () => trainedInstrumentsSuite(lmDir, join(lmDir, 'out'), true, {});
    await expect(run()).rejects.toThrow(/--from-lm .*no runs\/ folder/);
    await save(lmDir, 'gpt-softmax', { preset: 'gpt', config: softmax });
    const results = join(lmDir, 'results.json');
    await appendRecord(results, await loadResults(results, 'lm', true), {
      task: 'other',
      key: 'x',
      seed: 1,
      wall_s: 1,
    });
    await expect(run()).rejects.toThrow(/no lm run has finished there yet/);
    await finish(lmDir, { preset: 'gpt', mechanism: 'lln' });
    await expect(run()).rejects.toThrow(/records gpt-lln, but runs\/gpt-lln holds no checkpoint/);
  });

  it('without the lm suite results.json (a folder of pnpm train outputs) it reads every checkpoint', async () => {
    const lmDir = await mkdtemp(join(tmpdir(), 'from-lm-train-'));
    await save(lmDir, 'gpt-softmax', { preset: 'gpt', config: softmax });
    await save(lmDir, 'gpt-lln', { preset: 'gpt', config: { ...shape, mechanism: 'lln' } });
    const out = join(lmDir, 'instruments');
    await trainedInstrumentsSuite(lmDir, out, true, {});
    const { records } = await loadResults(join(out, 'results.json'), 'instruments-trained', true);
    expect(records.filter((r) => r.task === 'instruments-trained').map((r) => r.run)).toEqual([
      'gpt-lln',
      'gpt-softmax',
    ]);
  }, 120_000);
});
