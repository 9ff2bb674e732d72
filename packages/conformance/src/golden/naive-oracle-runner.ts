import {
  type AnyMechanism,
  type Backend,
  evaluate,
  type FormName,
  GraphBuilder,
  getMechanism,
  type HostAttentionInputs,
  mechanismNames,
  runChunked,
  runParallel,
  runRecurrent,
  type Tensor,
  type Value,
} from '@constant-attention/core';
import { conformanceOf } from '../suite/conformance-of.js';
import { randomAttentionInputs } from '../suite/random-inputs.js';
import { FLOAT32_REL, FLOAT64_REL } from '../suite/suite-settings.js';
import type { Comparison, GoldenCase, GoldenCaseRunner } from './golden-case.js';

/** 7 tokens, chunks of 3: a padded last chunk; two heads; d_k != d_v. Fixed seed, so every run sees the same. */
const SHAPE = { batch: 1, heads: 2, seqQ: 7, seqK: 7, dk: 3, dv: 2 };
const CHUNK_SIZE = 3;
const SEED = 20240;
const FORMS: readonly FormName[] = ['parallel', 'chunked', 'recurrent'];

/** The mechanism's `naive` (its naive.ts) on the float64 reference interpreter: the oracle of these rows. */
function naiveOut(
  mechanism: AnyMechanism,
  inputs: HostAttentionInputs,
  options: object,
  causal: boolean,
): Tensor {
  const b = new GraphBuilder();
  const declared: Record<string, Value> = {};
  const feeds: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(inputs) as [string, Tensor | undefined][]) {
    if (!t) continue;
    declared[name] = b.input(name, 'float32', t.shape);
    feeds[name] = t;
  }
  const out = mechanism.naive!(b, declared as never, { ...mechanism.defaultOptions, ...options, causal });
  return evaluate(b.build({ out }), feeds).out!;
}

/**
 * `pnpm golden`'s rows for one registered mechanism: every form on seeded random inputs against its
 * `naive` oracle (the parallel form both causal and not). A mechanism without `naive` fails its row
 * with that reason rather than passing unchecked. The recurrent form runs under the unit's streaming
 * options (e.g. lln's frozen scales, without which it cannot start), and so does its oracle.
 */
export function naiveOracleRunner(name: string): GoldenCaseRunner {
  return {
    format: 'naive-oracle',
    mechanism: name,
    forms() {
      if (!getMechanism(name).naive) {
        throw new Error(`mechanism '${name}' has no naive.ts oracle (its unit's \`naive\` is missing)`);
      }
      return FORMS;
    },
    async run(
      backend: Backend,
      form: FormName,
      _golden: GoldenCase,
      precision,
    ): Promise<readonly Comparison[]> {
      const mechanism = getMechanism(name);
      const inputs = randomAttentionInputs(SHAPE, SEED, { withGate: mechanism.usesGate === true });
      const tolerance = { rel: precision === 'float64' ? FLOAT64_REL : FLOAT32_REL };
      if (form === 'parallel') {
        return Promise.all(
          [true, false].map(async (causal) => ({
            name: causal ? 'out (causal)' : 'out (non-causal)',
            actual: (await runParallel(backend, mechanism, inputs, { causal })).out,
            expected: naiveOut(mechanism, inputs, {}, causal),
            tolerance,
          })),
        );
      }
      if (form === 'chunked') {
        const actual = (await runChunked(backend, mechanism, inputs, { chunkSize: CHUNK_SIZE })).out;
        return [{ name: 'out', actual, expected: naiveOut(mechanism, inputs, {}, true), tolerance }];
      }
      const streaming = conformanceOf(mechanism)?.streaming ?? {};
      const actual = (await runRecurrent(backend, mechanism, inputs, streaming)).out;
      return [{ name: 'out', actual, expected: naiveOut(mechanism, inputs, streaming, true), tolerance }];
    },
  };
}

/** One synthetic case per registered mechanism, with its runner: no file, so nothing to forget to add. */
export function naiveOracleCases(): { readonly golden: GoldenCase; readonly runner: GoldenCaseRunner }[] {
  return mechanismNames().map((name) => ({
    golden: {
      file: '(naive.ts)',
      format: 'naive-oracle',
      name: `${name} forms vs naive.ts`,
      header: {},
      arrays: new Map(),
      scalars: new Map(),
    },
    runner: naiveOracleRunner(name),
  }));
}
