import type { GoldenCaseRunner } from '../golden-case.js';

/** Every golden runner, one per format tag. A format without a runner here fails its cases visibly. */
const RUNNERS: readonly GoldenCaseRunner[] = [];

export const GOLDEN_RUNNERS: ReadonlyMap<string, GoldenCaseRunner> = new Map(
  RUNNERS.map((r) => [r.format, r]),
);
