import type { GraphBuilder, Value } from '@constant-attention/core';

/** PyTorch's nn.Linear on x [..., in] with weight [out, in] as stored in a state_dict. */
export function dense(b: GraphBuilder, x: Value, weight: Value, bias?: Value): Value {
  const y = b.matmul(x, b.transpose(weight, [1, 0]));
  return bias ? b.add(y, bias) : y;
}
