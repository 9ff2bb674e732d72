import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Backend, type FormName, GraphBuilder } from '@constant-attention/core';
import { type GoldenCase, type GoldenCaseRunner, requireArray } from '../src/golden/golden-case.js';

export const HEINSEN_TAG = 'heinsen-log-attention-golden/1';

/** A well-formed case; `outputs.log_attention` holds a -Infinity, encoded as the README says. */
export function validCase(name: string, extraHeader: Record<string, unknown> = {}) {
  return {
    header: { format: HEINSEN_TAG, case: name, shapes: { Q: [1, 2], log_attention: [1, 3] }, ...extraHeader },
    inputs: { Q: [[0.5, -1.5]] },
    outputs: { log_attention: [[1, '-Infinity', -2.5]], stats: { alpha: 0.25 } },
  };
}

export async function writeCases(files: Record<string, string | object>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'golden-'));
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

/**
 * A stand-in runner: it really runs a graph (out = x * 1 + offset) on the backend, fed the expected
 * output, so rows reflect what the backend computed; `header.offset` makes a case fail on purpose.
 */
export function echoRunner(forms: readonly FormName[] = ['parallel', 'recurrent']): GoldenCaseRunner {
  return {
    format: HEINSEN_TAG,
    mechanism: 'echo',
    forms: (golden: GoldenCase) => {
      if (golden.header.throwInForms) throw new Error('forms exploded');
      return forms;
    },
    async run(backend: Backend, form: FormName, golden: GoldenCase, precision) {
      if (golden.header.throwInRun === form) throw new Error(`run exploded in ${form}`);
      const expected = requireArray(golden, 'outputs.log_attention');
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', expected.shape);
      const exe = await backend.compile(b.build({ out: b.add(b.mul(x, 1), golden.header.offset ?? 0) }));
      try {
        const feed = precision === 'float32' ? expected.toFloat32() : expected;
        const { out } = await exe.run({ x: feed });
        return [{ name: 'log_attention', actual: out!, expected, tolerance: { rel: 1e-6 } }];
      } finally {
        await exe.dispose();
      }
    },
  };
}
