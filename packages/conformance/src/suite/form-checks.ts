import {
  type AnyMechanism,
  type Backend,
  type FormRun,
  InvalidArgumentError,
  ReferenceBackend,
  runChunked,
  runParallel,
  runRecurrent,
} from '@constant-attention/core';
import fc from 'fast-check';
import { assertClose } from './assert-close.js';
import { conformanceOf } from './conformance-of.js';
import {
  type AttentionShape,
  concatSequence,
  randomAttentionInputs,
  sliceSequence,
  splitInputs,
} from './random-inputs.js';
import { CHUNK_SIZES, LONG_CHUNK_SIZES } from './suite-settings.js';

/** What one property needs: where to run, what, how close, how often, and whether to consult the oracle. */
export interface FormCheckContext {
  readonly backend: Backend;
  readonly mechanism: AnyMechanism;
  readonly rel: number;
  readonly numRuns: number;
  /** False on the reference env, where comparing with the oracle would compare it with itself. */
  readonly compareWithOracle: boolean;
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

const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

const STREAMING_PARALLEL = 'parallel (streaming options)';

const oracle = new ReferenceBackend();

function inputsFor(mechanism: AnyMechanism, shape: AttentionShape, s: number) {
  return randomAttentionInputs(shape, s, { withGate: mechanism.usesGate === true });
}

/** Its unit's options under which the recurrent form reproduces the parallel one (e.g. lln's frozen scales). */
function streamingOptions(mechanism: AnyMechanism): object {
  return conformanceOf(mechanism)?.streaming ?? {};
}

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

/** Non-causal parallel (n_q != n_k) against the float64 oracle. */
export async function checkNonCausalAgainstOracle(ctx: FormCheckContext): Promise<void> {
  const { backend, mechanism, rel } = ctx;
  await fc.assert(
    fc.asyncProperty(nonCausalShape, seed, async (shape, s) => {
      const run = (b: Backend, sh: AttentionShape) =>
        runParallel(b, mechanism, inputsFor(mechanism, sh, s), { causal: false });
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
    { numRuns: ctx.numRuns },
  );
}

/**
 * Causal parallel, chunked (random C) and recurrent, each run once on the backend: each against the
 * same form on the oracle (when asked), then chunked vs parallel and recurrent vs parallel on the backend.
 */
export async function checkCausalForms(ctx: FormCheckContext): Promise<void> {
  const { backend, mechanism, rel } = ctx;
  const streaming = streamingOptions(mechanism);
  const needsStreamingParallel = Object.keys(streaming).length > 0;
  await fc.assert(
    fc.asyncProperty(causalShape, seed, fc.constantFrom(...CHUNK_SIZES), async (shape, s, chunkSize) => {
      const inputs = inputsFor(mechanism, shape, s);
      const forms: Record<string, (b: Backend) => Promise<FormRun>> = {
        parallel: (b) => runParallel(b, mechanism, inputs, { causal: true }),
        chunked: (b) => runChunked(b, mechanism, inputs, { chunkSize }),
        recurrent: (b) => runRecurrent(b, mechanism, inputs, streaming),
      };
      if (needsStreamingParallel) {
        forms[STREAMING_PARALLEL] = (b) => runParallel(b, mechanism, inputs, { ...streaming, causal: true });
      }
      const got: Record<string, FormRun> = {};
      for (const [label, run] of Object.entries(forms)) {
        got[label] = await run(backend);
        if (ctx.compareWithOracle) {
          assertClose(got[label]!.out, (await run(oracle)).out, rel, `${label} vs oracle`);
        }
      }
      assertClose(got.chunked!.out, got.parallel!.out, rel, `chunked (C=${chunkSize}) vs parallel`);
      const reference = got[needsStreamingParallel ? STREAMING_PARALLEL : 'parallel']!;
      assertClose(got.recurrent!.out, reference.out, rel, 'recurrent vs parallel');
    }),
    { numRuns: ctx.numRuns },
  );
}

/** A causal shape of at least 2 tokens, a seed, and where to split it: 1 .. n - 1 tokens before. */
const causalSplit = fc
  .tuple(
    causalShape.filter((sh) => sh.seqQ >= 2),
    seed,
  )
  .chain(([shape, s]) =>
    fc.tuple(fc.constant(shape), fc.constant(s), fc.integer({ min: 1, max: shape.seqQ - 1 })),
  );

/** The state a causal parallel prefix returns, continued token by token, reproduces the full parallel run. */
export async function checkPrefixContinuation(ctx: FormCheckContext): Promise<void> {
  const { backend, mechanism, rel } = ctx;
  const streaming = streamingOptions(mechanism);
  await fc.assert(
    fc.asyncProperty(causalSplit, async ([shape, s, prefixLength]) => {
      const inputs = inputsFor(mechanism, shape, s);
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
      const joined = concatSequence(prefix.out, rest.out);
      assertClose(joined, full.out, rel, `prefix ${prefixLength} + continuation`);
    }),
    { numRuns: ctx.numRuns },
  );
}

/**
 * Prefill from a state, as fla's initial_state: chunked(prefix), then chunked(rest, from its state),
 * equals one chunked pass (output and final state), and so does the causal parallel form from that
 * state where the mechanism's parallel form reads one. Splits land anywhere, including inside chunks
 * and inside lln-diag's blocks. The empty state continues like no state at all.
 */
export async function checkChunkedContinuation(ctx: FormCheckContext): Promise<void> {
  const { backend, mechanism, rel } = ctx;
  const streaming = streamingOptions(mechanism);
  const split = fc.tuple(causalSplit, fc.constantFrom(...CHUNK_SIZES));
  await fc.assert(
    fc.asyncProperty(split, async ([[shape, s, prefixLength], chunkSize]) => {
      const inputs = inputsFor(mechanism, shape, s);
      const options = { ...streaming, chunkSize };
      const whole = await runChunked(backend, mechanism, inputs, options);
      const prefix = await runChunked(backend, mechanism, splitInputs(inputs, 0, prefixLength), options);
      const rest = splitInputs(inputs, prefixLength, shape.seqQ);
      const want = sliceSequence(whole.out, prefixLength, shape.seqQ);
      const chunked = await runChunked(backend, mechanism, rest, options, prefix.state);
      const label = `prefix ${prefixLength}, C=${chunkSize}`;
      assertClose(chunked.out, want, rel, `${label}: chunked from its state`);
      for (const [name, t] of Object.entries(whole.state ?? {}))
        assertClose(chunked.state![name]!, t, rel, `${label}: final state '${name}'`);
      // The state before any token (softmax: a 0-row cache; lln: m = -inf) continues like no state.
      const dims = { batch: shape.batch, heads: shape.heads, dk: shape.dk, dv: shape.dv };
      const empty = mechanism.initialState(dims, { ...mechanism.defaultOptions, ...streaming });
      const fresh = await runChunked(backend, mechanism, inputs, options, empty);
      assertClose(fresh.out, whole.out, rel, `C=${chunkSize}: chunked from the empty state`);
      if (!mechanism.parallelContinuesFromState) return;
      const parallelOptions = { ...streaming, causal: true };
      const parallel = await runParallel(backend, mechanism, rest, parallelOptions, prefix.state);
      assertClose(parallel.out, want, rel, `${label}: causal parallel from its state`);
      const parallelFresh = await runParallel(backend, mechanism, inputs, parallelOptions, empty);
      assertClose(parallelFresh.out, whole.out, rel, 'causal parallel from the empty state');
    }),
    { numRuns: ctx.numRuns },
  );
}

/** b = 1, h in 1..2, n in 130..300 (two to five chunks of 64 or 100, with a short tail), dk, dv in 2..8. */
const longCausalShape: fc.Arbitrary<AttentionShape> = fc
  .record({ heads: dim(2), n: fc.integer({ min: 130, max: 300 }), dk: fc.integer({ min: 2, max: 8 }) })
  .chain((r) => fc.record({ dv: fc.integer({ min: 2, max: 8 }) }).map(({ dv }) => ({ ...r, dv })))
  .map(({ n, ...rest }) => ({ ...rest, batch: 1, seqQ: n, seqK: n }));

/**
 * The chunked form at chunk sizes and lengths the small-shape property never reaches (blocks of 64
 * and 128, several chunks, a padded tail; with the unit's `longSequence` options, the paths only long
 * sequences reach), against the same form on the float64 oracle.
 */
export async function checkLongChunkedAgainstOracle(ctx: FormCheckContext): Promise<void> {
  const { backend, mechanism, rel } = ctx;
  const extra = conformanceOf(mechanism)?.longSequence ?? {};
  await fc.assert(
    fc.asyncProperty(
      longCausalShape,
      seed,
      fc.constantFrom(...LONG_CHUNK_SIZES),
      async (shape, s, chunkSize) => {
        const inputs = inputsFor(mechanism, shape, s);
        const run = (b: Backend) => runChunked(b, mechanism, inputs, { ...extra, chunkSize });
        assertClose(
          (await run(backend)).out,
          (await run(oracle)).out,
          rel,
          `chunked (C=${chunkSize}, n=${shape.seqQ}) vs oracle`,
        );
      },
    ),
    { numRuns: ctx.numRuns },
  );
}
