import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { StateValues } from '../mechanism.js';
import type { FeatureInputs } from './kernel-state.js';
import type { Normalizer } from './normalizer.js';

/** One token, inputs [b, h, 1, d]: S += f(k)^T v, then the lookup f(q) S costs O(dk dv). */
export function kernelStep(
  b: GraphBuilder,
  state: StateValues,
  { fq, fk, v }: FeatureInputs,
  normalizer: Normalizer,
): { out: Value; state: StateValues } {
  const S = b.add(state.S!, b.matmul(b.transposeLast2(fk), v));
  const numerator = b.matmul(fq, S);
  if (normalizer.kind === 'feature') {
    const Z = b.add(state.Z!, b.reshape(fk, [fk.dim(0), fk.dim(1), fk.dim(3)]));
    const ZColumn = b.reshape(Z, [...Z.shape, 1]);
    const out = b.div(numerator, b.add(b.matmul(fq, ZColumn), normalizer.eps));
    return { out, state: { S, Z } };
  }
  if (normalizer.kind === 'count') {
    const count = b.add(state.count!, 1);
    return { out: b.div(numerator, count), state: { S, count } };
  }
  return { out: numerator, state: { S } };
}
