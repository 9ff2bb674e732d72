import { join } from 'node:path';
import { registerBackend } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { formatReport, reportToJson } from '../src/golden/format-report.js';
import { runGolden } from '../src/golden/run-golden.js';
import type { ConformanceEnv } from '../src/suite/all-envs.js';
import { echoRunner, HEINSEN_TAG, validCase, writeCases } from './golden-fixtures.js';

const env = (backend: string, device: string): ConformanceEnv => ({
  label: `${backend}:${device}`,
  backend,
  device,
  runtime: 'node',
});
const REF = env('reference', 'cpu');
const runners = new Map([[HEINSEN_TAG, echoRunner()]]);

registerBackend({
  name: 'test-broken',
  devices: ['cpu'],
  defaultDevice: 'cpu',
  create: async () => {
    throw new Error('no such runtime on this machine');
  },
});

describe('runGolden', () => {
  it('runs every case x env x form and reports what the backend computed', async () => {
    const dir = await writeCases({
      '1_ok.json': validCase('1_ok'),
      '2_off.json': validCase('2_off', { offset: 1e-3 }),
    });
    const report = await runGolden({ paths: [dir], envs: [REF], envsNamed: false, runners });
    expect(report.rows.map((r) => [r.case, r.env, r.form, r.pass])).toEqual([
      ['1_ok', 'reference:cpu', 'parallel', true],
      ['1_ok', 'reference:cpu', 'recurrent', true],
      ['2_off', 'reference:cpu', 'parallel', false],
      ['2_off', 'reference:cpu', 'recurrent', false],
    ]);
    expect(report.rows[0]!.maxAbsErr).toBe(0);
    // offset 1e-3 on entries 1 and -2.5 (the -inf entry stays -inf): both errors are 1e-3 up to rounding.
    expect(report.rows[2]!.maxAbsErr).toBeCloseTo(1e-3, 12);
    expect(report.rows[2]!.reason).toContain('log_attention');
    expect(report).toMatchObject({ passed: 2, failed: 2 });
  });

  it('turns unreadable files, missing runners and thrown errors into failed rows with reasons', async () => {
    const dir = await writeCases({
      'a_bad_json.json': '{ nope',
      'b_unknown_tag.json': { ...validCase('b'), header: { ...validCase('b').header, format: 'other/1' } },
      'c_forms_throw.json': validCase('c_forms_throw', { throwInForms: true }),
      'd_run_throws.json': validCase('d_run_throws', { throwInRun: 'recurrent' }),
    });
    const report = await runGolden({
      paths: [dir, join(dir, 'missing.json')],
      envs: [REF],
      envsNamed: false,
      runners,
    });
    const failed = report.rows.filter((r) => !r.pass).map((r) => [r.case, r.reason]);
    expect(failed).toEqual([
      ['a_bad_json.json', expect.stringContaining('not valid JSON')],
      ['b_unknown_tag.json', expect.stringContaining("unknown format tag 'other/1'")],
      ['c_forms_throw', expect.stringContaining('forms exploded')],
      ['d_run_throws', expect.stringContaining('run exploded in recurrent')],
      ['missing.json', 'no such file or folder'],
    ]);
    expect(report.rows.find((r) => r.case === 'missing.json')!.file).toBe(join(dir, 'missing.json'));
    expect(report.passed).toBe(1); // d_run_throws in the parallel form
  });

  it('fails every case of a known format whose runner is not registered', async () => {
    const dir = await writeCases({ 'x.json': validCase('x') });
    const report = await runGolden({ paths: [dir], envs: [REF], envsNamed: false, runners: new Map() });
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toMatchObject({
      pass: false,
      reason: `no runner registered for format '${HEINSEN_TAG}'`,
    });
  });

  it('skips unregistered backends unless named, and fails a registered backend that cannot start', async () => {
    const dir = await writeCases({ 'x.json': validCase('x') });
    const envs = [REF, env('nowhere', 'cpu'), env('test-broken', 'cpu')];
    const unnamed = await runGolden({ paths: [dir], envs, envsNamed: false, runners });
    expect(unnamed.skipped).toEqual([{ env: 'nowhere:cpu', reason: "backend 'nowhere' is not registered" }]);
    const broken = unnamed.rows.find((r) => r.env === 'test-broken:cpu');
    expect(broken).toMatchObject({ pass: false });
    expect(broken!.reason).toContain('no such runtime on this machine');
    expect(unnamed).toMatchObject({ passed: 2, failed: 1 });

    const named = await runGolden({ paths: [dir], envs, envsNamed: true, runners });
    expect(named.skipped).toEqual([]);
    expect(named.rows.find((r) => r.env === 'nowhere:cpu')).toMatchObject({ pass: false });
  });

  it('fails the envs of a backend package that threw on import', async () => {
    const dir = await writeCases({ 'x.json': validCase('x') });
    const report = await runGolden({
      paths: [dir],
      envs: [env('ort', 'cpu')],
      envsNamed: false,
      runners,
      packages: [{ backend: 'ort', state: 'broken', reason: 'importing failed: boom' }],
    });
    expect(report.rows).toEqual([
      expect.objectContaining({ env: 'ort:cpu', pass: false, reason: 'importing failed: boom' }),
    ]);
  });

  it('formats a table ending in exactly "N passed, M failed", and JSON that keeps infinities', async () => {
    const dir = await writeCases({ '1_ok.json': validCase('1_ok'), '2_bad.json': '{' });
    const report = await runGolden({ paths: [dir], envs: [REF], envsNamed: false, runners });
    const lines = formatReport(report).split('\n');
    expect(lines[0]).toMatch(
      /^case\s+mechanism\s+backend:device\s+form\s+max abs err\s+max rel err\s+tol \(rel\)\s+result$/,
    );
    expect(lines.at(-1)).toBe('2 passed, 1 failed');
    expect(
      lines.some((l) => /1_ok\s+echo\s+reference:cpu\s+parallel\s+0\s+0\s+0.000001\s+pass/.test(l)),
    ).toBe(true);
    const json = JSON.parse(reportToJson(report));
    expect(json).toMatchObject({ passed: 2, failed: 1 });
    expect(json.rows.at(-1).maxAbsErr).toBe('NaN');
  });
});
