import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runGolden } from '../src/golden/run-golden.js';
import type { ConformanceEnv } from '../src/suite/all-envs.js';
import { writeCases } from './golden-fixtures.js';

const GOLDEN_LM = fileURLToPath(new URL('../../../../shared/golden-lm', import.meta.url));
const CASE = '01_b2_n20_v61_d24_l2_h3_dk4_dv5';
const REF: ConformanceEnv = { label: 'reference:cpu', backend: 'reference', device: 'cpu', runtime: 'node' };

describe('heinsen-lm-golden/1: the reference language model, weights and logits', () => {
  it('matches the reference logits in the full pass, in two chunked calls and token by token', async () => {
    const report = await runGolden({ paths: [GOLDEN_LM], envs: [REF], envsNamed: true });
    expect(report.rows.map((r) => [r.case, r.form, r.pass])).toEqual([
      [CASE, 'parallel', true],
      [CASE, 'chunked', true],
      [CASE, 'recurrent', true],
    ]);
    for (const row of report.rows) expect(row.maxAbsErr).toBeLessThan(1e-12);
  });

  it('fails when one weight differs (a swapped or skipped layer shows), and when the weights are missing', async () => {
    const dir = await writeCases({});
    await cp(join(GOLDEN_LM, CASE), join(dir, CASE), { recursive: true });
    const weights = join(dir, CASE, 'model.safetensors');
    const bytes = new Uint8Array(await readFile(weights));
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    const [begin] = header['lnorm.bias'].data_offsets as [number, number];
    const view = new DataView(bytes.buffer, 8 + headerLength + begin, 4);
    view.setFloat32(0, view.getFloat32(0, true) + 0.05, true);
    await writeFile(weights, bytes);
    const nudged = await runGolden({ paths: [dir], envs: [REF], envsNamed: true });
    expect(nudged.rows.map((r) => r.pass)).toEqual([false, false, false]);
    expect(nudged.rows[0]!.reason).toContain('logits');

    const caseJson = JSON.parse(await readFile(join(dir, CASE, 'case.json'), 'utf8'));
    caseJson.header.weights = 'absent.safetensors';
    await writeFile(join(dir, CASE, 'case.json'), JSON.stringify(caseJson));
    const missing = await runGolden({ paths: [dir], envs: [REF], envsNamed: true });
    expect(missing.rows.every((r) => !r.pass && /absent\.safetensors/.test(r.reason ?? ''))).toBe(true);
  });
});
