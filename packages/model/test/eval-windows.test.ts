import { InvalidArgumentError } from '@constant-attention/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evalWindows } from '../src/index.js';

describe('evalWindows', () => {
  it('predicts every token after the first exactly once, in order, in non-overlapping windows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50256 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 9 }),
        (tokens, seq) => {
          const windows = [...evalWindows(tokens, seq)];
          expect(windows).toHaveLength(Math.ceil(Math.max(tokens.length - 1, 0) / seq));
          const inputs: number[] = [];
          const targets: number[] = [];
          windows.forEach((w, i) => {
            expect([w.tokens.length, w.targets.length, w.weights.length]).toEqual([seq, seq, seq]);
            if (i < windows.length - 1) expect(w.count).toBe(seq);
            for (let t = 0; t < seq; t++) {
              expect(w.weights[t]).toBe(t < w.count ? 1 : 0);
              if (t < w.count) {
                inputs.push(w.tokens[t]!);
                targets.push(w.targets[t]!);
              } else {
                expect([w.tokens[t], w.targets[t]]).toEqual([0, 0]);
              }
            }
          });
          expect(targets).toEqual(tokens.slice(1));
          expect(inputs).toEqual(tokens.slice(0, -1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splits 10 tokens at seq 4 into windows of 4, 4 and 1 targets', () => {
    const windows = [
      ...evalWindows(
        Uint16Array.from({ length: 10 }, (_, i) => i + 100),
        4,
      ),
    ];
    expect(windows.map((w) => w.count)).toEqual([4, 4, 1]);
    expect([...windows[1]!.tokens]).toEqual([104, 105, 106, 107]);
    expect([...windows[2]!.targets]).toEqual([109, 0, 0, 0]);
  });

  it('rejects a bad seq when called', () => {
    expect(() => evalWindows([1, 2, 3], 0)).toThrow(InvalidArgumentError);
  });
});
