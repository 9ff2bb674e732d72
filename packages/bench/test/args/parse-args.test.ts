import '@constant-attention/backend-ort';
import {
  BackendNotRegisteredError,
  getMechanism,
  InvalidArgumentError,
  mechanismNames,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../src/args/parse-args.js';

describe('parseBenchArgs', () => {
  it('fills defaults: ort:cpu, every registered mechanism without a gate input, bench-results/<suite>', () => {
    const args = parseBenchArgs(['decode']);
    expect(args.suite).toBe('decode');
    expect(args.quick).toBe(false);
    expect(args.backends).toEqual([{ backend: 'ort', device: 'cpu' }]);
    const ungated = mechanismNames().filter((m) => !getMechanism(m).usesGate);
    expect([...args.mechanisms].sort()).toEqual([...ungated].sort());
    expect(args.mechanisms[0]).toBe('softmax');
    expect(args.mechanisms).toEqual(expect.arrayContaining(['softmax', 'lln', 'linear', 'linear-elu']));
    expect(args.mechanisms).not.toContain('linear-gated');
    expect(args.lengths).toBeUndefined();
    expect(args.outDir).toBe('bench-results/decode');
  });

  it('parses every flag; lengths come back sorted and de-duplicated', () => {
    const args = parseBenchArgs([
      'prefill',
      '--quick',
      '--backends',
      'ort:cpu,ort:wasm',
      '--mechanisms',
      'heinsen,softmax',
      '--lengths',
      '4096,512,512',
      '--out',
      '/tmp/x',
    ]);
    expect(args).toEqual({
      suite: 'prefill',
      quick: true,
      backends: [
        { backend: 'ort', device: 'cpu' },
        { backend: 'ort', device: 'wasm' },
      ],
      mechanisms: ['heinsen', 'softmax'],
      lengths: [512, 4096],
      outDir: '/tmp/x',
    });
  });

  it('a bare backend name means its default device', () => {
    expect(parseBenchArgs(['decode', '--backends', 'ort']).backends).toEqual([
      { backend: 'ort', device: 'cpu' },
    ]);
  });

  it('rejects an unknown or missing suite, naming the known ones', () => {
    expect(() => parseBenchArgs(['decod'])).toThrow(InvalidArgumentError);
    expect(() => parseBenchArgs(['decod'])).toThrow(
      /unknown suite 'decod'.*decode, prefill, roofline, peers, train/,
    );
    expect(() => parseBenchArgs([])).toThrow(/missing suite name/);
    expect(() => parseBenchArgs(['decode', 'prefill'])).toThrow(/expected one suite/);
  });

  it('rejects an unregistered backend, an unknown device and a malformed spec', () => {
    expect(() => parseBenchArgs(['decode', '--backends', 'onnx:cpu'])).toThrow(BackendNotRegisteredError);
    expect(() => parseBenchArgs(['decode', '--backends', 'onnx:cpu'])).toThrow(/'onnx' is not registered/);
    expect(() => parseBenchArgs(['decode', '--backends', 'ort:tpu'])).toThrow(
      /backend 'ort' has no device 'tpu'/,
    );
    expect(() => parseBenchArgs(['decode', '--backends', 'ort:cpu:x'])).toThrow(
      /not of the form <backend>:<device>/,
    );
    expect(() => parseBenchArgs(['decode', '--backends', 'ort:'])).toThrow(/not of the form/);
    expect(() => parseBenchArgs(['decode', '--backends', ','])).toThrow(/--backends: the list is empty/);
  });

  it('rejects an unknown mechanism, listing the known ones', () => {
    expect(() => parseBenchArgs(['decode', '--mechanisms', 'heinsen,flash'])).toThrow(InvalidArgumentError);
    expect(() => parseBenchArgs(['decode', '--mechanisms', 'flash'])).toThrow(
      /unknown mechanism 'flash' \(known: .*heinsen/,
    );
  });

  it('rejects lengths that are not positive integers', () => {
    for (const bad of ['0', '-4', '1.5', '1e3', 'abc']) {
      expect(() => parseBenchArgs(['decode', '--lengths', `512,${bad}`])).toThrow(
        `--lengths: '${bad}' is not a positive integer`,
      );
    }
  });

  it('rejects unknown flags and flags missing their value', () => {
    expect(() => parseBenchArgs(['decode', '--fast'])).toThrow(InvalidArgumentError);
    expect(() => parseBenchArgs(['decode', '--fast'])).toThrow(/--fast/);
    expect(() => parseBenchArgs(['decode', '--lengths'])).toThrow(/--lengths/);
  });
});
