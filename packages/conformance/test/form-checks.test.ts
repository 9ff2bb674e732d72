import {
  type Backend,
  type Graph,
  getMechanism,
  ReferenceBackend,
  type RunOptions,
  type RunResult,
  STATE_IN_PREFIX,
  Tensor,
  type TensorLike,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import {
  checkCausalForms,
  checkChunkedContinuation,
  checkNonCausalAgainstOracle,
  checkPrefixContinuation,
  type FormCheckContext,
} from '../src/suite/form-checks.js';

/**
 * The reference backend with a planted bug: `out` is shifted by `delta` in the graphs `affected` picks.
 * The suite's checks must catch it; otherwise they could pass on a broken backend.
 */
function buggyBackend(delta: number, affected: (graph: Graph) => boolean): Backend {
  const inner = new ReferenceBackend();
  return {
    name: 'buggy',
    device: 'cpu',
    upload: (t) => inner.upload(t),
    dispose: () => inner.dispose(),
    async compile(graph) {
      const exe = await inner.compile(graph);
      const run = async (feeds: Readonly<Record<string, TensorLike>>, options?: RunOptions) => {
        const result: RunResult = await exe.run(feeds, options ?? {});
        const out = result.out;
        if (affected(graph) && out instanceof Tensor) {
          result.out = Tensor.float64(
            Array.from(out.data, (x) => x + delta),
            out.shape,
          );
        }
        return result;
      };
      return { graph, run, dispose: () => exe.dispose() } as Awaited<ReturnType<Backend['compile']>>;
    },
  };
}

const isStepGraph = (g: Graph) => g.inputs.some((i) => i.name.startsWith(STATE_IN_PREFIX));
const mechanism = getMechanism('linear-elu');
const context = (backend: Backend, compareWithOracle: boolean): FormCheckContext => ({
  backend,
  mechanism,
  rel: 1e-4,
  numRuns: 3,
  compareWithOracle,
});

/** fast-check wraps the failing assertion; the property's own message is its cause. */
async function failureOf(check: Promise<void>): Promise<string> {
  const error = await check.then(
    () => undefined,
    (e: unknown) => e as Error & { cause?: Error },
  );
  if (!error) throw new Error('the check passed on a buggy backend');
  return error.cause?.message ?? error.message;
}

describe('form checks catch planted bugs', () => {
  it('pass on an honest backend (control)', async () => {
    const honest = buggyBackend(0, () => true);
    await checkNonCausalAgainstOracle(context(honest, true));
    await checkCausalForms(context(honest, true));
    await checkPrefixContinuation(context(honest, false));
    await checkChunkedContinuation(context(honest, false));
  });

  it('non-causal check rejects outputs off by 1e-3', async () => {
    const buggy = buggyBackend(1e-3, () => true);
    expect(await failureOf(checkNonCausalAgainstOracle(context(buggy, true)))).toMatch(/non-causal/);
  });

  it('causal check rejects a wrong recurrent form even without the oracle', async () => {
    expect(await failureOf(checkCausalForms(context(buggyBackend(1e-3, isStepGraph), false)))).toMatch(
      /recurrent vs parallel/,
    );
  });

  it('causal check compares each form with the oracle', async () => {
    // Every form shifted alike: the forms agree with each other, only the oracle can tell.
    const buggy = buggyBackend(1e-3, () => true);
    expect(await failureOf(checkCausalForms(context(buggy, true)))).toMatch(/vs oracle/);
  });

  it('prefix continuation check rejects a wrong step graph', async () => {
    expect(await failureOf(checkPrefixContinuation(context(buggyBackend(1e-3, isStepGraph), false)))).toMatch(
      /continuation/,
    );
  });

  it('chunked continuation check rejects a form that continues from a state wrongly', async () => {
    // Only the runs fed a state (past.* inputs) are off; one pass over everything stays right.
    const buggy = buggyBackend(1e-3, isStepGraph);
    expect(await failureOf(checkChunkedContinuation(context(buggy, false)))).toMatch(/from its state/);
  });
});
