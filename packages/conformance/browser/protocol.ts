import type { GoldenRow } from '../src/golden/golden-report.js';
import type { AttentionShape } from '../src/suite/random-inputs.js';

/** What the test asks the page to run on one backend:device. Plain JSON: it crosses page.evaluate. */
export interface BrowserEnvRequest {
  readonly label: string;
  readonly backend: string;
  readonly device: string;
  readonly options?: Readonly<Record<string, unknown>>;
  /** Golden case files as URLs on the local static server. */
  readonly goldenUrls: readonly string[];
  readonly random: RandomCheckPlan;
}

/** Shapes kept tiny: SwiftShader runs WebGPU and WebGL on the CPU, and compiles are the slow part. */
export interface RandomCheckPlan {
  readonly seed: number;
  readonly shape: AttentionShape;
  readonly chunkSize: number;
  /**
   * One longer chunked run for the mechanisms with `conformance.longSequence` options (heinsen: blocks of 64 and up,
   * the top level read from key sums, sequence groups), against the float64 interpreter.
   */
  readonly long: { readonly shape: AttentionShape; readonly chunkSize: number };
}

/** One randomized check: a form on the browser backend vs the float64 interpreter, or form vs form. */
export interface RandomRow {
  readonly env: string;
  readonly mechanism: string;
  readonly shape: string;
  readonly check: string;
  readonly maxAbsErr: number;
  readonly maxRelErr: number;
  readonly tolerance: number;
  readonly pass: boolean;
  readonly reason?: string;
}

/** A golden row plus how long the form took in the page (compile + run), to see where time goes. */
export type TimedGoldenRow = GoldenRow & { readonly seconds: number };

export interface BrowserEnvResult {
  readonly env: string;
  /** Set when the backend could not be created; every row is then missing, and the env fails. */
  readonly creationError?: string;
  readonly golden: readonly TimedGoldenRow[];
  readonly random: readonly RandomRow[];
  readonly goldenSeconds: number;
  readonly randomSeconds: number;
}

/** The function the page entry installs on globalThis under PAGE_API. */
export type RunBrowserEnv = (request: BrowserEnvRequest) => Promise<BrowserEnvResult>;

export const PAGE_API = '__constantAttentionConformance';
