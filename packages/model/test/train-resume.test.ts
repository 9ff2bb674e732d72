import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@constant-attention/backend-ort';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../src/node/checkpoint/load-checkpoint.js';
import { runTraining, type StepRecord, TRAIN_LOG } from '../src/node/train/run-training.js';
import type { TrainSettings } from '../src/node/train/train-settings.js';

const settings: TrainSettings = {
  model: { preset: 'heinsen-lm', config: { vocab: 256, dEmb: 16, layers: 1, heads: 2, dKey: 4, dVal: 4 } },
  tokenizer: { name: 'byte' },
  backend: { backend: 'ort', device: 'cpu' },
  steps: 8,
  batch: 2,
  seq: 16,
  chunkSize: 8,
  lr: 3e-3,
  minLr: 3e-4,
  warmup: 2,
  weightDecay: 0.1,
  clip: 1,
  seed: 5,
  evalEvery: 0,
  evalTokens: 256,
  saveEvery: 3,
};

async function stepLosses(dir: string): Promise<number[]> {
  const lines = (await readFile(join(dir, TRAIN_LOG), 'utf8')).trim().split('\n');
  return lines
    .map((l) => JSON.parse(l))
    .filter((r: StepRecord) => r.kind === 'step')
    .map((r: StepRecord) => r.loss);
}

describe('pnpm train resumes exactly', () => {
  it('an interrupted run, resumed from its checkpoint, follows the uninterrupted run step for step', async () => {
    const root = await mkdtemp(join(tmpdir(), 'train-resume-'));
    const cacheDir = join(root, 'cache');
    const common = { cacheDir, finalEvalTokens: 256 };
    const whole = join(root, 'whole');
    await runTraining(settings, whole, common);
    const interrupted = join(root, 'interrupted');
    const first = await runTraining(settings, interrupted, { ...common, stopAfter: 5 });
    expect(first).toMatchObject({ step: 5, finished: false });
    expect((await loadCheckpoint(interrupted)).config.step).toBe(5);
    const resumed = await runTraining({ ...settings, steps: 0 } as TrainSettings, interrupted, {
      ...common,
      resume: true,
    });
    expect(resumed).toMatchObject({ step: 8, finished: true });

    const [a, b] = [await stepLosses(whole), await stepLosses(interrupted)];
    expect(a).toHaveLength(8);
    expect(b).toHaveLength(8);
    // Same batches, learning rates, params and AdamW moments: float32 runs in the same process agree.
    b.forEach((loss, i) => expect(loss).toBeCloseTo(a[i]!, 5));
    expect(a[7]!).toBeLessThan(a[0]!);
    const [ckA, ckB] = [await loadCheckpoint(whole), await loadCheckpoint(interrupted)];
    const name = 'layers.0.feedforward1.1.weight';
    const [pa, pb] = [ckA.params[name]!.data, ckB.params[name]!.data];
    for (let i = 0; i < pa.length; i++) expect(pb[i]).toBeCloseTo(pa[i]!, 5);
    expect(ckB.config.metrics).toMatchObject({ step: 8 });
  }, 120_000);
});
