import { InvalidArgumentError } from '../errors.js';
import type { StateValues } from './mechanism.js';

/**
 * The initial state a parallel form continues from: only a causal form has earlier tokens, so a
 * non-causal call with one is refused rather than ignored.
 */
export function parallelInitialState(
  name: string,
  options: { readonly causal: boolean; readonly initialState?: StateValues },
): StateValues | undefined {
  if (options.initialState && !options.causal)
    throw new InvalidArgumentError(`${name}: initialState needs the causal parallel form (causal: true)`);
  return options.initialState;
}

/** The named parts of an initial state, each required (a missing one is named in the error). */
export function stateParts<Key extends string>(
  name: string,
  state: StateValues,
  keys: readonly Key[],
): Record<Key, NonNullable<StateValues[string]>> {
  const parts = {} as Record<Key, NonNullable<StateValues[string]>>;
  for (const key of keys) {
    const value = state[key];
    if (!value) throw new InvalidArgumentError(`${name}: the initial state has no '${key}'`);
    parts[key] = value;
  }
  return parts;
}
