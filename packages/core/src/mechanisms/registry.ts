import { InvalidArgumentError } from '../errors.js';
import type { AnyMechanism } from './mechanism.js';

const mechanisms = new Map<string, AnyMechanism>();

/** Mechanisms register themselves by name when their module loads, so config can name them. */
export function registerMechanism(mechanism: AnyMechanism): void {
  const baseline = baselineMechanism();
  if (mechanism.baseline && baseline && baseline.name !== mechanism.name) {
    throw new InvalidArgumentError(
      `mechanism '${mechanism.name}' is marked baseline, but '${baseline.name}' already is (at most one may be)`,
    );
  }
  mechanisms.set(mechanism.name, mechanism);
}

export function getMechanism(name: string): AnyMechanism {
  const m = mechanisms.get(name);
  if (!m)
    throw new InvalidArgumentError(`unknown mechanism '${name}' (known: ${mechanismNames().join(', ')})`);
  return m;
}

export function mechanismNames(): string[] {
  return [...mechanisms.keys()];
}

/** The registered mechanism marked `baseline`, if any: what the bench's speed-ups are measured against. */
export function baselineMechanism(): AnyMechanism | undefined {
  return [...mechanisms.values()].find((m) => m.baseline);
}

/** `names` with the baseline mechanism moved to the front (tables compare with it), the rest in order. */
export function baselineFirst(names: readonly string[]): string[] {
  const baseline = baselineMechanism()?.name;
  return baseline && names.includes(baseline)
    ? [baseline, ...names.filter((n) => n !== baseline)]
    : [...names];
}
