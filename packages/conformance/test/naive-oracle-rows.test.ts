import '@constant-attention/backend-ort';
import { getMechanism, mechanismNames, registerMechanism } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { runGolden } from '../src/golden/run-golden.js';
import { ALL_ENVS } from '../src/suite/all-envs.js';

const envs = ALL_ENVS.filter((e) => e.label === 'reference:cpu' || e.label === 'ort:cpu');

// Test-only units: one whose naive is off by 1e-3 (the rows must catch it), one with no naive at all.
const linear = getMechanism('linear');
registerMechanism({
  ...linear,
  name: 'test-off-naive',
  naive: (b, inputs, options) => b.mul(linear.naive!(b, inputs, options), 1.001),
});
registerMechanism({ ...linear, name: 'test-no-naive', naive: undefined });

describe("pnpm golden's naive-oracle rows", () => {
  it('check every registered mechanism in every form on each env; a wrong or missing naive fails, with the reason', async () => {
    const report = await runGolden({ paths: [], envs, envsNamed: true, naiveOracles: true });
    const rowsOf = (m: string) => report.rows.filter((r) => r.mechanism === m);
    for (const name of mechanismNames()) expect(rowsOf(name).length, name).toBeGreaterThan(0);
    for (const name of ['softmax', 'linear', 'linear-gated', 'linear-elu', 'lln', 'lln-diag']) {
      const rows = rowsOf(name);
      expect(rows.map((r) => `${r.env} ${r.form}`).sort(), name).toEqual(
        envs.flatMap((e) => ['parallel', 'chunked', 'recurrent'].map((f) => `${e.label} ${f}`)).sort(),
      );
      for (const r of rows) expect(r.pass, `${name} ${r.env} ${r.form}: ${r.reason}`).toBe(true);
    }
    const off = rowsOf('test-off-naive');
    expect(off).toHaveLength(envs.length * 3);
    for (const r of off) expect(r.pass).toBe(false);
    expect(rowsOf('test-no-naive')).toEqual([
      expect.objectContaining({
        pass: false,
        reason: expect.stringMatching(/'test-no-naive' has no naive\.ts oracle/),
      }),
    ]);
  });
});
