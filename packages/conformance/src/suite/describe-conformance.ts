import {
  type AnyMechanism,
  type Backend,
  createBackend,
  type FormRun,
  getMechanism,
  InvalidArgumentError,
  mechanismNames,
  ReferenceBackend,
  runChunked,
  runParallel,
  runRecurrent,
} from '@constant-attention/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { precisionFor } from '../golden/run-golden.js';
import type { ConformanceEnv } from './all-envs.js';
import { assertClose } from './assert-close.js';
import { describeBadInputs, describeMechanismBadInputs } from './describe-bad-inputs.js';
import { type AttentionShape, concatSequence, randomAttentionInputs, splitInputs } from './random-inputs.js';
import { CHUNK_SIZES, PROPERTY_RUNS, relativeTolerance, STREAMING_OPTIONS } from './suite-settings.js';

export interface ConformanceOptions {
  /** fast-check runs per property (default PROPERTY_RUNS). */
  readonly numRuns?: number;
  /** Mechanisms to cover (default: every registered one). */
  readonly mechanisms?: readonly string[];
}

const dim = (max: number) => fc.integer({ min: 1, max });

/** b, h in 1..2; n in 1..17 (most not multiples of any chunk size); dk, dv in 1..8. */
const causalShape: fc.Arbitrary<AttentionShape> = fc
  .record({ batch: dim(2), heads: dim(2), n: dim(17), dk: dim(8), dv: dim(8) })
  .map(({ n, ...rest }) => ({ ...rest, seqQ: n, seqK: n }));

const nonCausalShape: fc.Arbitrary<AttentionShape> = fc.record({
  batch: dim(2),
  heads: dim(2),
  seqQ: dim(17),
  seqK: dim(17),
  dk: dim(8),
  dv: dim(8),
});

async function expectRejection(run: Promise<unknown>, expected: new (...args: never[]) => Error) {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof expected)) {
    throw new Error(
      `expected ${expected.name} as on the oracle, got ${error === undefined ? 'success' : String(error)}`,
    );
  }
}

const STREAMING_PARALLEL = 'parallel (streaming options)';

const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

