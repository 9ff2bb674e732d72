import {
  type AnyMechanism,
  type Backend,
  buildParallelGraph,
  type ConstantAttentionError,
  DTypeError,
  type Executable,
  FeedError,
  GraphBuilder,
  InvalidInputValueError,
  RankError,
  ShapeError,
  Tensor,
  type TensorLike,
} from '@constant-attention/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type ErrorClass = abstract new (...args: never[]) => ConstantAttentionError;

async function expectTypedRejection(
  run: Promise<unknown>,
  expected: ErrorClass,
  mentions: readonly string[],
): Promise<void> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a ${expected.name}, but the run succeeded`).toBeDefined();
  // A raw runtime error (ORT's, tfjs's) here means the backend skipped validateFeeds.
  expect(error, `got ${String(error)}`).toBeInstanceOf(expected);
  for (const word of mentions) expect((error as Error).message).toContain(word);
}

const f32 = (shape: number[], fill = 0.5) => Tensor.full(shape, fill);

/** x, y: float32 ['batch', 3]; out = x + y. Small enough that every backend compiles it instantly. */
function tinyGraph() {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', ['batch', 3]);
  const y = b.input('y', 'float32', ['batch', 3]);
  return b.build({ out: b.add(x, y) });
}

/** Malformed feeds must raise core's typed errors on every backend, never the runtime's own. */
export function describeBadInputs(backendOf: () => Backend): void {
  describe('bad feeds raise typed errors', () => {
    let exe: Executable;
    beforeAll(async () => {
      exe = await backendOf().compile(tinyGraph());
    });
    afterAll(async () => exe?.dispose());
    const run = (feeds: Record<string, TensorLike>) => exe.run(feeds);

    it('accepts well-formed feeds (control) and computes x + y', async () => {
      const out = await run({ x: f32([2, 3], 1.5), y: f32([2, 3], 2.25) });
      expect(out.out!.shape).toEqual([2, 3]);
      expect(Array.from(out.out!.data)).toEqual([3.75, 3.75, 3.75, 3.75, 3.75, 3.75]);
    });
    it('unknown feed name -> FeedError', async () => {
      await expectTypedRejection(run({ x: f32([2, 3]), y: f32([2, 3]), z: f32([2, 3]) }), FeedError, ["'z'"]);
    });
    it('missing feed -> FeedError', async () => {
      await expectTypedRejection(run({ x: f32([2, 3]) }), FeedError, ["'y'"]);
    });
    it('wrong dtype -> DTypeError', async () => {
      await expectTypedRejection(run({ x: Tensor.int32([1, 2, 3], [1, 3]), y: f32([1, 3]) }), DTypeError, [
        'int32',
      ]);
    });
    it('wrong rank -> RankError', async () => {
      await expectTypedRejection(run({ x: f32([3]), y: f32([1, 3]) }), RankError, ["'x'"]);
    });
    it('wrong fixed dim -> ShapeError', async () => {
      await expectTypedRejection(run({ x: f32([2, 4]), y: f32([2, 3]) }), ShapeError, ["'x'"]);
    });
    it('inconsistent symbolic dim across feeds -> ShapeError', async () => {
      await expectTypedRejection(run({ x: f32([2, 3]), y: f32([5, 3]) }), ShapeError, ['batch']);
    });
    it('NaN in a feed -> InvalidInputValueError', async () => {
      const x = Tensor.float32([0, 1, Number.NaN, 3, 4, 5], [2, 3]);
      await expectTypedRejection(run({ x, y: f32([2, 3]) }), InvalidInputValueError, ["'x'", 'NaN']);
    });
  });
}

/** The same contract on a real attention graph: mismatched head dims and NaN are caught before the runtime. */
export function describeMechanismBadInputs(backendOf: () => Backend, mechanism: AnyMechanism): void {
  it(`${mechanism.name}: malformed q/k/v feeds raise typed errors`, async () => {
    const graph = buildParallelGraph(
      mechanism,
      // Concrete dims, as runParallel builds them (some mechanisms need a concrete causal length).
      { batch: 1, heads: 2, seqQ: 5, seqK: 5, dk: 4, dv: 3 },
      { causal: true },
    );
    const exe = await backendOf().compile(graph);
    try {
      const feeds = (overrides: Record<string, Tensor>) => {
        const base: Record<string, Tensor> = {
          q: f32([1, 2, 5, 4]),
          k: f32([1, 2, 5, 4]),
          v: f32([1, 2, 5, 3]),
        };
        if (mechanism.usesGate) base.gate = f32([1, 2, 5, 1]);
        return { ...base, ...overrides };
      };
      await expectTypedRejection(exe.run(feeds({ k: f32([1, 2, 5, 6]) })), ShapeError, ["'k'"]);
      await expectTypedRejection(exe.run(feeds({ v: f32([1, 2, 7, 3]) })), ShapeError, ["'v'"]);
      const nanV = Tensor.full([1, 2, 5, 3], 0.25);
      (nanV.data as Float32Array)[7] = Number.NaN;
      await expectTypedRejection(exe.run(feeds({ v: nanV })), InvalidInputValueError, ["'v'"]);
      const { q, k } = feeds({});
      await expectTypedRejection(exe.run({ q: q!, k: k! }), FeedError, ["'v'"]);
    } finally {
      await exe.dispose();
    }
  });
}
