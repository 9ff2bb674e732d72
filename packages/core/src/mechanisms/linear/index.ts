import { InvalidArgumentError } from '../../errors.js';
import type { Mechanism } from '../mechanism.js';
import { registerMechanism } from '../registry.js';
import { kernelCost } from './cost.js';
import { kernelMechanism } from './kernel-mechanism.js';
import { linearNaive } from './naive.js';
import type { Normalizer } from './normalizer.js';

/**
 * 'plain': o_i = (sum_j v_j k_j^T) q_i (de Brebisson & Vincent, 2016), no scale, no feature map.
 * 'normalized': the same divided by the count of tokens seen (causal: i + 1; non-causal: n_k).
 * The paper's gated variant needs a gate input, so it is its own mechanism, 'linear-gated'.
 */
export interface LinearOptions {
  readonly variant: 'plain' | 'normalized';
}

function linearNormalizer(name: string) {
  return ({ variant }: LinearOptions): Normalizer => {
    if (variant === 'plain') return { kind: 'none' };
    if (variant === 'normalized') return { kind: 'count' };
    const hint = (variant as string) === 'gated' ? "; the gated variant is the mechanism 'linear-gated'" : '';
    throw new InvalidArgumentError(
      `${name}: variant must be 'plain' or 'normalized', got ${JSON.stringify(variant)}${hint}`,
    );
  };
}

/** No feature normalizer: the count division is lower order (cost.ts). */
const cost = kernelCost(0);

/** State S = sum_j k_j v_j^T [b, h, dk, dv] (the paper's C transposed), plus count [1] when normalized. */
export const linearAttention: Mechanism<LinearOptions> = kernelMechanism<LinearOptions>({
  name: 'linear',
  cost,
  defaultOptions: { variant: 'plain' },
  usesGate: false,
  normalizer: linearNormalizer('linear'),
  naive: linearNaive('linear', false),
});

/**
 * The paper's gated variant: token j contributes sigmoid(g_j) k_j v_j^T, with gate logits g from the
 * `gate` input [b, h, n, 1]. Normalization (if chosen) still divides by the count of tokens seen.
 */
export const linearGatedAttention: Mechanism<LinearOptions> = kernelMechanism<LinearOptions>({
  name: 'linear-gated',
  cost,
  defaultOptions: { variant: 'plain' },
  usesGate: true,
  normalizer: linearNormalizer('linear-gated'),
  naive: linearNaive('linear-gated', true),
});

registerMechanism(linearAttention);
registerMechanism(linearGatedAttention);

export { kernelCost, kernelFlops } from './cost.js';
export { type KernelMechanismSpec, kernelMechanism } from './kernel-mechanism.js';
export { UNDECAYED_UPDATE_RULE } from './linear-attention-op.js';
export type { Normalizer } from './normalizer.js';
