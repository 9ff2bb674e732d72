import { describe, expect, it } from 'vitest';
import { baselineMechanism, getMechanism, InvalidArgumentError, registerMechanism } from '../../src/index.js';

describe('the mechanism registry', () => {
  it('has softmax as its one baseline, and refuses a second', () => {
    expect(baselineMechanism()?.name).toBe('softmax');
    const second = { ...getMechanism('linear'), name: 'test-second-baseline', baseline: true };
    expect(() => registerMechanism(second)).toThrow(InvalidArgumentError);
    expect(() => registerMechanism(second)).toThrow(/'softmax' already is/);
    expect(() => getMechanism('test-second-baseline')).toThrow(/unknown mechanism/);
  });
});
