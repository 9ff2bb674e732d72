// Issue check (backend-ort): causal heinsen chunked on onnxruntime-node CPU with 2 threads, side by side
// with the same session's 1024^2 MatMul. Per n: time, GFLOP/s on the graph's FLOPs (src/costs/: the
// causal half of each chunk plus the prefix terms), share of MatMul's rate, and peak RSS growth of the
// first run. Usage: heinsen-ort-cpu.ts [n ...] [--chunk C]   (default n = 8192 65536, C = 256)
import { createBackend, getMechanism } from '@constant-attention/core';
import '@constant-attention/backend-ort';
import { kernelCost, matmulCost } from '../src/costs/kernel-cost.js';
import { measureSequenceForm } from '../src/measure/form-run.js';
import { measureMatmul } from '../src/measure/matmul-throughput.js';
import { BENCH_CHUNK_SIZE, BENCH_DIMS } from '../src/workload/attention-dims.js';

const args = process.argv.slice(2);
const chunkAt = args.indexOf('--chunk');
const chunkSize = chunkAt >= 0 ? Number(args.splice(chunkAt, 2)[1]) : BENCH_CHUNK_SIZE;
const lengths = args.length > 0 ? args.map(Number) : [8192, 65536];
const budget = { iterations: 3, timeMs: 1000, warmupIterations: 1, warmupMs: 0 };
const mechanism = getMechanism('heinsen');
const backend = await createBackend({ backend: 'ort', device: 'cpu', options: { threads: 2 } });
const roof = await measureMatmul(backend, 1024, budget);
const roofGflops = matmulCost(1024, 1024, 1024).flops / (roof.median_ms * 1e6);
console.log(
  `ort:cpu, 2 threads: MatMul 1024^2 ${roof.median_ms.toFixed(1)} ms = ${roofGflops.toFixed(1)} GFLOP/s`,
);
for (const n of lengths) {
  const stats = await measureSequenceForm(backend, mechanism, 'chunked', n, budget, chunkSize);
  const cost = kernelCost(mechanism, 'chunked', { ...BENCH_DIMS, n, chunkSize });
  const gflops = cost.flops / (stats.median_ms * 1e6);
  console.log(
    [
      `heinsen chunked n=${n} C=${chunkSize}`,
      `${stats.median_ms.toFixed(0)} ms (p10 ${stats.p10_ms.toFixed(0)}, p90 ${stats.p90_ms.toFixed(0)})`,
      `${(cost.flops / 1e9).toFixed(2)} GFLOP`,
      `${gflops.toFixed(1)} GFLOP/s = ${((100 * gflops) / roofGflops).toFixed(0)}% of MatMul`,
      `peak RSS growth ${(stats.peak_rss_delta_bytes / 2 ** 20).toFixed(0)} MiB`,
    ].join(', '),
  );
}
await backend.dispose();
