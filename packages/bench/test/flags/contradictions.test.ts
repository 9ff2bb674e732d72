import { describe, expect, it } from 'vitest';
import {
  flagNonFlatDecode,
  flagSuperLinearPrefill,
  growsWithLength,
} from '../../src/flags/contradictions.js';
import { decodeSample, prefillSample } from './synthetic-samples.js';

describe('growsWithLength', () => {
  it('reads n, n_q, n_k and t as the sequence length, and nothing inside other names', () => {
    expect(growsWithLength('O(t (dk + dv))')).toBe(true);
    expect(growsWithLength('O(n^2 (d_k + d_v)) causal')).toBe(true);
    expect(growsWithLength('O(n_q n_k d)')).toBe(true);
    expect(growsWithLength('O(d_k d_v)')).toBe(false);
    expect(growsWithLength('d_k (2 d_v + 1)')).toBe(false);
    expect(growsWithLength('O(dk dv) per token')).toBe(false);
  });
});

describe('flagNonFlatDecode', () => {
  it('passes a flat constant-state mechanism and a growing softmax', () => {
    const samples = [
      decodeSample('heinsen', 512, 1.0),
      decodeSample('heinsen', 65536, 1.05),
      decodeSample('softmax', 512, 1),
      decodeSample('softmax', 65536, 100),
    ];
    expect(flagNonFlatDecode(samples)).toEqual([]);
  });

  it('flags a constant-state mechanism whose step time grows clearly beyond 1.1x', () => {
    const flags = flagNonFlatDecode([
      decodeSample('lln', 512, 1.0),
      decodeSample('lln', 4096, 1.1),
      decodeSample('lln', 65536, 1.5),
    ]);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ mechanism: 'lln', backend: 'ort', device: 'cpu', form: 'recurrent' });
    expect(flags[0]!.message).toMatch(/t\(65536\)\/t\(512\) = 1\.50 > 1\.1/);
  });

  it('compares the shortest with the longest context whatever the sample order', () => {
    const flags = flagNonFlatDecode([decodeSample('lln', 65536, 3), decodeSample('lln', 512, 1)]);
    expect(flags[0]!.message).toMatch(/t\(65536\)\/t\(512\) = 3\.00/);
  });

  it('does not flag growth that the spread cannot tell from noise', () => {
    const noisy = [
      decodeSample('lln', 512, 1.0, { p10_ms: 0.5, p90_ms: 3 }),
      decodeSample('lln', 65536, 1.4, { p10_ms: 0.9, p90_ms: 4 }),
    ];
    expect(flagNonFlatDecode(noisy)).toEqual([]);
  });

  it('flags a stated-constant state whose bytes change with context', () => {
    const flags = flagNonFlatDecode([
      decodeSample('linear', 512, 1, { state_bytes: 100 }),
      decodeSample('linear', 65536, 1, { state_bytes: 200 }),
    ]);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.message).toMatch(/state size .* 100 B at n=512 and 200 B at n=65536/);
  });

  it('needs two distinct lengths to say anything', () => {
    expect(flagNonFlatDecode([decodeSample('lln', 512, 1)])).toEqual([]);
  });
});

describe('flagSuperLinearPrefill', () => {
  it('passes a linear chunked form and ignores quadratic forms', () => {
    const samples = [
      prefillSample('heinsen', 'chunked', 1024, 10),
      prefillSample('heinsen', 'chunked', 8192, 85),
      prefillSample('heinsen', 'parallel', 1024, 10),
      prefillSample('heinsen', 'parallel', 8192, 640), // quadratic, and stated so
      prefillSample('softmax', 'chunked', 1024, 10),
      prefillSample('softmax', 'chunked', 8192, 640), // softmax's chunked form is quadratic
    ];
    expect(flagSuperLinearPrefill(samples)).toEqual([]);
  });

  it('judges a chunked form only from lengths of two chunks or more', () => {
    const withChunk = (n: number, ms: number) => ({
      ...prefillSample('linear', 'chunked', n, ms),
      chunk_size: 256,
    });
    // From 256 (one chunk) to 2048 this reads n^1.37; from 512 (two chunks) it is n^1.06.
    expect(flagSuperLinearPrefill([withChunk(256, 1.5), withChunk(512, 6), withChunk(2048, 26)])).toEqual([]);
    const flags = flagSuperLinearPrefill([withChunk(256, 1.5), withChunk(512, 6), withChunk(2048, 96)]);
    expect(flags[0]!.message).toMatch(/from n=512 to n=2048/);
  });

  it('flags a constant-state chunked form that grows like n^2', () => {
    const flags = flagSuperLinearPrefill([
      prefillSample('linear', 'chunked', 1024, 10),
      prefillSample('linear', 'chunked', 8192, 640),
    ]);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ mechanism: 'linear', form: 'chunked' });
    expect(flags[0]!.message).toMatch(/n\^2\.00 from n=1024 to n=8192/);
  });
});
