// One MQAR run with a loss line every 50 steps, for finding settings by hand (the README's learning table):
//   node --conditions=@constant-attention/source --import tsx scripts/mqar-probe.ts MECHANISM STEPS LR BATCH VOCAB
import '@constant-attention/backend-ort';
import { createBackend } from '@constant-attention/core';
import { runMqar } from '../src/mqar/mqar-run.js';

const [mechanism, steps = '200', lr = '3e-3', batch = '64', vocab = '8192'] = process.argv.slice(2);
if (!mechanism) throw new Error('usage: mqar-probe.ts MECHANISM [STEPS LR BATCH VOCAB]');
const backend = await createBackend({ backend: 'ort', device: 'cpu' });
const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
const result = await runMqar(backend, {
  mechanism,
  seq: Number(process.env.SEQ ?? 64),
  kvPairs: Number(process.env.PAIRS ?? 4),
  dModel: Number(process.env.D ?? 64),
  lr: Number(lr),
  vocab: Number(vocab),
  layers: 2,
  batch: Number(batch),
  steps: Number(steps),
  heldOutSequences: Number(process.env.HELD_OUT ?? 256),
  seed: Number(process.env.SEED ?? 1),
  ...(process.env.POS ? { positions: process.env.POS as 'learned' } : {}),
  ...(process.env.HEADS ? { heads: Number(process.env.HEADS) } : {}),
  ...(process.env.INIT_STD ? { initStd: Number(process.env.INIT_STD) } : {}),
  ...(process.env.WD ? { weightDecay: Number(process.env.WD) } : {}),
  onStep: (i, loss) => {
    if (i % Number(process.env.EVERY ?? 50) === 0)
      console.log(`step ${i} loss ${loss.toFixed(3)} at ${seconds()} s`);
  },
});
console.log({
  mechanism,
  steps,
  lr,
  batch,
  vocab,
  env: [process.env.POS, process.env.HEADS, process.env.INIT_STD, process.env.WD],
  ...result,
  seconds: seconds(),
});
await backend.dispose();
