import { InvalidArgumentError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { kernelMechanism } from '../linear/kernel-mechanism.js';
import { UNDECAYED_UPDATE_RULE } from '../linear/linear-attention-op.js';
import type { Mechanism } from '../mechanism.js';
import { registerMechanism } from '../registry.js';
import { linearEluCost } from './cost.js';
import { linearEluNaive } from './naive.js';

/** eps is added to the denominator f(q).sum f(k); 1e-6 is fast-transformers' default. */
export interface LinearEluOptions {
  readonly eps: number;
}

/**
 * elu(x) + 1 as the function it equals, x + 1 above 0 and exp(x) below: adding 1 to elu(x) = exp(x) - 1
 * rounds to 0 in float32 once exp(x) < 2^-24 (x < -17), which makes the normalizer 0 (NaN with eps 0).
 * exp sees min(x, 0), so the unselected branch never overflows (nor poisons its gradient with inf * 0).
 */
function eluPlusOne(b: GraphBuilder, x: Value): Value {
  return b.where(b.greater(x, 0), b.add(x, 1), b.exp(b.minimum(x, 0)));
}

/**
 * Katharopoulos et al. (2020): f(x) = elu(x) + 1, out_i = f(q_i) S_i / (f(q_i).Z_i + eps) with
 * S = sum_j f(k_j) v_j^T [b, h, dk, dv] and Z = sum_j f(k_j) [b, h, dk] (the reference's state layout).
 * No 1/sqrt(d) scale.
 */
export const linearEluAttention: Mechanism<LinearEluOptions> = kernelMechanism<LinearEluOptions>({
  name: 'linear-elu',
  cost: linearEluCost,
  defaultOptions: { eps: 1e-6 },
  usesGate: false,
  featureMap: eluPlusOne,
  normalizer: ({ eps }) => {
    if (!Number.isFinite(eps) || eps < 0) {
      throw new InvalidArgumentError(`linear-elu: eps must be a finite number >= 0, got ${eps}`);
    }
    return { kind: 'feature', eps };
  },
  naive: linearEluNaive,
  // f(x) = elu(x) + 1 on q and k, eps 1e-6 in the denominator, as the forms with default options.
  peers: { linearAttention: { updateRule: UNDECAYED_UPDATE_RULE, featureMap: 'elu+1', eps: 1e-6 } },
});

registerMechanism(linearEluAttention);
