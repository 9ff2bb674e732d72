import { InvalidArgumentError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { causalMask } from '../common/causal-mask.js';
import type { AttentionInputs } from '../mechanism.js';

/**
 * The definition of (gated) linear attention, o_i = sum_j w_ij g_j v_j / c_i with w_ij = q_i . k_j over
 * the keys query i sees (j <= i when causal), g_j = sigmoid(gate_j) when gated (else 1), and c_i = 1
 * ('plain') or the number of keys query i sees ('normalized').
 */
export function linearNaive(
  name: string,
  gated: boolean,
): (
  b: GraphBuilder,
  inputs: AttentionInputs,
  options: { readonly variant: 'plain' | 'normalized'; readonly causal: boolean },
) => Value {
  return (b, { q, k, v, gate }, options) => {
    const seen = options.causal
      ? b.cast(causalMask(b, q.dim(2)), 'float32')
      : b.expand(b.scalar(1), [q.dim(2), k.dim(2)]);
    const weights = b.mul(b.matmul(q, b.transposeLast2(k)), seen);
    let values = v;
    if (gated) {
      if (!gate)
        throw new InvalidArgumentError(`${name}: the 'gate' input [batch, heads, seq, 1] is required`);
      values = b.mul(v, b.sigmoid(gate));
    }
    const out = b.matmul(weights, values);
    return options.variant === 'plain' ? out : b.div(out, b.reduceSum(seen, [-1], true));
  };
}
