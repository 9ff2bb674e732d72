import type { Value } from '../../ir/builder.js';
import { stateParts } from '../initial-state.js';
import type { StateValues } from '../mechanism.js';
import type { Normalizer } from './normalizer.js';

/** The sums of earlier tokens a kernelized form continues from. */
export interface KernelInitialState {
  readonly S: Value;
  readonly Z?: Value;
  readonly count?: Value;
}

/** The initial state's pieces this normalizer needs: S always, Z for 'feature', count for 'count'. */
export function checkedInitialState(
  name: string,
  state: StateValues,
  normalizer: Normalizer,
): KernelInitialState {
  if (normalizer.kind === 'feature') return stateParts(name, state, ['S', 'Z'] as const);
  if (normalizer.kind === 'count') return stateParts(name, state, ['S', 'count'] as const);
  return stateParts(name, state, ['S'] as const);
}
