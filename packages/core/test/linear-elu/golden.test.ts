import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  linearEluAttention,
  ReferenceBackend,
  runChunked,
  runParallel,
  runRecurrent,
} from '../../src/index.js';
import { expectClose } from '../linear/fixtures.js';
import { goldenFolder } from '../support/golden-folder.js';
import { flattenNested as flatten, nestedToTensor as tensorOf } from '../support/nested-array.js';
import { readGoldenJson } from '../support/read-golden-json.js';

const folder = goldenFolder('linear-elu');
const cases = readGoldenJson(folder);

const REL = 1e-9;
const backend = new ReferenceBackend();

describe('linear-elu golden vectors (idiap/fast-transformers) on the float64 interpreter', () => {
  it('finds the golden cases', () => {
    expect(existsSync(folder), `golden folder ${folder}`).toBe(true);
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });

  for (const { file, json } of cases) {
    it(file, async () => {
      const { header, inputs, outputs } = json;
      expect(header.format).toBe('linear-elu-attention-golden/1');
      const shapes = header.shapes;
      const q = tensorOf(inputs.q, shapes.q);
      const k = tensorOf(inputs.k, shapes.k);
      const v = tensorOf(inputs.v, shapes.v);
      const out = flatten(outputs.out);
      const options = { eps: header.eps as number };
      if (!header.causal) {
        const p = await runParallel(backend, linearEluAttention, { q, k, v }, { ...options, causal: false });
        expectClose(p.out, out, shapes.out, REL, `${file} parallel`);
        return;
      }
      const S = flatten(outputs.final_state.S);
      const Z = flatten(outputs.final_state.Z);
      const runs = {
        parallel: await runParallel(backend, linearEluAttention, { q, k, v }, { ...options, causal: true }),
        'chunked C=3': await runChunked(
          backend,
          linearEluAttention,
          { q, k, v },
          { ...options, chunkSize: 3 },
        ),
        'chunked C=5': await runChunked(
          backend,
          linearEluAttention,
          { q, k, v },
          { ...options, chunkSize: 5 },
        ),
        recurrent: await runRecurrent(backend, linearEluAttention, { q, k, v }, options),
      };
      for (const [form, run] of Object.entries(runs)) {
        expectClose(run.out, out, shapes.out, REL, `${file} ${form}`);
        expectClose(run.state!.S!, S, shapes['final_state.S'], REL, `${file} ${form} S`);
        expectClose(run.state!.Z!, Z, shapes['final_state.Z'], REL, `${file} ${form} Z`);
      }
    });
  }
});
