import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AnyMechanism,
  baselineMechanism,
  getMechanism,
  heinsenLogWeightsMechanism,
  InvalidArgumentError,
  type Tensor,
} from '@constant-attention/core';
import {
  type CheckpointConfig,
  createTokenizer,
  gptHasAttention,
  type ModelSpec,
  parseTokenizerSpec,
} from '@constant-attention/model';
import { CONFIG_FILE, loadCheckpoint, loadTokenizedSplit } from '@constant-attention/model/node';
import { type LmRunConfig, lmRunFolder } from '../lm/lm-plan.js';
import { readResults } from '../records/results-file.js';
import { RESULTS_JSON } from '../records/run-pending.js';
import { type Concentration, concentration, normalizeRows } from './concentration.js';
import { scales } from './instruments-run.js';
import { probeAttentionMatrix } from './probe-attention-matrix.js';
import { type HeadInputs, trainedHeadInputs } from './trained-attention.js';

/**
 * The runs to measure under `lmDir/runs/`, sorted. Where the lm suite wrote `lmDir/results.json`, its
 * finished runs: a run still training also has a checkpoint there (one every few hundred steps) but no
 * record yet, and measuring it would report a half-trained model as the run's, so it is left out until
 * it finishes (a rerun of this suite then adds it). Without that file (a folder of `pnpm train` outputs),
 * every folder that holds a checkpoint.
 */
export async function trainedLmRuns(lmDir: string): Promise<string[]> {
  const runs = join(lmDir, 'runs');
  const hasCheckpoint = async (folder: string) =>
    (await readdir(join(runs, folder)).catch(() => [] as string[])).includes(CONFIG_FILE);
  const finished = await finishedLmRuns(lmDir);
  if (finished) {
    for (const folder of finished)
      if (!(await hasCheckpoint(folder)))
        throw new InvalidArgumentError(
          `--from-lm ${lmDir}: its ${RESULTS_JSON} records ${folder}, but runs/${folder} holds no checkpoint`,
        );
    if (finished.length === 0)
      throw new InvalidArgumentError(`--from-lm ${lmDir}: no lm run has finished there yet`);
    return [...finished].sort();
  }
  let entries: string[];
  try {
    entries = await readdir(runs);
  } catch {
    throw new InvalidArgumentError(
      `--from-lm ${lmDir}: no runs/ folder there (pnpm research lm --out ${lmDir} writes one)`,
    );
  }
  const folders: string[] = [];
  for (const entry of entries.sort()) if (await hasCheckpoint(entry)) folders.push(entry);
  if (folders.length === 0) throw new InvalidArgumentError(`--from-lm ${lmDir}: runs/ holds no checkpoint`);
  return folders;
}

/** The run folders of the lm suite's records in `lmDir/results.json`; undefined where there is none. */
async function finishedLmRuns(lmDir: string): Promise<string[] | undefined> {
  const path = join(lmDir, RESULTS_JSON);
  const results = await readResults(path);
  if (!results) return undefined;
  if (results.suite !== 'lm')
    throw new InvalidArgumentError(`--from-lm ${lmDir}: ${path} holds ${results.suite} results, not lm`);
  return results.records
    .filter((record) => record.task === 'lm')
    .map((record) => lmRunFolder(record as unknown as LmRunConfig));
}

/**
 * The registered mechanism whose weights heinsen-lm's log-space attention computes (core names it next
 * to its log-space API, so no package outside the mechanism's folder spells it).
 */
export const HEINSEN_LM_MECHANISM = heinsenLogWeightsMechanism.name;

interface AttentionModel {
  readonly checkpoint: CheckpointConfig;
  readonly model: ModelSpec;
  readonly params: Readonly<Record<string, Tensor>>;
  readonly mechanism: AnyMechanism;
  readonly mechanismOptions?: Readonly<Record<string, unknown>>;
}

/** A trained model with attention: its mechanism and config, or why it has no matrix to read. */
async function loadAttentionModel(
  lmDir: string,
  folder: string,
): Promise<AttentionModel | { skipped: string }> {
  const { config, params } = await loadCheckpoint(join(lmDir, 'runs', folder));
  const model = config.model;
  if (model.preset === 'heinsen-lm')
    return { checkpoint: config, model, params, mechanism: getMechanism(HEINSEN_LM_MECHANISM) };
  if (!gptHasAttention(model.config)) return { skipped: 'no attention: there is no matrix to read' };
  const { mechanismOptions } = model.config;
  return {
    checkpoint: config,
    model,
    params,
    mechanism: getMechanism(model.config.mechanism),
    ...(mechanismOptions ? { mechanismOptions } : {}),
  };
}

