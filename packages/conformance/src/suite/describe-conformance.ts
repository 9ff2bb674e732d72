import {
  type AnyMechanism,
  type Backend,
  createBackend,
  getMechanism,
  mechanismNames,
} from '@constant-attention/core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { precisionFor } from '../golden/run-golden.js';
import type { ConformanceEnv } from './all-envs.js';
import { checkConformanceCase } from './conformance-case-check.js';
import { conformanceOf } from './conformance-of.js';
import { describeBadInputs, describeMechanismBadInputs } from './describe-bad-inputs.js';
import {
  checkCausalForms,
  checkChunkedContinuation,
  checkLongChunkedAgainstOracle,
  checkNonCausalAgainstOracle,
  checkPrefixContinuation,
  type FormCheckContext,
} from './form-checks.js';
import { PROPERTY_RUNS, relativeTolerance } from './suite-settings.js';

export interface ConformanceOptions {
  /** fast-check runs per property (default PROPERTY_RUNS). */
  readonly numRuns?: number;
  /** Mechanisms to cover (default: every registered one). */
  readonly mechanisms?: readonly string[];
}

function describeMechanism(
  env: ConformanceEnv,
  mechanism: AnyMechanism,
  backendOf: () => Backend,
  numRuns: number,
) {
  const rel = relativeTolerance(precisionFor(env.backend));
  const isOracle = env.backend === 'reference';
  const context = (): FormCheckContext => ({
    backend: backendOf(),
    mechanism,
    rel,
    numRuns,
    compareWithOracle: !isOracle,
  });

  describe(mechanism.name, () => {
    // On the reference env this would compare the interpreter with itself, which cannot fail.
    it.skipIf(isOracle)(`non-causal parallel matches the float64 oracle (rel ${rel})`, () =>
      checkNonCausalAgainstOracle(context()),
    );
    const causalTitle = isOracle
      ? `recurrent == chunked == parallel (rel ${rel})`
      : `causal forms match the float64 oracle, and recurrent == chunked == parallel (rel ${rel})`;
    it(causalTitle, () => checkCausalForms(context()));
    it(`parallel prefix, then recurrent continuation == full parallel (rel ${rel})`, () =>
      checkPrefixContinuation(context()));
    it(`chunked prefix, then chunked and causal parallel from its state == one chunked pass (rel ${rel})`, () =>
      checkChunkedContinuation(context()));
    it.skipIf(isOracle)(
      `long chunked runs (n 130-300, C 64 or 100) match the float64 oracle (rel ${rel})`,
      () => checkLongChunkedAgainstOracle({ ...context(), numRuns: Math.min(2, numRuns) }),
    );
    // The unit's own corners (e.g. both sides of a guard), each against the float64 oracle.
    for (const c of conformanceOf(mechanism)?.cases?.() ?? [])
      it.skipIf(isOracle)(`${c.title} matches the float64 oracle (rel ${rel})`, () =>
        checkConformanceCase(context(), c),
      );
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
    for (const name of names) describeMechanism(env, getMechanism(name), backendOf, numRuns);
  });
}
