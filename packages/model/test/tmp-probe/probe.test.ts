import { expect, it } from 'vitest';
import { createLanguageModel, initParams, type ModelSpec } from '../../src/index.js';
import { buildLmPrefillGraph } from '../../src/lm/lm-graphs.js';

const specs: ModelSpec[] = [
  { preset: 'heinsen-lm', config: { vocab: 256, dEmb: 16, layers: 2, heads: 2, dKey: 4, dVal: 4 } },
  { preset: 'gpt', config: { vocab: 256, seq: 16, dModel: 16, heads: 2, layers: 2, mechanism: 'softmax', initStd: 0.5 } },
  { preset: 'gpt', config: { vocab: 256, seq: 16, dModel: 16, heads: 2, layers: 2, mechanism: 'lln', initStd: 0.5 } },
];
it('probe', () => {
  for (const spec of specs) {
    const model = createLanguageModel(spec);
    for (const fromState of [false, true]) {
      try {
        buildLmPrefillGraph(model, { batch: 1, seq: 'seq' as unknown as number, chunkSize: 8 }, { fromState });
        console.log(spec.preset, (spec.config as {mechanism?: string}).mechanism, fromState, 'OK');
      } catch (e) { console.log(spec.preset, (spec.config as {mechanism?: string}).mechanism, fromState, String(e).slice(0, 300)); }
    }
  }
  expect(1).toBe(1);
});
