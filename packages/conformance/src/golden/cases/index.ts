import type { GoldenCaseRunner } from '../golden-case.js';
import { heinsenGoldenRunner } from './heinsen.js';
import { heinsenLmGoldenRunner } from './heinsen-lm.js';
import { heinsenSignedGoldenRunner } from './heinsen-signed.js';
import { linearEluGoldenRunner } from './linear-elu.js';
import { llnGoldenRunner } from './lln.js';

/** Every golden runner, one per format tag. A format without a runner here fails its cases visibly. */
const RUNNERS: readonly GoldenCaseRunner[] = [
  heinsenGoldenRunner,
  heinsenSignedGoldenRunner,
  heinsenLmGoldenRunner,
  llnGoldenRunner,
  linearEluGoldenRunner,
];

export const GOLDEN_RUNNERS: ReadonlyMap<string, GoldenCaseRunner> = new Map(
  RUNNERS.map((r) => [r.format, r]),
);
