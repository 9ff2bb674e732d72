import { MalformedFileError } from '@constant-attention/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWeights, encodeWeights, type GptConfig, initGptParams } from '../src/index.js';

/** Either a MalformedFileError naming the source, or a result; anything else (or a hang) fails the run. */
function decodeOrMalformed(bytes: Uint8Array): ReturnType<typeof decodeWeights> | MalformedFileError {
  try {
    return decodeWeights(bytes, 'fuzz.weights');
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedFileError);
    expect((error as Error).message).toMatch(/^fuzz\.weights: /);
    return error as MalformedFileError;
  }
}

const config: GptConfig = { vocab: 6, seq: 4, dModel: 4, heads: 2, layers: 1, mechanism: 'linear-gated' };
const valid = encodeWeights({ config, params: initGptParams(config, 9) });
const headerLength = new DataView(valid.buffer).getUint32(8, true);
const header = JSON.parse(new TextDecoder().decode(valid.subarray(12, 12 + headerLength)));
const data = valid.subarray(Math.ceil((12 + headerLength) / 4) * 4);

function rebuild(h: unknown, d: Uint8Array = data): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(h));
  const start = Math.ceil((12 + json.length) / 4) * 4;
  const bytes = new Uint8Array(start + d.length);
  bytes.set(new TextEncoder().encode('CAGPTW01'), 0);
  new DataView(bytes.buffer).setUint32(8, json.length, true);
  bytes.set(json, 12);
  bytes.set(d, start);
  return bytes;
}

describe('decodeWeights under fuzzing', () => {
  it('every strict truncation is malformed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: valid.length - 1 }), (n) => {
        expect(decodeOrMalformed(valid.slice(0, n))).toBeInstanceOf(MalformedFileError);
      }),
      { numRuns: 300 },
    );
  });

  it('every single bit flip is malformed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: valid.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        (at, bit) => {
          const bytes = valid.slice();
          bytes[at]! ^= 1 << bit;
          expect(decodeOrMalformed(bytes)).toBeInstanceOf(MalformedFileError);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('random header edits are malformed, never another error', () => {
    const value = fc.oneof(
      fc.integer({ min: -2, max: 10 }),
      fc.constantFrom(1e9, 2 ** 53, Number.MAX_VALUE, 0.5, null, 'softmax', 'nope', true),
      fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }),
    );
    const path = fc.oneof(
      fc.constantFrom('format', 'version', 'sha256', 'tensors', 'config').map((k) => [k]),
      fc
        .constantFrom('vocab', 'seq', 'dModel', 'heads', 'layers', 'mechanism', 'ffnHidden', 'initStd')
        .map((k) => ['config', k]),
      fc
        .tuple(fc.integer({ min: 0, max: 20 }), fc.constantFrom('name', 'shape'))
        .map(([i, k]) => ['tensors', i, k]),
    );
    fc.assert(
      fc.property(path, value, (keys, v) => {
        const edited = structuredClone(header);
        let target = edited;
        for (const k of keys.slice(0, -1)) target = target?.[k];
        fc.pre(typeof target === 'object' && target !== null);
        const last = keys.at(-1)!;
        fc.pre(JSON.stringify(target[last]) !== JSON.stringify(v));
        target[last] = v;
        expect(decodeOrMalformed(rebuild(edited))).toBeInstanceOf(MalformedFileError);
      }),
      { numRuns: 1000 },
    );
  });

  it('random byte strings and random JSON headers are malformed, never another error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        decodeOrMalformed(bytes);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), fc.uint8Array({ maxLength: 64 }), (h, d) => {
        expect(decodeOrMalformed(rebuild(h, d))).toBeInstanceOf(MalformedFileError);
      }),
      { numRuns: 300 },
    );
  });
});
