import { InvalidArgumentError } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { parseTrainArgs } from '../src/node/cli/train-args.js';

describe('pnpm train arguments: the gpt preset mechanism', () => {
  const mechanismOf = (argv: string[]) => {
    const command = parseTrainArgs(['--out', 'x', '--preset', 'gpt', ...argv]);
    if (command.kind !== 'train') throw new Error(`expected a train command, got ${command.kind}`);
    const model = command.settings.model;
    return model.preset === 'gpt' ? model.config.mechanism : undefined;
  };

  it("defaults to the registry's baseline, softmax", () => {
    expect(mechanismOf([])).toBe('softmax');
  });

  it('takes any registered mechanism and rejects an unknown one, listing the registered', () => {
    expect(mechanismOf(['--mechanism', 'lln'])).toBe('lln');
    expect(() => mechanismOf(['--mechanism', 'flash'])).toThrow(InvalidArgumentError);
    expect(() => mechanismOf(['--mechanism', 'flash'])).toThrow(/known: .*linear-elu/);
  });

  it('--no-attention builds the gpt blocks without attention, and refuses a mechanism or another preset', () => {
    const command = parseTrainArgs(['--out', 'x', '--preset', 'gpt', '--no-attention']);
    expect(command.kind === 'train' && command.settings.model.config).toMatchObject({ attention: false });
    expect(mechanismOf(['--no-attention'])).toBeUndefined();
    expect(() => mechanismOf(['--no-attention', '--mechanism', 'lln'])).toThrow(/drop --mechanism/);
    expect(() => parseTrainArgs(['--out', 'x', '--no-attention'])).toThrow(
      /--no-attention is for --preset gpt/,
    );
  });
});
