import { GraphError } from '../errors.js';
import type { GraphBuilder, Value } from '../ir/builder.js';
import type { Dim } from '../ir/shape.js';
import { gatherVjp } from './gather-vjp.js';
import { sumToShape } from './sum-to-shape.js';
import type { VjpRules } from './vjp-rule.js';

/**
 * Places `g` (length `length` along `axis`) at [start, start + length) of an axis of size `dim`, zeros
 * elsewhere. A concrete dim is a plain zero pad; a symbolic one cannot be padded, so the zeros come
 * from gathering a zero slot appended to g with indices computed from Iota.
 */
function placeAlong(b: GraphBuilder, g: Value, axis: number, start: number, length: number, dim: Dim): Value {
  if (typeof dim === 'number') return b.padAxis(g, axis, start, dim - start - length);
  const withZero = b.padAxis(g, axis, 0, 1);
  const position = b.iota(dim, 'int32');
  const inside = b.and(b.greaterEqual(position, start), b.less(position, start + length));
  const indices = b.where(inside, b.sub(position, start), length);
  return b.gather(withZero, indices, axis);
}

export const LAYOUT_VJPS: VjpRules = {
  Reshape: ({ b, inputs: [x], cotangent: g }) => [b.reshape(g, x!.shape)],
  Transpose: ({ b, cotangent: g, attrs }) => {
    const inverse = new Array<number>(attrs.perm.length);
    attrs.perm.forEach((p, i) => {
      inverse[p] = i;
    });
    return [b.transpose(g, inverse)];
  },
  Slice: ({ b, inputs: [x], cotangent: g, attrs }) => {
    let placed = g;
    attrs.axes.forEach((axis, i) => {
      const start = attrs.starts[i]!;
      const end = attrs.ends[i]!;
      // A symbolic end equal to the whole dim (start 0) cut nothing off. One below it (a chunk-padded
      // length sliced back) would need a pad by a run-time amount, which the IR does not have.
      if (typeof end === 'string') {
        if (end === x!.shape[axis]) return;
        throw new GraphError(
          `autodiff: Slice of dim '${String(x!.shape[axis])}' to symbolic end '${end}' has no gradient; build with a concrete length`,
        );
      }
      placed = placeAlong(b, placed, axis, start, end - start, x!.shape[axis]!);
    });
    return [placed];
  },
  Concat: ({ b, inputs, cotangent: g, attrs, needs }) => {
    const axis = attrs.axis < 0 ? attrs.axis + g.rank : attrs.axis;
    let offset = 0;
    return inputs.map((x, i) => {
      const length = x.shape[axis]!;
      if (typeof length === 'string') {
        // Concat only allows a symbolic total when every other piece is empty.
        return needs[i] ? g : undefined;
      }
      const start = offset;
      offset += length;
      return needs[i] ? b.slice(g, [axis], [start], [start + length]) : undefined;
    });
  },
  Pad: ({ b, inputs: [x], cotangent: g, attrs }) => {
    const axes: number[] = [];
    const starts: number[] = [];
    const ends: Dim[] = [];
    attrs.pads.forEach(([before, after], axis) => {
      if (before === 0 && after === 0) return;
      const dim = x!.shape[axis]!;
      if (typeof dim !== 'number' && before !== 0)
        throw new GraphError(`autodiff: Pad before symbolic dim '${dim}'`);
      axes.push(axis);
      starts.push(before);
      ends.push(typeof dim === 'number' ? before + dim : dim);
    });
    return [axes.length === 0 ? g : b.slice(g, axes, starts, ends)];
  },
  Gather: (ctx) => [gatherVjp(ctx.b, ctx.inputs[0]!, ctx.inputs[1]!, ctx.cotangent, ctx.attrs.axis)],
  Expand: ({ b, inputs: [x], cotangent: g }) => [sumToShape(b, g, x!.shape)],
};
