import type { BackendConfig } from '@constant-attention/core';

export const SUITE_NAMES = ['decode', 'prefill', 'roofline', 'peers', 'train'] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

export interface BenchArgs {
  readonly suite: SuiteName;
  readonly quick: boolean;
  readonly backends: readonly (BackendConfig & { readonly device: string })[];
  readonly mechanisms: readonly string[];
  /** Undefined means the suite's own default lengths (which depend on --quick). */
  readonly lengths?: readonly number[];
  readonly outDir: string;
}
