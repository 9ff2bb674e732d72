// Where a training step's compile goes (issue 20): graph build (forward, autodiff, AdamW, CSE), lowering
// to ONNX bytes, and the backend's compile (lowering again plus ONNX Runtime's session creation) at each
// graph optimization level; CPU and wall time per phase, with the core node count. Params are not
// uploaded here (3.3 M floats, a few ms).
// Usage: compile-phases.ts <mechanism> [seq] [levels, comma-separated] [rounds]
import '@constant-attention/backend-ort';
import { exportOnnx } from '@constant-attention/backend-ort';
import { createBackend } from '@constant-attention/core';
import { buildGptTrainingStep, type GptConfig } from '@constant-attention/model';
import { trainModelConfig } from '../src/suites/train.js';

const [mechanism = 'heinsen', seqArg = '512', levelsArg = 'all', roundsArg = '1'] = process.argv.slice(2);
const config: GptConfig = trainModelConfig(mechanism, Number(seqArg));
const timed = async <T>(label: string, f: () => T | Promise<T>): Promise<T> => {
  const c = process.cpuUsage();
  const s = performance.now();
  const out = await f();
  const used = process.cpuUsage(c);
  console.log(
    `${label.padEnd(28)} wall ${(performance.now() - s).toFixed(0).padStart(6)} ms  cpu ${((used.user + used.system) / 1000).toFixed(0).padStart(6)} ms`,
  );
  return out;
};
for (let round = 0; round < Number(roundsArg); round++) {
  const step = await timed('build training step', () => buildGptTrainingStep(config, 1, { clipNorm: 1 }));
  const bytes = await timed('lower + encode', () =>
    exportOnnx(step.graph, { fusedAttention: true, device: 'cpu', name: 'training-step' }),
  );
  console.log(`core nodes ${step.graph.nodes.length}, onnx bytes ${bytes.length}`);
  for (const level of levelsArg.split(',')) {
    const backend = await createBackend({
      backend: 'ort',
      device: 'cpu',
      options: { threads: 2, interOpThreads: 1, graphOptimizationLevel: level },
    });
    const exe = await timed(`compile (level ${level})`, () =>
      backend.compile(step.graph, {
        name: 'training-step',
        deviceFed: [...step.params, ...step.state],
      }),
    );
    await exe.dispose();
    await backend.dispose();
  }
}
