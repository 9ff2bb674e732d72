import type { Tensor } from '@constant-attention/core';
import { compareTensors } from '../golden/compare.js';

/** Throws (failing the property) unless `actual` matches `expected` under the shared comparison rule. */
export function assertClose(actual: Tensor, expected: Tensor, rel: number, label: string): void {
  const outcome = compareTensors(actual, expected, { rel });
  if (!outcome.pass) {
    throw new Error(
      `${label}: ${outcome.failure} (max abs err ${outcome.maxAbsErr}, max rel err ${outcome.maxRelErr}, tolerance ${rel})`,
    );
  }
}
