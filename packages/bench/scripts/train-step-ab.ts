// Paired comparison of whole Trainer steps between GPT variants, in one process: each round runs one
// step of every variant in turn, so load from other processes falls on all of them alike. Prints the
// median wall and process-CPU time per step of each variant, and its compile time.
// Usage: train-step-ab.ts <mechanism> <seq> <threads> <rounds> '<json GptConfig overrides>' ...
// e.g. train-step-ab.ts softmax 512 2 7 '{"positions":"recurrent"}' '{"positions":"learned"}'
//      train-step-ab.ts softmax 512 2 7 '{}' '{"ort":{"executionMode":"parallel","interOpThreads":2}}'
import '@constant-attention/backend-ort';
import { createBackend, Trainer } from '@constant-attention/core';
import {
  buildGptTrainingStep,
  copyTaskBatch,
  type GptConfig,
  initGptParams,
  SeededRandom,
} from '@constant-attention/model';
import { trainModelConfig } from '../src/suites/train.js';

const [mechanism = 'softmax', seqArg = '512', threadsArg = '2', roundsArg = '5', ...variants] =
  process.argv.slice(2);
const seq = Number(seqArg);
const arms = [];
for (const variant of variants.length > 0 ? variants : ['{}']) {
  // A variant's "ort" key holds ONNX Runtime options for that arm alone (its own backend).
  const { ort, ...overrides } = JSON.parse(variant) as Partial<GptConfig> & { ort?: Record<string, unknown> };
  const backend = await createBackend({
    backend: 'ort',
    device: 'cpu',
    options: { threads: Number(threadsArg), interOpThreads: 1, ...ort },
  });
  const config = { ...trainModelConfig(mechanism, seq), ...overrides } as GptConfig;
  const t0 = performance.now();
  const trainer = await Trainer.create(
    backend,
    buildGptTrainingStep(config, 1, { clipNorm: 1 }),
    initGptParams(config, 1),
    {
      schedule: () => 1e-3,
    },
  );
  arms.push({
    variant,
    backend,
    trainer,
    compileMs: performance.now() - t0,
    wall: [] as number[],
    cpu: [] as number[],
  });
}
const random = new SeededRandom(1);
const batch = () => copyTaskBatch({ vocab: 256, seq, batch: 1, lag: 3 }, random);
for (const arm of arms) await arm.trainer.step(batch());
for (let round = 0; round < Number(roundsArg); round++) {
  for (const arm of round % 2 === 0 ? arms : [...arms].reverse()) {
    const feeds = batch();
    const c = process.cpuUsage();
    const s = performance.now();
    await arm.trainer.step(feeds);
    arm.wall.push(performance.now() - s);
    const used = process.cpuUsage(c);
    arm.cpu.push((used.user + used.system) / 1000);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const arm of arms) {
  console.log(
    `${arm.variant.padEnd(30)} wall ${median(arm.wall).toFixed(0).padStart(5)} ms  cpu ${median(arm.cpu).toFixed(0).padStart(5)} ms  compile ${arm.compileMs.toFixed(0)} ms  (${((seq / median(arm.wall)) * 1000).toFixed(0)} tokens/s)`,
  );
  await arm.trainer.dispose();
  await arm.backend.dispose();
}
