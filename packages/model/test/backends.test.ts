import '@constant-attention/backend-ort';
import '@constant-attention/backend-tfjs';
import {
  type Backend,
  type BackendConfig,
  createBackend,
  ReferenceBackend,
  type Tensor,
  Trainer,
} from '@constant-attention/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildGptTrainingStep,
  copyTaskBatch,
  type GptConfig,
  initGptParams,
  SeededRandom,
} from '../src/index.js';

const configs: BackendConfig[] = [
  { backend: 'ort', device: 'cpu' },
  { backend: 'ort', device: 'wasm' },
  { backend: 'tfjs', device: 'cpu' },
  { backend: 'tfjs', device: 'wasm' },
];
// 'no attention' is the gpt preset's attention: false baseline, not a mechanism.
const mechanisms = ['softmax', 'heinsen', 'lln', 'no attention'];
const batch = 2;
const steps = 3;
const lr = 0.01;

function tinyConfig(mechanism: string): GptConfig {
  const shape = { vocab: 8, seq: 8, dModel: 8, heads: 2, layers: 2, initStd: 0.3 };
  return mechanism === 'no attention' ? { ...shape, attention: false } : { ...shape, mechanism };
}

function batches(config: GptConfig): Record<string, Tensor>[] {
  const random = new SeededRandom(5);
  return Array.from({ length: steps }, () =>
    copyTaskBatch({ vocab: config.vocab, seq: config.seq, batch, lag: 2 }, random),
  );
}

interface Run {
  readonly losses: number[];
  readonly params: Record<string, Tensor>;
  readonly grads: Record<string, Tensor>;
}

async function train(backend: Backend, config: GptConfig): Promise<Run> {
  // The step graph also outputs the raw gradients, which the Trainer hands back as host extras.
  const step = buildGptTrainingStep(config, batch, { clipNorm: 1, outputGradients: true });
  const trainer = await Trainer.create(backend, step, initGptParams(config, 3), { schedule: () => lr });
  const losses: number[] = [];
  let grads: Record<string, Tensor> = {};
  for (const feeds of batches(config)) {
    const result = await trainer.step(feeds);
    if (losses.length === 0)
      grads = Object.fromEntries(step.params.map((p) => [p, result.extras[`grad.${p}`]!]));
    losses.push(result.loss);
  }
  const params = await trainer.readParams();
  await trainer.dispose();
  return { losses, params, grads };
}

function relativeError(actual: Record<string, Tensor>, expected: Record<string, Tensor>): number {
  let worst = 0;
  let scale = 0;
  for (const [name, e] of Object.entries(expected)) {
    const a = actual[name]!.data;
    e.data.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(Number(a[i]) - Number(v)));
      scale = Math.max(scale, Math.abs(Number(v)));
    });
  }
  return worst / scale;
}

const references = new Map<string, Promise<Run>>();
function reference(mechanism: string): Promise<Run> {
  let run = references.get(mechanism);
  if (!run) {
    run = train(new ReferenceBackend(), tinyConfig(mechanism));
    references.set(mechanism, run);
  }
  return run;
}

const backends = new Map<string, Promise<Backend>>();
afterAll(async () => {
  for (const b of backends.values()) await (await b).dispose();
});

describe.each(configs)('training step on $backend $device vs the float64 interpreter', (backendConfig) => {
  it.each(mechanisms)(
    '%s: gradients, 3 losses and the trained params agree at float32 tolerance',
    async (mechanism) => {
      const key = `${backendConfig.backend}:${backendConfig.device}`;
      if (!backends.has(key)) backends.set(key, createBackend(backendConfig));
      const backend = await backends.get(key)!;
      const expected = await reference(mechanism);
      const actual = await train(backend, tinyConfig(mechanism));
      const gradError = relativeError(actual.grads, expected.grads);
      const paramError = relativeError(actual.params, expected.params);
      expect(gradError).toBeLessThan(1e-4);
      actual.losses.forEach((loss, i) => expect(loss).toBeCloseTo(expected.losses[i]!, 5));
      expect(paramError).toBeLessThan(1e-4);
    },
  );
});
