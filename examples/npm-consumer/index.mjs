// The root README's "The API in brief", run from the published packages: one causal heinsen head,
// chunked, compiled and run on ONNX Runtime (cpu), then the same graph on TensorFlow.js (wasm).
// Usage: npm install && node index.mjs
import { createBackend, GraphBuilder, heinsenAttention, mulberry32, Tensor } from '@constant-attention/core';
import '@constant-attention/backend-ort'; // registers 'ort'
import '@constant-attention/backend-tfjs'; // registers 'tfjs'
import '@constant-attention/model'; // loads in plain Node too

const [heads, length, dim] = [8, 256, 32]; // the README's [batch, 8, 4096, 64], smaller

const b = new GraphBuilder();
const [q, k, v] = ['q', 'k', 'v'].map((name) => b.input(name, 'float32', ['batch', heads, length, dim]));
const { out } = heinsenAttention.chunked(b, { q, k, v }, { chunkSize: 64 });
const graph = b.build({ out });

const random = mulberry32(1);
const shape = [2, heads, length, dim];
const randomTensor = () =>
  Tensor.float32(
    Array.from({ length: 2 * heads * length * dim }, () => random() * 2 - 1),
    shape,
  );
const feeds = { q: randomTensor(), k: randomTensor(), v: randomTensor() };

async function runOn(config) {
  const backend = await createBackend(config);
  try {
    const attention = await backend.compile(graph);
    const result = (await attention.run(feeds)).out;
    await attention.dispose();
    if (result.shape.join() !== shape.join())
      throw new Error(`${config.backend}: shape [${result.shape}], expected [${shape}]`);
    if (!result.data.every(Number.isFinite)) throw new Error(`${config.backend}: output is not finite`);
    return result;
  } finally {
    await backend.dispose();
  }
}

const ort = await runOn({ backend: 'ort', device: 'cpu' });
const tfjs = await runOn({ backend: 'tfjs', device: 'wasm' });
const maxDiff = ort.data.reduce((max, x, i) => Math.max(max, Math.abs(x - tfjs.data[i])), 0);
if (!(maxDiff < 1e-4)) throw new Error(`ort cpu and tfjs wasm differ by ${maxDiff}`);
console.log(`npm-consumer: ok (ort cpu vs tfjs wasm max diff ${maxDiff.toExponential(0)})`);
