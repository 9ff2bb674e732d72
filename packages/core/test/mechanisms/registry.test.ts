import { describe, expect, it } from 'vitest';
import {
  baselineFirst,
  baselineMechanism,
  getMechanism,
  InvalidArgumentError,
  registerMechanism,
} from '../../src/index.js';

describe('the mechanism registry', () => {
  it('has softmax as its one baseline, and refuses a second', () => {
    expect(baselineMechanism()?.name).toBe('softmax');
    const second = { ...getMechanism('linear'), name: 'test-second-baseline', baseline: true };
    expect(() => registerMechanism(second)).toThrow(InvalidArgumentError);
    expect(() => registerMechanism(second)).toThrow(/'softmax' already is/);
    expect(() => getMechanism('test-second-baseline')).toThrow(/unknown mechanism/);
  });

  it('puts the baseline first and keeps the rest in order; a list without it is unchanged', () => {
    expect(baselineFirst(['heinsen', 'softmax', 'lln'])).toEqual(['softmax', 'heinsen', 'lln']);
    expect(baselineFirst(['lln', 'heinsen'])).toEqual(['lln', 'heinsen']);
  });
});
