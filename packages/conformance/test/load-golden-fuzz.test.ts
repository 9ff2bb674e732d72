import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLoadFailure, parseGoldenCase } from '../src/golden/load-golden.js';

const FILE = fileURLToPath(
  new URL('../../../../shared/golden/heinsen-signed/01_causal_b1_h2_n12_dk4_dv3.json', import.meta.url),
);
const text = readFileSync(FILE, 'utf8');

describe('the golden JSON reader under fuzzing', () => {
  it('the untouched case parses', () => {
    expect(isLoadFailure(parseGoldenCase(FILE, text))).toBe(false);
  });

  it('truncations, byte flips and header edits give a parsed case or a load failure, never a throw', () => {
    const edits = fc.oneof(
      fc.nat({ max: text.length - 1 }).map((n) => text.slice(0, n)),
      fc
        .tuple(fc.nat({ max: text.length - 1 }), fc.integer({ min: 32, max: 126 }))
        .map(([at, code]) => text.slice(0, at) + String.fromCharCode(code) + text.slice(at + 1)),
      fc
        .tuple(
          fc.constantFrom('"shapes"', '"format"', '"causal"', '"Q"', '"attention"', '[1, 2, 12, 4]'),
          fc.constantFrom('"x"', '[]', 'null', '[1e9, 1e9]', '[-1]', '{}', '"-Infinity"'),
        )
        .map(([from, to]) => text.replace(from, to)),
    );
    fc.assert(
      fc.property(edits, (edited) => {
        const parsed = parseGoldenCase(FILE, edited);
        if (isLoadFailure(parsed)) expect(parsed.reason.length).toBeGreaterThan(0);
        else expect(parsed.arrays.size).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
