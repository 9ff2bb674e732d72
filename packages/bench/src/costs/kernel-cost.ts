import { type AnyMechanism, type FormName, InvalidArgumentError } from '@constant-attention/core';
import { FLOAT32_BYTES, type KernelCost, type KernelShape } from './kernel-shape.js';

/** Elements of the mechanism's state at context `past` (symbolic dims, softmax's 'past', bound to it). */
export function stateElements(mechanism: AnyMechanism, s: KernelShape, past: number): number {
  const dims = { batch: s.batch, heads: s.heads, dk: s.dk, dv: s.dv };
  let total = 0;
  for (const spec of mechanism.stateSpecs(dims, mechanism.defaultOptions)) {
    total += spec.shape.reduce<number>((acc, d) => acc * (typeof d === 'number' ? d : past), 1);
  }
  return total;
}

/** Whether the mechanism states its FLOPs (`cost.flopsPerHead` in its cost.ts); the bench counts no others. */
export function hasFlopCount(mechanism: AnyMechanism): boolean {
  return mechanism.cost.flopsPerHead !== undefined;
}

/**
 * FLOPs from the mechanism's own cost.ts times batch x heads, and compulsory bytes:
 *   parallel      4 B n (2 dk + dv)  +  4 B n dv                      read q, k, v; write out
 *   chunked       parallel's  +  4 |state(n)|                          also write the final state
 *   recurrent(t)  4 B (2 dk + dv + dv)  +  4 (|state(t)| + |state(t+1)|)   read the state, write the next
 * where B = batch x heads and |state(t)| counts the state's elements at context t (from stateSpecs).
 */
export function kernelCost(mechanism: AnyMechanism, form: FormName, s: KernelShape): KernelCost {
  if (!mechanism.cost.flopsPerHead) {
    throw new InvalidArgumentError(
      `mechanism '${mechanism.name}' states no FLOP count (cost.flopsPerHead in its cost.ts)`,
    );
  }
  const heads = s.batch * s.heads;
  const flops = heads * mechanism.cost.flopsPerHead(form, s);
  const tokens = form === 'recurrent' ? 1 : s.n;
  const io = FLOAT32_BYTES * heads * tokens * (2 * s.dk + 2 * s.dv);
  const state =
    form === 'parallel'
      ? 0
      : form === 'chunked'
        ? stateElements(mechanism, s, s.n)
        : stateElements(mechanism, s, s.n) + stateElements(mechanism, s, s.n + 1);
  return { flops, bytes: io + FLOAT32_BYTES * state };
}

/** A [m, k] x [k, n] MatMul: 2 m n k FLOPs; reads both operands and writes the product once. */
export function matmulCost(m: number, k: number, n: number): KernelCost {
  return { flops: 2 * m * n * k, bytes: FLOAT32_BYTES * (m * k + k * n + m * n) };
}
