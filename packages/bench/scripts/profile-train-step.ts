// Where a training step's time goes on onnxruntime-node CPU: the bench's train model (GPT, 4 layers,
// d_model 256, seq 512 by default) lowered to one ONNX session with ORT's profiler on, a few steps run,
// and the node time summed per op type. Feeds are host tensors every step here (the profile is of the
// kernels; the Trainer keeps params resident).
// Usage: profile-train-step.ts <mechanism> [seq] [threads]
import { encodeModel, lowerGraph, summarizeOrtProfile } from '@constant-attention/backend-ort';
import { inputInfo } from '@constant-attention/core';
import { buildGptTrainingStep, copyTaskBatch, initGptParams, SeededRandom } from '@constant-attention/model';
import * as ort from 'onnxruntime-node';
import { trainModelConfig } from '../src/suites/train.js';

const [mechanism = 'softmax', seqArg = '512', threadsArg = '2'] = process.argv.slice(2);
const seq = Number(seqArg);
const config = trainModelConfig(mechanism, seq);
const t0 = performance.now();
const step = buildGptTrainingStep(config, 1, { clipNorm: 1 });
const built = performance.now();
const bytes = encodeModel(lowerGraph(step.graph));
const lowered = performance.now();
const session = await ort.InferenceSession.create(bytes, {
  enableProfiling: true,
  profileFilePrefix: process.env.PROFILE_PREFIX ?? 'ort-train-profile',
  intraOpNumThreads: Number(threadsArg),
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
});
const created = performance.now();
console.log(
  `graph ${(built - t0).toFixed(0)} ms, lower+encode ${(lowered - built).toFixed(0)} ms, session ${(created - lowered).toFixed(0)} ms, ${step.graph.nodes.length} core nodes, ${(bytes.length / 1e6).toFixed(1)} MB`,
);

const params = initGptParams(config, 1);
const feeds: Record<string, ort.Tensor> = {};
const toOrt = (t: { data: ArrayLike<number>; shape: readonly number[]; dtype?: string }) =>
  t.dtype === 'int32'
    ? new ort.Tensor('int32', Int32Array.from(t.data), [...t.shape])
    : new ort.Tensor('float32', Float32Array.from(t.data), [...t.shape]);
for (const [name, t] of Object.entries(params)) feeds[name] = toOrt(t);
for (const input of step.graph.inputs) {
  if (feeds[input.name]) continue;
  if (input.name.startsWith('adamw.')) {
    const shape = inputInfo(step.graph, input.name)!.shape as number[];
    feeds[input.name] = new ort.Tensor('float32', new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
  }
}
feeds.lr = new ort.Tensor('float32', Float32Array.of(1e-3), []);
const random = new SeededRandom(1);
const times: number[] = [];
for (let i = 0; i < 4; i++) {
  const batch = copyTaskBatch({ vocab: 256, seq, batch: 1, lag: 3 }, random);
  for (const [name, t] of Object.entries(batch)) feeds[name] = toOrt(t);
  const s = performance.now();
  await session.run(feeds);
  times.push(performance.now() - s);
}
const prefix = process.env.PROFILE_PREFIX ?? 'ort-train-profile';
session.endProfiling();
const profile = summarizeOrtProfile(prefix);
console.log(`step ms: ${times.map((t) => t.toFixed(0)).join(', ')} (first is warm-up)`);
console.log(`kernel time over ${times.length} runs: ${(profile.totalUs / 1000).toFixed(0)} ms`);
for (const { op, us, count } of profile.byOp.slice(0, 25)) {
  console.log(
    `${op.padEnd(24)} ${(us / 1000 / times.length).toFixed(1).padStart(8)} ms/step ${((100 * us) / profile.totalUs).toFixed(1).padStart(5)}%  ${count / times.length} nodes`,
  );
}
