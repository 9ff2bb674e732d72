// Where one quick-MQAR training step's time goes on onnxruntime-node CPU: the step graph (forward,
// backward, clipping, AdamW) in one ORT session with the profiler on, node time summed per op type.
//   node --conditions=@constant-attention/source --import tsx scripts/mqar-step-profile.ts MECHANISM [THREADS] [SEQ PAIRS]
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeModel, lowerGraph, summarizeOrtProfile } from '@constant-attention/backend-ort';
import { buildTrainingStep, inputInfo, Tensor } from '@constant-attention/core';
import { initParams, LOSS_WEIGHTS, SeededRandom, TARGETS, TOKENS } from '@constant-attention/model';
import * as ort from 'onnxruntime-node';
import { mqarBatch } from '../src/mqar/mqar-batch.js';
import { MQAR_MODEL, mqarInitStd } from '../src/mqar/mqar-plan.js';
import { mqarModel } from '../src/mqar/mqar-run.js';
import { buildRowTaskLossGraph, LOGIT_ROWS } from '../src/train/row-task-graphs.js';

const [mechanism = 'softmax', threads = '1', seqArg = '64', pairsArg = '4'] = process.argv.slice(2);
const seq = Number(seqArg);
const kvPairs = Number(pairsArg);
const shape = { batch: 32, seq, rows: kvPairs };
const model = mqarModel({
  mechanism,
  vocab: 8192,
  seq,
  dModel: 64,
  layers: 2,
  ...MQAR_MODEL,
  initStd: mqarInitStd(64),
});
const specs = model.paramSpecs();
const step = buildTrainingStep(buildRowTaskLossGraph(model, shape), {
  params: specs.map((s) => s.name),
  optimizer: { decay: specs.filter((s) => s.decay).map((s) => s.name), weightDecay: 0.1 },
  clipNorm: 1,
});
const prefix = join(tmpdir(), `mqar-profile-${process.pid}`);
const session = await ort.InferenceSession.create(encodeModel(lowerGraph(step.graph)), {
  enableProfiling: true,
  profileFilePrefix: prefix,
  intraOpNumThreads: Number(threads),
  interOpNumThreads: 1,
});
const toOrt = (t: Tensor) =>
  t.dtype === 'int32'
    ? new ort.Tensor('int32', Int32Array.from(t.data), [...t.shape])
    : new ort.Tensor('float32', Float32Array.from(t.data), [...t.shape]);
const feeds: Record<string, ort.Tensor> = {};
for (const [name, t] of Object.entries(initParams(specs, 1))) feeds[name] = toOrt(t);
for (const input of step.graph.inputs)
  if (!feeds[input.name] && input.name.startsWith('adamw.')) {
    const dims = inputInfo(step.graph, input.name)!.shape as number[];
    feeds[input.name] = toOrt(Tensor.zeros(dims));
  }
feeds.lr = new ort.Tensor('float32', Float32Array.of(1e-3), []);
feeds[LOSS_WEIGHTS] = toOrt(Tensor.full([shape.batch, kvPairs], 1));
const random = new SeededRandom(1);
const times: number[] = [];
const cpuMs: number[] = [];
for (let i = 0; i < 6; i++) {
  const b = mqarBatch({ vocab: 8192, seq, kvPairs, batch: shape.batch }, random);
  feeds[TOKENS] = toOrt(b.tokens);
  feeds[LOGIT_ROWS] = toOrt(b.rows);
  feeds[TARGETS] = toOrt(b.values);
  const s = performance.now();
  const cpu = process.cpuUsage();
  await session.run(feeds);
  times.push(performance.now() - s);
  const used = process.cpuUsage(cpu);
  cpuMs.push((used.user + used.system) / 1000);
}
session.endProfiling();
const profile = summarizeOrtProfile(prefix);
console.log(
  `${step.graph.nodes.length} core nodes; step ms: ${times.map((t) => t.toFixed(0)).join(', ')}; CPU ms: ${cpuMs.map((t) => t.toFixed(0)).join(', ')}`,
);
console.log(`kernel ms/step: ${(profile.totalUs / 1000 / times.length).toFixed(1)}`);
for (const { op, us, count } of profile.byOp.slice(0, 20))
  console.log(
    `${op.padEnd(24)} ${(us / 1000 / times.length).toFixed(1).padStart(8)} ms/step ${((100 * us) / profile.totalUs).toFixed(1).padStart(5)}%  ${count / times.length} nodes`,
  );
for (const { node, us, op, shapes } of profile.byNode.slice(0, Number(process.env.TOP_NODES ?? 0)))
  console.log(
    `${(us / 1000 / times.length).toFixed(2).padStart(7)} ms ${op} ${node.slice(0, 50)} ${shapes?.slice(0, 90)}`,
  );
