// Where a training step's time goes, by phase: the forward pass alone, forward + backward (gradients
// kept on the device, as the step keeps them), and the whole Trainer step (plus clipping and AdamW,
// params and AdamW state resident). Each round runs every phase once, in turn, so load from other
// processes falls on all of them alike; the medians over rounds are printed, wall and process CPU time.
// Usage: train-step-phases.ts <mechanism> [seq] [threads] [rounds]
import '@constant-attention/backend-ort';
import { createBackend, gradientName, type Tensor, Trainer, valueAndGrad } from '@constant-attention/core';
import {
  buildGptLossGraph,
  buildGptTrainingStep,
  copyTaskBatch,
  gptParamSpecs,
  initGptParams,
  SeededRandom,
} from '@constant-attention/model';
import { trainModelConfig } from '../src/suites/train.js';

const [mechanism = 'softmax', seqArg = '512', threadsArg = '2', roundsArg = '5'] = process.argv.slice(2);
const seq = Number(seqArg);
const config = trainModelConfig(mechanism, seq);
const backend = await createBackend({
  backend: 'ort',
  device: 'cpu',
  options: { threads: Number(threadsArg), interOpThreads: 1 },
});
const params = initGptParams(config, 1);
const names = gptParamSpecs(config).map((s) => s.name);
const resident: Record<string, Awaited<ReturnType<typeof backend.upload>>> = {};
for (const name of names) resident[name] = await backend.upload(params[name] as Tensor);

const loss = buildGptLossGraph(config, 1);
const forward = await backend.compile(loss, { name: 'forward' });
const grads = await backend.compile(valueAndGrad(loss, { of: 'loss', wrt: names }), { name: 'grads' });
const t0 = performance.now();
const trainer = await Trainer.create(backend, buildGptTrainingStep(config, 1, { clipNorm: 1 }), params, {
  schedule: () => 1e-3,
});
console.log(`step compile ${(performance.now() - t0).toFixed(0)} ms`);

const random = new SeededRandom(1);
const batch = () => copyTaskBatch({ vocab: 256, seq, batch: 1, lag: 3 }, random);
const phases: Record<string, () => Promise<unknown>> = {
  forward: () => forward.run({ ...batch(), ...resident }),
  'forward+backward': async () => {
    const out = await grads.run({ ...batch(), ...resident }, { keepOnDevice: names.map(gradientName) });
    for (const name of names) (out[gradientName(name)] as { dispose(): void }).dispose();
  },
  'trainer step': () => trainer.step(batch()),
};
const wall: Record<string, number[]> = Object.fromEntries(Object.keys(phases).map((n) => [n, []]));
const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(phases).map((n) => [n, []]));
for (const name of Object.keys(phases)) await phases[name]!();
for (let round = 0; round < Number(roundsArg); round++) {
  for (const [name, run] of Object.entries(phases)) {
    const c = process.cpuUsage();
    const s = performance.now();
    await run();
    wall[name]!.push(performance.now() - s);
    const used = process.cpuUsage(c);
    cpu[name]!.push((used.user + used.system) / 1000);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const name of Object.keys(phases)) {
  console.log(
    `${name.padEnd(18)} wall ${median(wall[name]!).toFixed(0).padStart(5)} ms  cpu ${median(cpu[name]!).toFixed(0).padStart(5)} ms  (wall ${wall[name]!.map((t) => t.toFixed(0)).join(' ')})`,
  );
}
await trainer.dispose();
await backend.dispose();
