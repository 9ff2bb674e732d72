import type { CostShape } from '@constant-attention/core';

/** The shape a cost is evaluated at: core's CostShape (per head) plus the heads it is multiplied by. */
export interface KernelShape extends CostShape {
  readonly batch: number;
  readonly heads: number;
}

export interface KernelCost {
  /** Floating-point operations, as the form's graph performs them (see README.md, 'Cost formulas'). */
  readonly flops: number;
  /** Compulsory float32 traffic: inputs read, outputs and state written, state read. */
  readonly bytes: number;
}

export const FLOAT32_BYTES = 4;
