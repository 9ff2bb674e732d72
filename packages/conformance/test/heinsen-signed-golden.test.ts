import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runGolden } from '../src/golden/run-golden.js';
import type { ConformanceEnv } from '../src/suite/all-envs.js';
import { writeCases } from './golden-fixtures.js';

const SIGNED = fileURLToPath(new URL('../../../../shared/golden/heinsen-signed', import.meta.url));
const REF: ConformanceEnv = { label: 'reference:cpu', backend: 'reference', device: 'cpu', runtime: 'node' };
const ZEROS_CASE = '03_causal_zeros_and_negative_V_b1_h1_n16_dk4_dv3';

describe('heinsen-real-attention-golden/1 (signed V) on the registered heinsen mechanism', () => {
  it('runs every causal case in all three forms and the non-causal one in parallel form', async () => {
    const report = await runGolden({ paths: [SIGNED], envs: [REF], envsNamed: true });
    expect(report.rows.map((r) => [r.case, r.form, r.pass])).toEqual([
      ['01_causal_b1_h2_n12_dk4_dv3', 'parallel', true],
      ['01_causal_b1_h2_n12_dk4_dv3', 'chunked', true],
      ['01_causal_b1_h2_n12_dk4_dv3', 'recurrent', true],
      ['02_noncausal_nq3_nc9_b2_h1_dk5_dv4', 'parallel', true],
      [ZEROS_CASE, 'parallel', true],
      [ZEROS_CASE, 'chunked', true],
      [ZEROS_CASE, 'recurrent', true],
    ]);
    for (const row of report.rows) expect(row.maxAbsErr).toBeLessThan(1e-12);
  });

  it('fails a case whose expected attention is off by 1e-6, the error the float64 tolerance allows 1000x less of', async () => {
    const json = JSON.parse(await readFile(join(SIGNED, `${ZEROS_CASE}.json`), 'utf8'));
    // Row 0 of columns 0 and 1 is exactly 0 (token 0's value is zeroed); nudge one of them.
    json.outputs.attention[0][0][0][0] = 1e-6;
    const dir = await writeCases({});
    await writeFile(join(dir, 'nudged.json'), JSON.stringify(json));
    const report = await runGolden({ paths: [dir], envs: [REF], envsNamed: true });
    expect(report.rows).toHaveLength(3);
    for (const row of report.rows) {
      expect(row.pass).toBe(false);
      expect(row.reason).toContain('attention');
    }
  });
});
