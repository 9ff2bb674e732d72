import { InvalidArgumentError, mulberry32 } from '@constant-attention/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBatcher } from '../src/index.js';

/** Token i is i, so a window's values spell out where it came from. */
const iota = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('TokenBatcher', () => {
  it('draws [batch, seq] windows whose targets are the tokens shifted by one', () => {
    const source = Int32Array.from({ length: 500 }, (_, i) => (i * 7919) % 1000);
    const batcher = new TokenBatcher(source, { batch: 4, seq: 16, seed: 3 });
    for (let step = 0; step < 20; step++) {
      const { tokens, targets } = batcher.next();
      expect(tokens).toHaveLength(64);
      for (let b = 0; b < 4; b++) {
        const offset = source.indexOf(tokens[b * 16]!);
        expect([...tokens.subarray(b * 16, b * 16 + 16)]).toEqual([...source.subarray(offset, offset + 16)]);
        expect([...targets.subarray(b * 16, b * 16 + 16)]).toEqual([
          ...source.subarray(offset + 1, offset + 17),
        ]);
      }
    }
  });

  it('takes offsets from mulberry32(seed), uniformly over every valid start', () => {
    const n = 40;
    const seq = 8; // valid offsets 0..32: 33 of them
    const batcher = new TokenBatcher(iota(n), { batch: 5, seq, seed: 12345 });
    const uniform = mulberry32(12345);
    const counts = new Array(n - seq).fill(0);
    for (let step = 0; step < 2000; step++) {
      const { tokens } = batcher.next();
      for (let b = 0; b < 5; b++) {
        const offset = tokens[b * seq]!;
        expect(offset).toBe(Math.floor(uniform() * (n - seq)));
        counts[offset]++;
      }
    }
    // 10,000 draws over 33 offsets: ~303 each; chi-square with 32 degrees of freedom, p ~ 1e-6 at 80.
    const expected = 10000 / 33;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(80);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[n - seq - 1]).toBeGreaterThan(0);
  });

  it('is reproducible from its seed, and other seeds draw other batches', () => {
    const a = new TokenBatcher(iota(1000), { batch: 2, seq: 4, seed: 9 });
    const b = new TokenBatcher(iota(1000), { batch: 2, seq: 4, seed: 9 });
    const c = new TokenBatcher(iota(1000), { batch: 2, seq: 4, seed: 10 });
    const [x, y, z] = [a.next(), b.next(), c.next()];
    expect(y).toEqual(x);
    expect(z.tokens).not.toEqual(x.tokens);
  });

  it('resumes from state() exactly as the uninterrupted run continues', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 6 }),
        (batch, seq, seed, before, after) => {
          const source = iota(seq + 30);
          const uninterrupted = new TokenBatcher(source, { batch, seq, seed });
          const expected = Array.from({ length: before + after }, () => uninterrupted.next()).slice(before);
          const first = new TokenBatcher(source, { batch, seq, seed });
          for (let i = 0; i < before; i++) first.next();
          const state = JSON.parse(JSON.stringify(first.state())); // as a checkpoint would store it
          expect(state).toEqual({ seed, drawn: before });
          const resumed = TokenBatcher.restore(source, { batch, seq }, state);
          expect(Array.from({ length: after }, () => resumed.next())).toEqual(expected);
          expect(resumed.state()).toEqual(uninterrupted.state());
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([
    [{ batch: 0, seq: 4, seed: 1 }, 10, /batch must be a positive integer, got 0/],
    [{ batch: 1, seq: 2.5, seed: 1 }, 10, /seq must be a positive integer, got 2.5/],
    [{ batch: 1, seq: 4, seed: -1 }, 10, /seed must be an integer in \[0, 2\^32\), got -1/],
    [{ batch: 1, seq: 4, seed: 1 }, 4, /at least seq \+ 1 = 5 tokens for one window, got 4/],
  ])('rejects %j over %i tokens', (options, n, message) => {
    expect(() => new TokenBatcher(iota(n), options)).toThrow(InvalidArgumentError);
    expect(() => new TokenBatcher(iota(n), options)).toThrow(message);
  });

  it('rejects a state with a bad drawn count', () => {
    expect(() => TokenBatcher.restore(iota(10), { batch: 1, seq: 4 }, { seed: 1, drawn: -2 })).toThrow(
      /state.drawn must be a count, got -2/,
    );
  });
});
