import { RankError, ShapeError } from '../errors.js';
import type { GraphBuilder, Value } from '../ir/builder.js';
import { formatShape } from '../ir/shape.js';

/** x [..., in] @ weight [in, out] (+ bias [out]). Weights are graph values, so a model can train them. */
export function linearProjection(b: GraphBuilder, x: Value, weight: Value, bias?: Value): Value {
  if (weight.rank !== 2)
    throw new RankError(`linearProjection: weight must be [in, out], got ${formatShape(weight.shape)}`);
  if (x.dim(-1) !== weight.dim(0)) {
    throw new ShapeError(
      `linearProjection: input ${formatShape(x.shape)} does not end in the weight's input size ${String(weight.dim(0))}`,
    );
  }
  const y = b.matmul(x, weight);
  if (!bias) return y;
  if (bias.rank !== 1 || bias.dim(0) !== weight.dim(1)) {
    throw new ShapeError(
      `linearProjection: bias must be [${String(weight.dim(1))}], got ${formatShape(bias.shape)}`,
    );
  }
  return b.add(y, bias);
}
