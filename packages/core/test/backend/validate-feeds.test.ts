import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  FeedError,
  GraphBuilder,
  InvalidInputValueError,
  RankError,
  ReferenceBackend,
  ShapeError,
  Tensor,
  validateFeeds,
} from '../../src/index.js';
import { expectError } from '../ir/expect-error.js';

function graph() {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', ['batch', 3]);
  const m = b.input('m', 'int32', ['batch']);
  return b.build({ y: b.add(x, b.reshape(b.cast(m, 'float32'), ['batch', 1])) });
}

const x = (batch: number, values?: number[]) =>
  Tensor.float32(values ?? new Array<number>(batch * 3).fill(1), [batch, 3]);
const m = (batch: number) => Tensor.int32(new Array<number>(batch).fill(2), [batch]);

describe('validateFeeds', () => {
  it('binds symbolic dims from the feeds', () => {
    expect(validateFeeds(graph(), { x: x(4), m: m(4) })).toEqual(new Map([['batch', 4]]));
  });

  it('rejects an unknown feed, listing the expected inputs', () => {
    const err = expectError(() => validateFeeds(graph(), { x: x(1), m: m(1), z: x(1) }), FeedError, [
      "unknown feed 'z'",
      'x, m',
    ]);
    expect((err as FeedError).code).toBe('UNKNOWN_FEED');
  });

  it('rejects a missing feed', () => {
    const err = expectError(() => validateFeeds(graph(), { x: x(1) }), FeedError, ["missing feed 'm'"]);
    expect((err as FeedError).code).toBe('MISSING_FEED');
  });

  it('rejects a wrong dtype', () => {
    expectError(() => validateFeeds(graph(), { x: x(2), m: Tensor.float32([1, 2], [2]) }), DTypeError, [
      "feed 'm'",
      'float32',
      'int32',
    ]);
    expectError(() => validateFeeds(graph(), { x: [1, 2, 3] as never, m: m(1) }), DTypeError, [
      "feed 'x'",
      'not a Tensor',
    ]);
  });

  it('rejects a wrong rank', () => {
    expectError(() => validateFeeds(graph(), { x: Tensor.float32([1, 2, 3], [3]), m: m(1) }), RankError, [
      "feed 'x'",
      'rank 1',
      '[3]',
      'rank 2',
      '[batch, 3]',
    ]);
  });

  it('rejects a wrong concrete dim', () => {
    expectError(
      () => validateFeeds(graph(), { x: Tensor.float32([1, 2, 3, 4], [2, 2]), m: m(2) }),
      ShapeError,
      ["feed 'x'", '[2, 2]', 'axis 1 must be 3'],
    );
  });

  it('rejects a symbol bound to two different sizes', () => {
    expectError(() => validateFeeds(graph(), { x: x(2), m: m(5) }), ShapeError, [
      "feed 'm'",
      "'batch'",
      '5',
      "feed 'x'",
      '= 2',
    ]);
  });

  it('rejects NaN but accepts -inf and +inf', () => {
    const values = [0, Number.NEGATIVE_INFINITY, 1, Number.POSITIVE_INFINITY, 2, 3];
    expect(() => validateFeeds(graph(), { x: x(2, values), m: m(2) })).not.toThrow();
    values[4] = Number.NaN;
    expectError(() => validateFeeds(graph(), { x: x(2, values), m: m(2) }), InvalidInputValueError, [
      "feed 'x'",
      'NaN',
      'index 4',
    ]);
    expect(() => validateFeeds(graph(), { x: x(2, values), m: m(2) }, { rejectNaN: false })).not.toThrow();
  });

  it('finds the first NaN at any index, among any finite values and infinities', () => {
    // The scan sums first and searches only when the sum is not finite; this pins that a NaN is found
    // in the unrolled body and the tail alike, that infinities alone pass, and that the index is the first.
    const element = fc.oneof(
      fc.float({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3.4e38, -3.4e38),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(element, { minLength: 120, maxLength: 120 }),
        fc.uniqueArray(fc.nat({ max: 119 }), { maxLength: 3 }),
        (batch, pool, nanAt) => {
          const values = pool.slice(0, batch * 3);
          const holes = nanAt.filter((i) => i < values.length);
          for (const i of holes) values[i] = Number.NaN;
          const run = () => validateFeeds(graph(), { x: x(batch, values), m: m(batch) });
          if (holes.length === 0) expect(run).not.toThrow();
          else expectError(run, InvalidInputValueError, [`index ${Math.min(...holes)}`]);
        },
      ),
    );
  });

  it('rejects a disposed device tensor', async () => {
    const resident = await new ReferenceBackend().upload(x(2));
    resident.dispose();
    expectError(() => validateFeeds(graph(), { x: resident, m: m(2) }), InvalidInputValueError, [
      "feed 'x'",
      'disposed',
    ]);
  });
});
