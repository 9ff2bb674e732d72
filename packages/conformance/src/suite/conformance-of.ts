import type { AnyMechanism, ConformanceOptions } from '@constant-attention/core';

/** What a mechanism's unit tells the suite (`conformance`): streaming and long-sequence options, extra cases. */
export function conformanceOf(mechanism: AnyMechanism): ConformanceOptions<object> | undefined {
  return mechanism.conformance;
}
