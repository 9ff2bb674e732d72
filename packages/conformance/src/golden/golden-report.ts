/** One row of the golden table: a case on one backend:device in one form, or a case/env that failed before running. */
export interface GoldenRow {
  readonly case: string;
  readonly file: string;
  /** Mechanism label from the runner; '-' when the file could not be parsed or has no runner. */
  readonly mechanism: string;
  /** 'backend:device', or '-' for a file that failed to load. */
  readonly env: string;
  /** 'parallel' | 'chunked' | 'recurrent', or '-' when nothing ran. */
  readonly form: string;
  readonly maxAbsErr: number;
  readonly maxRelErr: number;
  /** The loosest relative tolerance among the compared arrays (NaN when nothing was compared). */
  readonly tolerance: number;
  readonly pass: boolean;
  readonly reason?: string;
}

export interface GoldenReport {
  readonly rows: readonly GoldenRow[];
  /** Envs not run because their backend is not registered (and was not asked for by name). */
  readonly skipped: readonly { readonly env: string; readonly reason: string }[];
  readonly passed: number;
  readonly failed: number;
}
