import { describe, expect, it } from 'vitest';
import { BackendFailureError, InvalidArgumentError, reportCliError } from '../../src/index.js';

function report(err: unknown): { code: number; text: string } {
  let text = '';
  const code = reportCliError(err, (t) => {
    text += t;
  });
  return { code, text };
}

describe('reportCliError', () => {
  it('a ConstantAttentionError is one line with exit code 2, the first line of its message', () => {
    expect(report(new InvalidArgumentError('--dk must be a positive integer\nusage: ...'))).toEqual({
      code: 2,
      text: 'error: --dk must be a positive integer\n',
    });
    expect(report(new BackendFailureError('ort/cpu: failed')).code).toBe(2);
  });

  it('a bug keeps its stack, with exit code 1', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'shape')");
    const { code, text } = report(bug);
    expect(code).toBe(1);
    expect(text).toContain('TypeError: Cannot read properties of undefined');
    expect(text).toContain('report-cli-error.test.ts');
  });

  it('a file system error without a path (not about a file the user named) is a bug', () => {
    const err = Object.assign(new Error('spawn failed'), { code: 'ENOENT' });
    expect(report(err).code).toBe(1);
  });
});
