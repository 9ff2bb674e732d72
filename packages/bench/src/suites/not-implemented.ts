import type { Suite } from './suite.js';

export class SuiteNotImplementedError extends Error {
  constructor(readonly suite: string) {
    super(`suite '${suite}' is not implemented yet; it reports no numbers until it measures real ones`);
    this.name = 'SuiteNotImplementedError';
  }
}

/** A suite that refuses to run rather than print invented numbers. */
export function notImplemented(suite: string): Suite {
  return async () => {
    throw new SuiteNotImplementedError(suite);
  };
}
