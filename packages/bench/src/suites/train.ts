import { availableParallelism } from 'node:os';
import type { BackendConfig } from '@constant-attention/core';
import { getMechanism } from '@constant-attention/core';
import { type TrainThroughputOptions, trainThroughput } from '@constant-attention/model';
import { formatMs, formatRatio, markdownTable } from '../report/format.js';
import { startProgress } from '../report/progress.js';
import type { TrainSample } from '../schema/bench-results.js';
import type { Suite } from './suite.js';

/**
 * The model the goals are stated for (ORT >= 5x tfjs wasm; ORT >= PyTorch CPU): model/README.md's
 * throughput setup, with GPT-2's learned position table as in the PyTorch anchor
 * (shared/anchors/torch-train-speed.py), so that both sides train the same network. The GPT's default
 * recurrent positions cost about a fifth more per step (bench README).
 */
export const TRAIN_MODEL = {
  layers: 4,
  dModel: 256,
  heads: 4,
  vocab: 256,
  batch: 1,
  positions: 'learned',
} as const;

/** The train suite's GPT for one mechanism and length, as the scripts beside the bench build it too. */
export function trainModelConfig(mechanism: string, seq: number) {
  const { batch: _batch, ...model } = TRAIN_MODEL;
  return { ...model, seq, mechanism };
}

export interface TrainPlan {
  readonly seqs: readonly number[];
  readonly steps: number;
  readonly warmupSteps: number;
}

/**
 * Full: seq 512, 3 timed steps after 1 warm-up (tfjs wasm takes ~45 s a step there on 2 cores).
 * --quick: seq 128 and 1 timed step after 1 warm-up, so six mechanisms on two backends finish in
 * minutes; the ratio is still over the whole step (forward, backward, AdamW) at the full model width.
 */
/**
 * Three untimed steps before the timed ones: after one, ORT's next two steps still ran 1.4-1.6x the
 * steady state (softmax GPT at seq 512, 2 threads: 160 165 then 99-120 ms), which the median of three
 * timed steps then reported.
 */
export function trainPlan(quick: boolean, lengths: readonly number[] | undefined): TrainPlan {
  return {
    seqs: lengths ?? (quick ? [128] : [512]),
    steps: quick ? 1 : 5,
    warmupSteps: quick ? 1 : 3,
  };
}

/**
 * ONNX Runtime's thread pools, set rather than left to its defaults so a run says what it used: one
 * intra-op thread per core (the PyTorch anchor uses torch.set_num_threads with the same count) and one
 * inter-op thread, since the step graph runs sequentially.
 */
export interface TrainThreads {
  readonly intra: number;
  readonly inter: number;
}

export function trainThreads(cores = availableParallelism()): TrainThreads {
  return { intra: Math.max(1, cores), inter: 1 };
}

/** ORT backends get the thread counts; other backends run as configured. */
export function withTrainThreads(config: BackendConfig, threads: TrainThreads): BackendConfig {
  if (config.backend !== 'ort') return config;
  return { ...config, options: { ...config.options, threads: threads.intra, interOpThreads: threads.inter } };
}

type Measure = (config: BackendConfig, options: TrainThroughputOptions) => ReturnType<typeof trainThroughput>;

/** `measure` is injectable so tests can run the suite's bookkeeping on tiny models. */
export function makeTrainSuite(
  measure: Measure,
  model: Partial<TrainThroughputOptions> = TRAIN_MODEL,
  threads: TrainThreads = trainThreads(),
): Suite {
  return async ({ args }) => {
    const plan = trainPlan(args.quick, args.lengths);
    const progress = startProgress(args.backends.length * args.mechanisms.length * plan.seqs.length, 'train');
    const samples: TrainSample[] = [];
    try {
      for (const seq of plan.seqs) {
        for (const name of args.mechanisms) {
          for (const config of args.backends) {
            const options = {
              ...model,
              mechanism: name,
              seq,
              steps: plan.steps,
              warmupSteps: plan.warmupSteps,
            };
            const result = await progress.step(`${config.backend}:${config.device} ${name} seq=${seq}`, () =>
              measure(withTrainThreads(config, threads), options),
            );
            samples.push({
              suite: 'train',
              mechanism: name,
              backend: config.backend,
              device: config.device,
              cost: getMechanism(name).cost,
              layers: options.layers ?? TRAIN_MODEL.layers,
              d_model: options.dModel ?? TRAIN_MODEL.dModel,
              seq,
              batch: options.batch ?? TRAIN_MODEL.batch,
              positions: options.positions ?? 'recurrent',
              ...(config.backend === 'ort' ? { ort_threads: threads } : {}),
              ...result,
            });
          }
        }
      }
    } finally {
      progress.stop();
    }
    const ratios = trainRatios(samples);
    return {
      samples,
      contradictions: [],
      summary: { ort_cpu_over_tfjs_wasm: ratios, goal: 'ort:cpu tokens/s >= 5x tfjs:wasm' },
      markdown: trainTable(samples, ratios),
      plots: {},
    };
  };
}

export const trainSuite: Suite = makeTrainSuite(trainThroughput);

const ORT = 'ort:cpu';
const TFJS = 'tfjs:wasm';

/** `<mechanism> seq=<n>` -> ort:cpu tokens/s over tfjs:wasm tokens/s, where both ran. */
export function trainRatios(samples: readonly TrainSample[]): Record<string, number> {
  const ratios: Record<string, number> = {};
  const find = (m: string, seq: number, where: string) =>
    samples.find((s) => s.mechanism === m && s.seq === seq && `${s.backend}:${s.device}` === where);
  for (const s of samples) {
    const ort = find(s.mechanism, s.seq, ORT);
    const tfjs = find(s.mechanism, s.seq, TFJS);
    if (ort && tfjs) ratios[`${s.mechanism} seq=${s.seq}`] = ort.tokens_per_s / tfjs.tokens_per_s;
  }
  return ratios;
}

function trainTable(samples: readonly TrainSample[], ratios: Readonly<Record<string, number>>): string {
  const backends = [...new Set(samples.map((s) => `${s.backend}:${s.device}`))];
  const keys = [...new Set(samples.map((s) => `${s.mechanism} seq=${s.seq}`))];
  const rows = keys.map((key) => {
    const cells = backends.map((b) => {
      const s = samples.find(
        (x) => `${x.mechanism} seq=${x.seq}` === key && `${x.backend}:${x.device}` === b,
      );
      return s
        ? `${s.tokens_per_s.toPrecision(3)} (${formatMs(s.step_ms)} ms/step, compile ${formatMs(s.compile_ms)} ms)`
        : '-';
    });
    const ratio = ratios[key];
    const verdict =
      ratio === undefined ? '-' : `${formatRatio(ratio)} ${ratio >= 5 ? '(goal met)' : '(below 5x)'}`;
    return [key, ...cells, verdict];
  });
  const first = samples[0];
  const model = first
    ? `${first.layers} layers, d_model ${first.d_model}, ${first.positions ?? 'recurrent'} positions, batch ${first.batch}, median of ${first.steps} timed step(s)`
    : 'no samples';
  const ort = samples.find((s) => s.ort_threads)?.ort_threads;
  const threadLine = ort
    ? `ONNX Runtime threads: intra-op ${ort.intra}, inter-op ${ort.inter}. Compile: building the step graph, lowering, session creation and uploading params.`
    : '';
  return [
    `### training throughput, tokens/s (${model})`,
    '',
    markdownTable(['mechanism', ...backends, `${ORT} / ${TFJS}`], rows),
    '',
    threadLine,
    '',
  ].join('\n');
}
