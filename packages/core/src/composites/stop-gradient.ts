import type { GraphBuilder, Value } from '../ir/builder.js';

/**
 * x, which autodiff treats as a constant. Exact only where the differentiated output does not depend
 * on x's value: a max taken only to shift exponents whose shift cancels (heinsen's key and row maxima).
 * There the cotangents through the max and through its uses sum to zero, so building them is pure
 * cost: for heinsen they were a third of the GPT training step's nodes.
 */
export function stopGradient(b: GraphBuilder, x: Value): Value {
  return b.node('StopGradient', [x], {});
}

export function decomposeStopGradient(_b: GraphBuilder, [x]: readonly Value[]): Value {
  return x!;
}
