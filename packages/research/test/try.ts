import '@constant-attention/backend-ort';
import { createBackend } from '@constant-attention/core';
import { runMqar } from '../src/mqar/mqar-run.js';

const backend = await createBackend({ backend: 'ort', device: 'cpu' });
const mech = process.argv[2] ?? 'softmax';
const steps = Number(process.argv[3] ?? 200);
const lr = Number(process.argv[4] ?? 3e-3);
const t = performance.now();
const r = await runMqar(backend, {
  onStep: (i: number, l: number) => {
    if (i % 50 === 0) console.log(i, l.toFixed(3), ((performance.now() - t) / 1000).toFixed(1));
  },
  mechanism: mech,
  seq: 64,
  kvPairs: 4,
  dModel: 64,
  lr,
  vocab: Number(process.argv[6] ?? 8192),
  layers: 2,
  batch: Number(process.argv[5] ?? 64),
  steps,
  heldOutSequences: 256,
  seed: 1,
});
console.log(mech, steps, lr, r, (performance.now() - t) / 1000);
await backend.dispose();
