import { InvalidArgumentError } from '@constant-attention/core';
import { SeededRandom } from '@constant-attention/model';
import { describe, expect, it } from 'vitest';
import { mqarBatch } from '../src/mqar/mqar-batch.js';

describe('mqarBatch', () => {
  it('queries every key once, after the pairs, and asks for its paired value', () => {
    const shape = { vocab: 64, seq: 24, kvPairs: 5, batch: 7 };
    const batch = mqarBatch(shape, new SeededRandom(5));
    const tokens = batch.tokens.data;
    for (let r = 0; r < shape.batch; r++) {
      const pairs = new Map<number, number>();
      for (let i = 0; i < shape.kvPairs; i++) {
        const key = Number(tokens[r * shape.seq + 2 * i]);
        const value = Number(tokens[r * shape.seq + 2 * i + 1]);
        expect(key).toBeGreaterThan(0);
        expect(key).toBeLessThan(32);
        expect(value).toBeGreaterThanOrEqual(32);
        expect(pairs.has(key)).toBe(false);
        pairs.set(key, value);
      }
      const queried = new Set<number>();
      for (let i = 0; i < shape.kvPairs; i++) {
        const row = Number(batch.rows.data[r * shape.kvPairs + i]);
        expect(Math.floor(row / shape.seq)).toBe(r);
        expect(row % shape.seq).toBeGreaterThanOrEqual(2 * shape.kvPairs);
        const key = Number(tokens[row]);
        expect(Number(batch.values.data[r * shape.kvPairs + i])).toBe(pairs.get(key));
        queried.add(key);
      }
      expect(queried.size).toBe(shape.kvPairs);
      // Every other position after the pairs is the filler 0.
      let fillers = 0;
      for (let t = 2 * shape.kvPairs; t < shape.seq; t++) if (tokens[r * shape.seq + t] === 0) fillers++;
      expect(fillers).toBe(shape.seq - 3 * shape.kvPairs);
    }
  });

  it('refuses a sequence too short for its pairs and queries', () => {
    expect(() => mqarBatch({ vocab: 64, seq: 11, kvPairs: 4, batch: 1 }, new SeededRandom(1))).toThrow(
      InvalidArgumentError,
    );
  });
});
