import type { GraphBuilder, Value } from '../ir/builder.js';
import { linearProjection } from './linear-projection.js';

/** The transformer MLP: w1 [d, hidden], w2 [hidden, d], biases optional. */
export interface FeedForwardParams {
  readonly w1: Value;
  readonly b1?: Value;
  readonly w2: Value;
  readonly b2?: Value;
}

/** gelu(x w1 + b1) w2 + b2; GPT-2 uses the tanh approximation, so it is selectable. */
export function feedForward(
  b: GraphBuilder,
  x: Value,
  params: FeedForwardParams,
  approximate: 'none' | 'tanh' = 'none',
): Value {
  const hidden = b.gelu(linearProjection(b, x, params.w1, params.b1), approximate);
  return linearProjection(b, hidden, params.w2, params.b2);
}
