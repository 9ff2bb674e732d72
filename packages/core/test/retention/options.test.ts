import { describe, expect, it } from 'vitest';
import {
  buildChunkedGraph,
  buildParallelGraph,
  buildStepGraph,
  GraphBuilder,
  InvalidArgumentError,
  type RetentionOptions,
  retentionAttention,
  ShapeError,
} from '../../src/index.js';

const dims = { batch: 1, heads: 2, seqQ: 4, seqK: 4, dk: 2, dv: 2 };

function allForms(options: object): (() => unknown)[] {
  return [
    () => buildParallelGraph(retentionAttention, dims, { ...options, causal: true }),
    () => buildParallelGraph(retentionAttention, dims, { ...options, causal: false }),
    () => buildChunkedGraph(retentionAttention, dims, { ...options, chunkSize: 2 }),
    () => buildStepGraph(retentionAttention, dims, options),
    () => retentionAttention.initialState({ ...dims, batch: 1, heads: 2 }, options as RetentionOptions),
  ];
}

describe('retention rejects bad options with typed errors naming them', () => {
  const badGammas: [string, unknown, RegExp][] = [
    ['a gamma of 0', [0, 0.5], /gammas\[0\] must be a number in \(0, 1\], got 0/],
    ['a gamma above 1', [0.5, 1.5], /gammas\[1\] must be a number in \(0, 1\], got 1.5/],
    ['a negative gamma', [-0.5, 0.5], /gammas\[0\]/],
    ['a NaN gamma', [0.5, Number.NaN], /gammas\[1\].*NaN/],
    ['a string gamma', ['0.5', 0.5], /gammas\[0\]/],
    ['an empty list', [], /non-empty array/],
    ['a number instead of a list', 0.9, /non-empty array/],
    ['three gammas for two heads', [0.9, 0.8, 0.7], /3 entries for 2 heads/],
  ];
  it.each(badGammas)('%s', (_, gammas, message) => {
    for (const build of allForms({ gammas })) {
      expect(build).toThrow(InvalidArgumentError);
      expect(build).toThrow(message);
    }
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, '1'])('scale %s', (scale) => {
    for (const build of allForms({ scale }).slice(0, 4)) {
      expect(build).toThrow(InvalidArgumentError);
      expect(build).toThrow(/scale must be a finite number/);
    }
  });

  it('a symbolic head count: default gammas and per-head lists are ShapeErrors; one shared gamma builds', () => {
    const symbolic = { ...dims, heads: 'heads' };
    expect(() => buildParallelGraph(retentionAttention, symbolic, { causal: true })).toThrow(ShapeError);
    expect(() => buildParallelGraph(retentionAttention, symbolic, { causal: true })).toThrow(
      /symbolic 'heads'/,
    );
    expect(() => buildStepGraph(retentionAttention, symbolic, { gammas: [0.9, 0.8] })).toThrow(ShapeError);
    const shared = { gammas: [0.9] };
    expect(() => buildStepGraph(retentionAttention, symbolic, shared)).not.toThrow();
    expect(() => buildParallelGraph(retentionAttention, symbolic, { ...shared, causal: true })).not.toThrow();
    expect(() => buildChunkedGraph(retentionAttention, symbolic, { ...shared, chunkSize: 3 })).not.toThrow();
    expect(retentionAttention.stateSpecs({ batch: 1, heads: 'heads', dk: 2, dv: 3 }, {})[0]!.shape).toEqual([
      1,
      'heads',
      2,
      3,
    ]);
  });

  it('an initial state without S, and a bad chunk size', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 2, 4, 2]);
    const initialState = { Z: b.input('Z', 'float32', [1, 2, 2]) };
    expect(() => retentionAttention.chunked(b, { q: x, k: x, v: x }, { chunkSize: 2, initialState })).toThrow(
      /initial state has no 'S' \(got Z\)/,
    );
    expect(() => buildChunkedGraph(retentionAttention, dims, { chunkSize: 0 })).toThrow(InvalidArgumentError);
    expect(() => retentionAttention.chunked(b, { q: x, k: x, v: x }, { chunkSize: 1.5 })).toThrow(
      /chunkSize must be a positive integer, got 1.5/,
    );
  });

  it('causal with n_q != n_k', () => {
    expect(() => buildParallelGraph(retentionAttention, { ...dims, seqK: 5 }, { causal: true })).toThrow(
      InvalidArgumentError,
    );
  });
});