function describeMechanism(
  env: ConformanceEnv,
  mechanism: AnyMechanism,
  backendOf: () => Backend,
  numRuns: number,
) {
  const name = mechanism.name;
  const rel = relativeTolerance(name, precisionFor(env.backend));
  const streaming = STREAMING_OPTIONS[name] ?? {};
  const needsStreamingParallel = Object.keys(streaming).length > 0;
  const inputsFor = (shape: AttentionShape, s: number) =>
    randomAttentionInputs(shape, s, { withGate: mechanism.usesGate === true });
  const oracle = new ReferenceBackend();

  describe(name, () => {
    const isOracle = env.backend === 'reference';
    // On the reference env this would compare the interpreter with itself, which cannot fail.
    it.skipIf(isOracle)(`non-causal parallel matches the float64 oracle (rel ${rel})`, async () => {
      const backend = backendOf();
      await fc.assert(
        fc.asyncProperty(nonCausalShape, seed, async (shape, s) => {
          const run = (b: Backend, sh: AttentionShape) =>
            runParallel(b, mechanism, inputsFor(sh, s), { causal: false });
          const want = await run(oracle, shape).catch((err: unknown) => err);
          if (want instanceof InvalidArgumentError) {
            // A documented restriction (e.g. lln-diag needs n_q == n_k) must be enforced the same way
            // on every backend; the values are then compared on the nearest allowed shape.
            await expectRejection(run(backend, shape), InvalidArgumentError);
            const square = { ...shape, seqK: shape.seqQ };
            assertClose((await run(backend, square)).out, (await run(oracle, square)).out, rel, 'non-causal');
            return;
          }
          if (want instanceof Error) throw want;
          assertClose((await run(backend, shape)).out, (want as FormRun).out, rel, 'parallel non-causal');
        }),
        { numRuns },
      );
    });

    // One property for both claims, so each backend compiles every causal form once per run.
    const causalTitle = isOracle
      ? `recurrent == chunked == parallel (rel ${rel})`
      : `causal forms match the float64 oracle, and recurrent == chunked == parallel (rel ${rel})`;
    it(causalTitle, async () => {
      const backend = backendOf();
      await fc.assert(
        fc.asyncProperty(causalShape, seed, fc.constantFrom(...CHUNK_SIZES), async (shape, s, chunkSize) => {
          const inputs = inputsFor(shape, s);
          const forms: Record<string, (b: Backend) => Promise<FormRun>> = {
            parallel: (b) => runParallel(b, mechanism, inputs, { causal: true }),
            chunked: (b) => runChunked(b, mechanism, inputs, { chunkSize }),
            recurrent: (b) => runRecurrent(b, mechanism, inputs, streaming),
          };
          if (needsStreamingParallel) {
            forms[STREAMING_PARALLEL] = (b) =>
              runParallel(b, mechanism, inputs, { ...streaming, causal: true });
          }
          const got: Record<string, FormRun> = {};
          for (const [label, run] of Object.entries(forms)) {
            got[label] = await run(backend);
            if (!isOracle) assertClose(got[label]!.out, (await run(oracle)).out, rel, `${label} vs oracle`);
          }
          assertClose(got.chunked!.out, got.parallel!.out, rel, `chunked (C=${chunkSize}) vs parallel`);
          assertClose(
            got.recurrent!.out,
            got[needsStreamingParallel ? STREAMING_PARALLEL : 'parallel']!.out,
            rel,
            'recurrent vs parallel',
          );
        }),
        { numRuns },
      );
    });

    it(`parallel prefix, then recurrent continuation == full parallel (rel ${rel})`, async () => {
      const backend = backendOf();
      const split = fc
        .tuple(
          causalShape.filter((sh) => sh.seqQ >= 2),
          seed,
        )
        .chain(([shape, s]) =>
          fc.tuple(fc.constant(shape), fc.constant(s), fc.integer({ min: 1, max: shape.seqQ - 1 })),
        );
      await fc.assert(
        fc.asyncProperty(split, async ([shape, s, prefixLength]) => {
          const inputs = inputsFor(shape, s);
          const options = { ...streaming, causal: true };
          const full = await runParallel(backend, mechanism, inputs, options);
          const prefix = await runParallel(backend, mechanism, splitInputs(inputs, 0, prefixLength), options);
          const rest = await runRecurrent(
            backend,
            mechanism,
            splitInputs(inputs, prefixLength, shape.seqQ),
            streaming,
            prefix.state,
          );
          assertClose(
            concatSequence(prefix.out, rest.out),
            full.out,
            rel,
            `prefix ${prefixLength} + continuation`,
          );
        }),
        { numRuns },
      );
    });

    describeMechanismBadInputs(backendOf, mechanism);
  });
}

/**
 * Defines the conformance tests for one backend:device. The backend must be registered: creating it
 * is the first thing checked, so an env that cannot start fails loudly instead of passing vacuously.
 */
export function describeConformance(env: ConformanceEnv, options: ConformanceOptions = {}): void {
  const numRuns = options.numRuns ?? PROPERTY_RUNS;
  describe(`conformance on ${env.label}`, () => {
    let backend: Backend | undefined;
    let creationError: unknown;
    beforeAll(async () => {
      try {
        backend = await createBackend({ backend: env.backend, device: env.device });
      } catch (err) {
        creationError = err;
      }
    });
    afterAll(async () => backend?.dispose());
    const backendOf = (): Backend => {
      if (!backend) throw new Error(`could not create ${env.label}: ${String(creationError)}`);
      return backend;
    };

    it('creates the backend on the requested device', () => {
      const b = backendOf();
      if (b.name !== env.backend || b.device !== env.device) {
        throw new Error(`asked for ${env.label}, got ${b.name}:${b.device}`);
      }
    });
    describeBadInputs(backendOf);
    const names = options.mechanisms ?? mechanismNames();
    if (names.length === 0) it.skip('no mechanisms are registered in core yet', () => {});
    for (const name of names) describeMechanism(env, getMechanism(name), backendOf, numRuns);
  });
}
