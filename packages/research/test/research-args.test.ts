import { InvalidArgumentError } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { parseResearchArgs } from '../src/args/research-args.js';

describe('parseResearchArgs', () => {
  it('reads a suite and its flags', () => {
    expect(parseResearchArgs(['mqar', '--quick', '--out', 'x'])).toMatchObject({
      suite: 'mqar',
      quick: true,
      backend: 'ort',
      out: 'x',
    });
    expect(
      parseResearchArgs(['--', 'lm', '--backend', 'tfjs', '--device', 'wasm', '--out', 'y']),
    ).toMatchObject({
      suite: 'lm',
      quick: false,
      backend: 'tfjs',
      device: 'wasm',
    });
    expect(parseResearchArgs(['instruments', '--from-lm', 'runs/lm', '--quick', '--out', 'z'])).toMatchObject(
      {
        suite: 'instruments',
        fromLm: 'runs/lm',
        quick: true,
      },
    );
    expect(parseResearchArgs(['instruments', '--out', 'z']).fromLm).toBeUndefined();
    expect(parseResearchArgs(['mqar', '--jobs', '3', '--out', 'x']).jobs).toBe(3);
    expect(parseResearchArgs(['lm', '--out', 'x']).jobs).toBe(1);
  });

  it.each([
    [['mqar'], /--out DIR is required/],
    [[], /no suite given/],
    [['recall', '--out', 'x'], /unknown suite 'recall'/],
    [['mqar', '--out', 'x', '--fast'], /Unknown option '--fast'/],
    [['mqar', 'lm', '--out', 'x'], /unexpected argument 'lm'/],
    [['mqar', '--out'], /argument missing/],
    [['mqar', '--out', 'x', '--device', 'cpu'], /--device needs --backend/],
    [['lm', '--from-lm', 'runs/lm', '--out', 'x'], /--from-lm is for the instruments suite, not lm/],
    [['instruments', '--from-lm', ' ', '--out', 'x'], /--from-lm needs the lm suite's --out folder/],
    [['mqar', '--out', 'x', '--jobs', '0'], /--jobs must be a positive integer, got '0'/],
    [['mqar', '--out', 'x', '--jobs', '1.5'], /--jobs must be a positive integer, got '1.5'/],
    [['lm', '--out', 'x', '--jobs', '2'], /--jobs applies to mqar only, not lm/],
  ])('%j is an InvalidArgumentError naming the mistake', (argv, message) => {
    expect(() => parseResearchArgs(argv)).toThrow(InvalidArgumentError);
    expect(() => parseResearchArgs(argv)).toThrow(message);
  });
});
