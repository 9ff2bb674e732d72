// Issue 20 (softmax baseline): causal prefill on onnxruntime-node CPU, 2 threads, H = 8, d = 64, one
// process, timed interleaved (round-robin, so a load change hits every arm of a round):
// - softmax parallel as ORT's fused com.microsoft.MultiHeadAttention (backend-ort's default on cpu),
// - softmax parallel as core's generic max-shifted graph (backend option fusedAttention: false),
// - softmax chunked (C = 256, online softmax) and heinsen chunked (C = 256).
// Each arm's first run, untimed, gives its peak RSS growth (Linux VmHWM).
// Usage: fused-softmax-prefill.ts [n] [--arms fused,graph,softmax-chunked,heinsen-chunked] [--rounds R]

import { lowerGraph } from '@constant-attention/backend-ort';
import { type AnyMechanism, createBackend, getMechanism } from '@constant-attention/core';
import { type SequenceForm, sequenceFormGraph } from '../src/measure/form-run.js';
import { pairedRatio, roundTimes } from '../src/measure/paired-ratio.js';
import { percentile } from '../src/measure/percentile.js';
import { runRoundRobin } from '../src/measure/round-robin.js';
import { peakRssDelta } from '../src/measure/rss-sampler.js';
import { attentionInputs } from '../src/workload/attention-inputs.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1]! : fallback;
};
const armNames = option('--arms', 'fused,graph,softmax-chunked,heinsen-chunked').split(',');
const rounds = Number(option('--rounds', '5'));
const n = Number(args[0] ?? 4096);

const fused = await createBackend({ backend: 'ort', device: 'cpu', options: { threads: 2 } });
const graph = await createBackend({
  backend: 'ort',
  device: 'cpu',
  options: { threads: 2, fusedAttention: false },
});
const ARMS: Record<string, { mechanism: AnyMechanism; form: SequenceForm; fusedAttention: boolean }> = {
  fused: { mechanism: getMechanism('softmax'), form: 'parallel', fusedAttention: true },
  graph: { mechanism: getMechanism('softmax'), form: 'parallel', fusedAttention: false },
  'softmax-chunked': { mechanism: getMechanism('softmax'), form: 'chunked', fusedAttention: true },
  'heinsen-chunked': { mechanism: getMechanism('heinsen'), form: 'chunked', fusedAttention: true },
};
const feeds = attentionInputs(n, 3);
const runs: (() => Promise<unknown>)[] = [];
console.log(`ort:cpu, 2 threads, causal prefill, H = 8, d = 64, n = ${n}, interleaved over ${rounds} rounds`);
for (const name of armNames) {
  const arm = ARMS[name];
  if (!arm) throw new Error(`unknown arm '${name}' (arms: ${Object.keys(ARMS).join(', ')})`);
  const source = sequenceFormGraph(arm.mechanism, arm.form, n);
  const ops = lowerGraph(source, { device: 'cpu', fusedAttention: arm.fusedAttention }).graph.nodes;
  const attention = ops.filter((node) => node.opType === 'MultiHeadAttention').length;
  const exe = await (arm.fusedAttention ? fused : graph).compile(source);
  const { peakDeltaBytes } = await peakRssDelta(() => exe.run(feeds));
  console.log(
    `${name}: ${ops.length} ONNX nodes, ${attention} MultiHeadAttention; first run peak RSS growth ${(peakDeltaBytes / 2 ** 20).toFixed(0)} MiB`,
  );
  runs.push(() => exe.run(feeds));
}
if (rounds > 0) {
  const samples = await runRoundRobin(runs, {
    minRounds: rounds,
    minTimeMs: 0,
    warmupRounds: 1,
    warmupMs: 0,
    visitMs: 0,
    maxStepsPerVisit: 1,
    visitWarmupSteps: 0,
  });
  const perArm = samples.steps.map(roundTimes);
  const reference = armNames.indexOf('graph');
  armNames.forEach((name, i) => {
    const sorted = [...perArm[i]!].sort((a, b) => a - b);
    const versus =
      reference >= 0 && reference !== i
        ? `, ${pairedRatio(perArm[i]!, perArm[reference]!).median.toFixed(2)}x the generic graph's time (paired)`
        : '';
    console.log(
      `${name}: median ${percentile(sorted, 0.5).toFixed(0)} ms (min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)})${versus}`,
    );
  });
}
await fused.dispose();
await graph.dispose();
