/**
 * One-off comparison of training throughput, ORT cpu vs tfjs wasm (the bench package owns the real
 * benchmark). Run: npx tsx --conditions=@constant-attention/source scripts/measure-train-throughput.ts [mechanism]
 */
import '@constant-attention/backend-ort';
import '@constant-attention/backend-tfjs';
import { trainThroughput } from '../src/index.js';

const mechanism = process.argv[2] ?? 'softmax';
const shape = { mechanism, layers: 4, dModel: 256, seq: 512, steps: 3, warmupSteps: 1 };
const results: Record<string, unknown> = {};
for (const config of [
  { backend: 'ort', device: 'cpu' },
  { backend: 'tfjs', device: 'wasm' },
]) {
  const result = await trainThroughput(config, shape);
  results[`${config.backend}:${config.device}`] = result;
  console.log(`${config.backend}:${config.device}`, JSON.stringify(result));
}
const ort = results['ort:cpu'] as { tokens_per_s: number };
const tfjs = results['tfjs:wasm'] as { tokens_per_s: number };
console.log(`${mechanism}: ort cpu / tfjs wasm = ${(ort.tokens_per_s / tfjs.tokens_per_s).toFixed(1)}x`);
