import { DTypeError, FeedError, InvalidInputValueError, RankError, ShapeError } from '../errors.js';
import type { Graph, InputValues } from '../ir/graph.js';
import { type Dim, formatShape } from '../ir/shape.js';
import { type DeviceTensor, isDeviceTensor, type TensorLike } from '../tensor/device-tensor.js';
import { Tensor } from '../tensor/tensor.js';

export interface FeedValidationOptions {
  /**
   * Check host float feeds against their input's declared values (default true): NaN never passes,
   * infinities only where the declaration allows them (InputValues in ir/graph.ts).
   */
  readonly rejectNaN?: boolean;
  /**
   * Inputs whose value check the backend does itself, after the run, from in-graph sums: the keys of
   * NanProbes.outputs (nan-probes.ts).
   */
  readonly nanCheckedByProbe?: { has(input: string): boolean };
}

/**
 * Checks feeds against a graph's declared inputs and binds its symbolic dims. Every backend calls this
 * before touching its runtime, so a wrong name, dtype, rank or dim is reported the same way everywhere.
 */
export function validateFeeds(
  graph: Graph,
  feeds: Readonly<Record<string, TensorLike>>,
  options: FeedValidationOptions = {},
): Map<string, number> {
  const expected = graph.inputs.map((i) => i.name);
  for (const name of Object.keys(feeds)) {
    if (!expected.includes(name)) {
      throw new FeedError(
        'UNKNOWN_FEED',
        `unknown feed '${name}'; the graph's inputs are: ${expected.join(', ')}`,
      );
    }
  }
  const bindings = new Map<string, number>();
  const boundBy = new Map<string, string>();
  for (const input of graph.inputs) {
    const feed = feeds[input.name];
    if (feed === undefined) {
      throw new FeedError(
        'MISSING_FEED',
        `missing feed '${input.name}'; the graph's inputs are: ${expected.join(', ')}`,
      );
    }
    if (!(feed instanceof Tensor) && !isDeviceTensor(feed)) {
      throw new DTypeError(`feed '${input.name}' is not a Tensor or DeviceTensor`);
    }
    if (isDeviceTensor(feed) && (feed as DeviceTensor).disposed) {
      throw new InvalidInputValueError(`feed '${input.name}' is a disposed device tensor`);
    }
    const info = graph.values[input.value]!;
    if (feed.dtype !== info.dtype) {
      throw new DTypeError(`feed '${input.name}' has dtype ${feed.dtype}, expected ${info.dtype}`);
    }
    if (feed.shape.length !== info.shape.length) {
      throw new RankError(
        `feed '${input.name}' has rank ${feed.shape.length} (shape ${formatShape(feed.shape)}), expected rank ${info.shape.length} (${formatShape(info.shape)})`,
      );
    }
    info.shape.forEach((dim, axis) => {
      const actual = feed.shape[axis]!;
      if (typeof dim === 'number') {
        if (dim !== actual) {
          throw new ShapeError(
            `feed '${input.name}' has shape ${formatShape(feed.shape)}, expected ${formatShape(info.shape)} (axis ${axis} must be ${dim})`,
          );
        }
      } else {
        const bound = bindings.get(dim);
        if (bound === undefined) {
          bindings.set(dim, actual);
          boundBy.set(dim, input.name);
        } else if (bound !== actual) {
          throw new ShapeError(
            `feed '${input.name}' has shape ${formatShape(feed.shape)}: its '${dim}' (axis ${axis}) is ${actual}, but feed '${boundBy.get(dim)}' set '${dim}' = ${bound}`,
          );
        }
      }
    });
    if (input.nonEmpty && feed.shape.includes(0)) throw emptyInputError(`feed '${input.name}'`, feed.shape);
    if (
      (options.rejectNaN ?? true) &&
      !options.nanCheckedByProbe?.has(input.name) &&
      feed instanceof Tensor &&
      feed.dtype === 'float32'
    )
      rejectNaNFeed(input.name, feed, unrolledSum(feed.data), input.values);
  }
  return bindings;
}

/** The one error for an attention input with a 0 in its shape, wherever it is found. */
export function emptyInputError(what: string, shape: readonly Dim[]): ShapeError {
  return new ShapeError(
    `${what} is empty (shape ${formatShape(shape)}); attention needs at least one token, batch row, head and feature`,
  );
}

/**
 * Throws if `feed` holds a value its input does not accept (InputValues), given a sum of its elements.
 * A NaN makes the sum NaN and an infinity makes it that infinity or NaN, so a sum that cannot come from
 * a rejected value proves there is none; only the rest (which includes a float32 sum that overflowed)
 * pays for the element-by-element scan that finds the index.
 */
export function rejectNaNFeed(
  name: string,
  feed: Tensor,
  sum: number,
  values: InputValues = 'not-nan',
): void {
  if (Number.isFinite(sum)) return;
  if (values === 'not-nan' && !Number.isNaN(sum)) return;
  if (values === 'finite-or-neg-inf' && sum === Number.NEGATIVE_INFINITY) return;
  const data = feed.data;
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    if (Number.isFinite(x)) continue;
    const allowed = !Number.isNaN(x) && (values === 'not-nan' || (values === 'finite-or-neg-inf' && x < 0));
    if (!allowed)
      throw new InvalidInputValueError(
        `feed '${name}' contains ${x} (first at flat index ${i}); ${ACCEPTS[values]}`,
      );
  }
}

const ACCEPTS: Record<InputValues, string> = {
  'not-nan': 'the input accepts any number but NaN',
  finite: 'the input accepts finite numbers only',
  'finite-or-neg-inf': 'the input accepts finite numbers and -Infinity (log 0)',
};

/**
 * A float64 sum of float32 values cannot overflow. Eight independent sums run about 3x faster than
 * testing each element (2.6 ms against 7 ms for 4M values).
 */
function unrolledSum(data: Tensor['data']): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  let s6 = 0;
  let s7 = 0;
  const whole = data.length - (data.length % 8);
  for (let i = 0; i < whole; i += 8) {
    s0 += data[i]!;
    s1 += data[i + 1]!;
    s2 += data[i + 2]!;
    s3 += data[i + 3]!;
    s4 += data[i + 4]!;
    s5 += data[i + 5]!;
    s6 += data[i + 6]!;
    s7 += data[i + 7]!;
  }
  for (let i = whole; i < data.length; i++) s0 += data[i]!;
  return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
}
