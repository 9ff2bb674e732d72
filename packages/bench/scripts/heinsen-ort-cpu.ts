// Issue check (backend-ort): causal heinsen chunked on onnxruntime-node CPU with 2 threads against the
// same session's 1024^2 MatMul, timed interleaved (round-robin: a load change hits both arms of a round),
// so the share of MatMul's rate is a paired ratio, median over rounds. Each visit starts with one untimed
// step: the first step after a switch is slow for both arms (see RoundRobinBudget.visitWarmupSteps). The share counts the attention's
// useful FLOPs (src/costs/useful-causal-flops.ts: the causal half of each chunk plus the state read and update,
// whatever the graph does); the graph's own FLOP rate is printed next to it. Per n also the peak RSS
// growth of the first run (Linux VmHWM).
// Usage: heinsen-ort-cpu.ts [n ...] [--chunk C]   (default n = 8192 65536, C = 256)
import { createBackend, GraphBuilder, getMechanism } from '@constant-attention/core';
import '@constant-attention/backend-ort';
import { kernelCost, matmulCost } from '../src/costs/kernel-cost.js';
import { usefulCausalChunkedFlopsPerHead } from '../src/costs/useful-causal-flops.js';
import { sequenceFormGraph } from '../src/measure/form-run.js';
import { pairedRatio, roundTimes } from '../src/measure/paired-ratio.js';
import { percentile } from '../src/measure/percentile.js';
import { runRoundRobin } from '../src/measure/round-robin.js';
import { peakRssDelta } from '../src/measure/rss-sampler.js';
import { BENCH_CHUNK_SIZE, BENCH_DIMS } from '../src/workload/attention-dims.js';
import { attentionInputs } from '../src/workload/attention-inputs.js';
import { randomTensor } from '../src/workload/random-tensor.js';

const args = process.argv.slice(2);
const chunkAt = args.indexOf('--chunk');
const chunkSize = chunkAt >= 0 ? Number(args.splice(chunkAt, 2)[1]) : BENCH_CHUNK_SIZE;
const lengths = args.length > 0 ? args.map(Number) : [8192, 65536];
const mechanism = getMechanism('heinsen');
const backend = await createBackend({ backend: 'ort', device: 'cpu', options: { threads: 2 } });

const mm = new GraphBuilder();
const x = mm.input('x', 'float32', [1024, 1024]);
const y = mm.input('y', 'float32', [1024, 1024]);
const matmul = await backend.compile(mm.build({ out: mm.matmul(x, y) }));
const matmulFeeds = { x: randomTensor([1024, 1024], 1), y: randomTensor([1024, 1024], 2) };
const matmulFlops = matmulCost(1024, 1024, 1024).flops;
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

console.log(
  `ort:cpu, 2 threads, heinsen chunked causal, H = 8, d = 64, C = ${chunkSize}; MatMul 1024^2 interleaved`,
);
for (const n of lengths) {
  const exe = await backend.compile(sequenceFormGraph(mechanism, 'chunked', n, chunkSize));
  const feeds = attentionInputs(n, 3);
  const { peakDeltaBytes } = await peakRssDelta(() => exe.run(feeds));
  const samples = await runRoundRobin([() => exe.run(feeds), () => matmul.run(matmulFeeds)], {
    minRounds: n > 16384 ? 5 : 15,
    minTimeMs: 0,
    warmupRounds: 1,
    warmupMs: 0,
    visitMs: 200,
    maxStepsPerVisit: 16,
    visitWarmupSteps: 1,
  });
  const [kernelRounds, matmulRounds] = samples.steps.map(roundTimes) as [number[], number[]];
  const shape = { ...BENCH_DIMS, n, chunkSize };
  const graphFlops = kernelCost(mechanism, 'chunked', shape).flops;
  const flops = BENCH_DIMS.batch * BENCH_DIMS.heads * usefulCausalChunkedFlopsPerHead(shape);
  // share = (flops / t_kernel) / (matmulFlops / t_matmul) = (flops / matmulFlops) / (t_kernel / t_matmul)
  const timeRatio = pairedRatio(kernelRounds, matmulRounds);
  const share = flops / matmulFlops / timeRatio.median;
  const [tKernel, tMatmul] = [median(kernelRounds), median(matmulRounds)];
  console.log(
    [
      `n=${n}: ${tKernel.toFixed(0)} ms, ${(flops / 1e9).toFixed(2)} useful GFLOP = ${(flops / tKernel / 1e6).toFixed(1)} GFLOP/s (graph: ${(graphFlops / 1e9).toFixed(2)} GFLOP = ${(graphFlops / tKernel / 1e6).toFixed(1)} GFLOP/s)`,
      `MatMul ${tMatmul.toFixed(1)} ms = ${(matmulFlops / tMatmul / 1e6).toFixed(1)} GFLOP/s`,
      `share of MatMul ${(100 * share).toFixed(0)}% (paired over ${timeRatio.rounds} rounds; per-round range ${(100 * (flops / matmulFlops / timeRatio.p90)).toFixed(0)}-${(100 * (flops / matmulFlops / timeRatio.p10)).toFixed(0)}%)`,
      `peak RSS growth ${(peakDeltaBytes / 2 ** 20).toFixed(0)} MiB`,
    ].join(', '),
  );
  await exe.dispose();
}
await matmul.dispose();
await backend.dispose();
