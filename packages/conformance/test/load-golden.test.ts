import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoadFailure, loadGoldenCases, parseGoldenCase } from '../src/golden/load-golden.js';
import { validCase, writeCases } from './golden-fixtures.js';

function reasonFor(text: string): string {
  const parsed = parseGoldenCase('case.json', text);
  if (!isLoadFailure(parsed)) throw new Error('expected a load failure');
  return parsed.reason;
}

describe('parseGoldenCase', () => {
  it('decodes arrays by path, "-Infinity" strings and scalar leaves', () => {
    const parsed = parseGoldenCase('ok.json', JSON.stringify(validCase('ok')));
    if (isLoadFailure(parsed)) throw new Error(parsed.reason);
    expect(parsed.name).toBe('ok');
    expect(parsed.arrays.get('inputs.Q')!.shape).toEqual([1, 2]);
    expect(Array.from(parsed.arrays.get('outputs.log_attention')!.data)).toEqual([
      1,
      Number.NEGATIVE_INFINITY,
      -2.5,
    ]);
    expect(parsed.scalars.get('outputs.stats.alpha')).toBe(0.25);
  });

  it('reports bad JSON', () => {
    expect(reasonFor('{"header": ')).toMatch(/not valid JSON/);
  });

  it('reports an unknown format tag, naming it', () => {
    const c = validCase('x');
    expect(reasonFor(JSON.stringify({ ...c, header: { ...c.header, format: 'mystery/9' } }))).toContain(
      "unknown format tag 'mystery/9'",
    );
  });

  it('reports a shape that does not match the header', () => {
    const c = validCase('x');
    const bad = { ...c, inputs: { Q: [[0.5, -1.5, 7]] } };
    expect(reasonFor(JSON.stringify(bad))).toMatch(/inputs\.Q.*does not match its header shape \[1, 2\]/);
  });

  it('reports missing fields: header.shapes, a listed array, the outputs section', () => {
    const c = validCase('x');
    expect(reasonFor(JSON.stringify({ ...c, header: { format: c.header.format } }))).toContain(
      'missing header.shapes',
    );
    expect(reasonFor(JSON.stringify({ ...c, outputs: { stats: {} } }))).toContain("'log_attention'");
    expect(reasonFor(JSON.stringify({ header: c.header, inputs: c.inputs }))).toContain("missing 'outputs'");
  });

  it('reports a non-numeric entry', () => {
    const c = validCase('x');
    expect(reasonFor(JSON.stringify({ ...c, inputs: { Q: [[0.5, 'NaN']] } }))).toContain('inputs.Q[0][1]');
  });
});

describe('loadGoldenCases', () => {
  it('walks folders, keeps good cases and turns each bad file into a failure with its path', async () => {
    const dir = await writeCases({
      'a_good.json': validCase('a_good'),
      'b_bad.json': '[1, 2',
      'notes.txt': 'x',
    });
    const loaded = await loadGoldenCases([dir]);
    expect(loaded).toHaveLength(2);
    expect(isLoadFailure(loaded[0]!)).toBe(false);
    expect(loaded[1]).toMatchObject({ file: join(dir, 'b_bad.json') });
    expect(isLoadFailure(loaded[1]!)).toBe(true);
  });
});
