import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  linearEluAttention,
  ReferenceBackend,
  runChunked,
  runParallel,
  runRecurrent,
  Tensor,
} from '../../src/index.js';
import { expectClose } from '../linear/fixtures.js';

/** The shared golden folder sits beside the repository unless CONSTANT_ATTENTION_GOLDEN says otherwise. */
const goldenRoot =
  process.env.CONSTANT_ATTENTION_GOLDEN ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/golden');
const folder = join(goldenRoot, 'linear-elu');

type Nested = number | Nested[];

function flatten(x: Nested, out: number[] = []): number[] {
  if (typeof x === 'number') out.push(x);
  else for (const y of x) flatten(y, out);
  return out;
}

function tensorOf(x: Nested, shape: readonly number[]): Tensor {
  return Tensor.float64(flatten(x), shape);
}

const REL = 1e-9;
const backend = new ReferenceBackend();

describe('linear-elu golden vectors (idiap/fast-transformers) on the float64 interpreter', () => {
  it('finds the golden cases', () => {
    expect(existsSync(folder), `golden folder ${folder}`).toBe(true);
    expect(readdirSync(folder).filter((f) => f.endsWith('.json')).length).toBeGreaterThanOrEqual(5);
  });

  const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.json')) : [];
  for (const file of files.sort()) {
    it(file, async () => {
      const json = JSON.parse(readFileSync(join(folder, file), 'utf8'));
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
