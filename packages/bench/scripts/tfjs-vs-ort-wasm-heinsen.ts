// Issue check: tfjs wasm vs onnxruntime-web wasm on the causal heinsen chunked form, n = 4096, H = 8, d = 64,
// side by side in one process, plus each device's own 1024^2 MatMul rate (GFLOP/s against its roof).
import { buildChunkedGraph, createBackend, getMechanism } from '@constant-attention/core';
import '@constant-attention/backend-ort';
import '@constant-attention/backend-tfjs';
import { kernelCost, matmulCost } from '../src/costs/kernel-cost.js';
import { measureMatmul } from '../src/measure/matmul-throughput.js';
import { timeTask } from '../src/measure/time-task.js';
import { randomTensor } from '../src/workload/random-tensor.js';

// Usage: tfjs-vs-ort-wasm-heinsen.ts [n = 4096] [chunkSize = 64]
const n = Number(process.argv[2] ?? 4096);
const chunkSize = Number(process.argv[3] ?? 64);
const shape = { batch: 1, heads: 8, n, dk: 64, dv: 64, chunkSize };
const mechanism = getMechanism('heinsen');
const graph = buildChunkedGraph(mechanism, { batch: 1, heads: 8, seqQ: n, dk: 64, dv: 64 }, { chunkSize });
const feeds = {
  q: randomTensor([1, 8, n, 64], 1),
  k: randomTensor([1, 8, n, 64], 2),
  v: randomTensor([1, 8, n, 64], 3),
};
const budget = { iterations: 3, timeMs: 1000, warmupIterations: 1, warmupMs: 0 };
const cost = kernelCost(mechanism, 'chunked', shape);
const rows: string[] = [];
const medians: Record<string, number> = {};
for (const device of ['ort:wasm', 'tfjs:wasm']) {
  const [backendName, dev] = device.split(':') as [string, string];
  const backend = await createBackend({ backend: backendName, device: dev });
  const roof = await measureMatmul(backend, 1024, budget);
  const exe = await backend.compile(graph);
  const stats = await timeTask(`heinsen-chunked-${device}`, () => exe.run(feeds), budget);
  await exe.dispose();
  const roofGflops = matmulCost(1024, 1024, 1024).flops / (roof.median_ms * 1e6);
  const gflops = cost.flops / (stats.median_ms * 1e6);
  medians[device] = stats.median_ms;
  rows.push(
    `${device}\t${stats.median_ms.toFixed(0)} ms\t${gflops.toFixed(2)} GFLOP/s\tmatmul ${roofGflops.toFixed(1)} GFLOP/s\t${((100 * gflops) / roofGflops).toFixed(1)}% of roof`,
  );
  await backend.dispose();
}
console.log(
  `heinsen chunked causal, n=${n}, H=8, d=64, C=${chunkSize}: ${(cost.flops / 1e9).toFixed(2)} GFLOP (graph count)`,
);
console.log(rows.join('\n'));
console.log(`tfjs:wasm / ort:wasm time ratio: ${(medians['tfjs:wasm']! / medians['ort:wasm']!).toFixed(2)}x`);
