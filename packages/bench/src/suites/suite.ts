import type { Backend } from '@constant-attention/core';
import type { BenchArgs } from '../args/bench-args.js';
import type { BenchSample, Contradiction } from '../schema/bench-results.js';

export interface SuiteContext {
  readonly args: BenchArgs;
  /** One created backend per --backends entry, in order. */
  readonly backends: readonly Backend[];
}

export interface SuiteOutput {
  readonly samples: readonly BenchSample[];
  readonly contradictions: readonly Contradiction[];
  readonly summary: Readonly<Record<string, unknown>>;
  /** The newcomer's table, printed to stdout and written as results.md. */
  readonly markdown: string;
  /** file name -> vega-lite spec, rendered to SVG next to results.json. */
  readonly plots: Readonly<Record<string, object>>;
}

export type Suite = (context: SuiteContext) => Promise<SuiteOutput>;
