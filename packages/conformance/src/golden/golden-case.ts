import type { Backend, FormName, Tensor } from '@constant-attention/core';

/** One parsed golden file: arrays keyed by path ('inputs.Q', 'outputs.final_state.log_H_S'), in float64. */
export interface GoldenCase {
  readonly file: string;
  readonly format: string;
  readonly name: string;
  // biome-ignore lint/suspicious/noExplicitAny: the header is free-form JSON whose fields each runner reads and checks.
  readonly header: Record<string, any>;
  readonly arrays: ReadonlyMap<string, Tensor>;
  /** Scalar leaves such as 'outputs.stats.alpha'. */
  readonly scalars: ReadonlyMap<string, number>;
  /**
   * Reads a file the case names (e.g. `header.weights`), beside the case file. Set by the Node loader;
   * a case that needs one fails with a reason where it is absent.
   */
  readonly readAttachment?: (name: string) => Promise<Uint8Array>;
}

/** A failure to parse or validate a case file; the runner reports it as a failed row, never a crash. */
export interface GoldenLoadFailure {
  readonly file: string;
  readonly reason: string;
}

export interface Tolerance {
  /** Pass when |actual - expected| <= rel * max(1, |expected|). */
  readonly rel: number;
}

/** One array to compare; -inf in `expected` must be matched exactly, NaN anywhere fails. */
export interface Comparison {
  readonly name: string;
  readonly actual: Tensor;
  readonly expected: Tensor;
  readonly tolerance: Tolerance;
}

export type Precision = 'float64' | 'float32';

/**
 * Knows one golden format: which forms apply to a case, and how to run a form on a backend and list
 * what to compare. Tolerances come from that folder's README.
 */
export interface GoldenCaseRunner {
  readonly format: string;
  /** Mechanism label for the table: the `name` of the unit the runner runs. */
  readonly mechanism: string;
  forms(golden: GoldenCase): readonly FormName[];
  run(
    backend: Backend,
    form: FormName,
    golden: GoldenCase,
    precision: Precision,
  ): Promise<readonly Comparison[]>;
}

export function requireArray(golden: GoldenCase, path: string): Tensor {
  const t = golden.arrays.get(path);
  if (!t) throw new Error(`${golden.name}: missing array '${path}'`);
  return t;
}
