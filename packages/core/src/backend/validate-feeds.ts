import { DTypeError, FeedError, InvalidInputValueError, RankError, ShapeError } from '../errors.js';
import type { Graph } from '../ir/graph.js';
import { formatShape } from '../ir/shape.js';
import { type DeviceTensor, isDeviceTensor, type TensorLike } from '../tensor/device-tensor.js';
import { Tensor } from '../tensor/tensor.js';

export interface FeedValidationOptions {
  /** Reject NaN in host float feeds (default true). -inf and +inf are allowed: -inf is log(0). */
  readonly rejectNaN?: boolean;
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
    if ((options.rejectNaN ?? true) && feed instanceof Tensor && feed.dtype === 'float32') {
      const index = firstNaN(feed);
      if (index >= 0)
        throw new InvalidInputValueError(`feed '${input.name}' contains NaN (first at flat index ${index})`);
    }
  }
  return bindings;
}

function firstNaN(t: Tensor): number {
  const data = t.data;
  for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i])) return i;
  return -1;
}