/** The first `count` held-out windows of `n` tokens, tokenized as the model was trained. */
async function heldOutWindows(tokenizer: { readonly name: string }, n: number, count: number) {
  const split = await loadTokenizedSplit(createTokenizer(parseTokenizerSpec(tokenizer)));
  if (split.heldOut.length < n * count)
    throw new InvalidArgumentError(
      `held-out split has ${split.heldOut.length} tokens, fewer than ${n * count}`,
    );
  return Array.from({ length: count }, (_, w) => Array.from(split.heldOut.subarray(w * n, (w + 1) * n)));
}

interface RunHeads {
  readonly heads: HeadInputs[];
  readonly n: number;
  readonly mechanism: AnyMechanism;
  readonly step: number;
  readonly mechanismOptions?: Readonly<Record<string, unknown>>;
}

const headCache = new Map<string, Promise<RunHeads | { skipped: string }>>();

/**
 * Each layer's and head's q and k of one run on held-out text, or why it has none; computed once per
 * suite process (the softmax run's are read by every mechanism's comparison).
 */
function runHeads(lmDir: string, folder: string, windows: number) {
  const key = `${lmDir}\0${folder}\0${windows}`;
  let entry = headCache.get(key);
  if (!entry) {
    entry = (async (): Promise<RunHeads | { skipped: string }> => {
      const loaded = await loadAttentionModel(lmDir, folder);
      if ('skipped' in loaded) return { skipped: loaded.skipped };
      const n = loaded.checkpoint.trainedSeq;
      const tokens = await heldOutWindows(loaded.checkpoint.tokenizer, n, windows);
      return {
        heads: trainedHeadInputs(loaded.model, loaded.params, tokens),
        n,
        mechanism: loaded.mechanism,
        step: loaded.checkpoint.step,
        ...(loaded.mechanismOptions ? { mechanismOptions: loaded.mechanismOptions } : {}),
      };
    })();
    headCache.set(key, entry);
  }
  return entry;
}

/** Means over matrices of every numeric instrument; a signed matrix makes the whole average n/a. */
function average(readings: readonly Concentration[]): Record<string, unknown> {
  if (readings.some((c) => c.signed)) return { signed: true };
  const sums: Record<string, number> = {};
  for (const c of readings)
    for (const [key, value] of Object.entries(c))
      if (typeof value === 'number') sums[key] = (sums[key] ?? 0) + value / readings.length;
  return { signed: false, ...sums };
}

/** The baseline's (softmax's) causal rows on these q and k: every total variation is measured to them. */
function baselineRows(head: HeadInputs, n: number) {
  const baseline = baselineMechanism();
  return baseline
    ? normalizeRows(probeAttentionMatrix(baseline, head.q, head.k, { causal: true }), n)
    : undefined;
}

/**
 * A trained model's own causal attention matrices on held-out text, every layer, head and window:
 * core's instruments averaged over them, and the total variation to softmax's rows on the same q and k.
 * A gpt's matrix is its mechanism's; heinsen-lm's is the `heinsen` mechanism's on its own Q and K.
 */
export async function measureTrainedRun(lmDir: string, folder: string, windows: number) {
  const run = await runHeads(lmDir, folder, windows);
  if ('skipped' in run) return { skipped: run.skipped };
  const { heads, n, mechanism, step } = run;
  const options = run.mechanismOptions ? { mechanismOptions: run.mechanismOptions } : {};
  try {
    const readings = heads.map((h) =>
      concentration(
        probeAttentionMatrix(mechanism, h.q, h.k, {
          causal: true,
          ...options,
          ...(h.gate ? { gate: h.gate } : {}),
        }),
        n,
        baselineRows(h, n),
      ),
    );
    return {
      model_mechanism: mechanism.name,
      step,
      n,
      matrices: heads.length,
      ...average(readings),
    };
  } catch (err) {
    return { error: (err as Error).message.split('\n')[0] };
  }
}

/**
 * One registered mechanism's causal matrices on the trained softmax model's q and k (every layer, head,
 * window) against softmax's own rows there: Nahshan et al.'s claim, on trained rather than random q, k.
 * Gated mechanisms get gate logits 0 (softmax has no gate), as on random q and k.
 */
export async function measureOnSoftmaxQk(
  lmDir: string,
  softmaxFolder: string,
  mechanism: string,
  windows: number,
) {
  const run = await runHeads(lmDir, softmaxFolder, windows);
  if ('skipped' in run) throw new InvalidArgumentError(`${softmaxFolder}: ${run.skipped}`);
  const { heads, n } = run;
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const fitted = heads.map((h) => scales(h.q, h.k));
  const lln = { lln_alpha: mean(fitted.map((s) => s.alpha)), lln_beta: mean(fitted.map((s) => s.beta)) };
  try {
    const m = getMechanism(mechanism);
    const readings = heads.map((h) =>
      concentration(probeAttentionMatrix(m, h.q, h.k, { causal: true }), n, baselineRows(h, n)),
    );
    return { n, matrices: heads.length, ...average(readings), ...lln };
  } catch (err) {
    return { error: (err as Error).message.split('\n')[0], ...lln };
  }
}
