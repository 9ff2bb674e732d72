import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { HeadDims, StateSpec, StateValues } from '../mechanism.js';
import { causalMask } from './causal-mask.js';
import { fromChunks, intraChunkMask, planChunks, toChunks } from './chunks.js';
import { type Normalizer, runningCounts, tokenCount } from './normalizer.js';

/** Attention inputs after the feature map (fq, fk) and any per-token gate (folded into v). */
export interface FeatureInputs {
  readonly fq: Value;
  readonly fk: Value;
  readonly v: Value;
}

/**
 * State of every kernelized mechanism: S = sum_j f(k_j) v_j^T [b, h, dk, dv] (the transpose of the
 * paper's C = sum v k^T, so that a lookup is the plain row-vector product f(q) S), plus Z = sum_j f(k_j)
 * [b, h, dk] for the 'feature' normalizer, or the token count [1] for 'count'.
 */
export function kernelStateSpecs(dims: HeadDims, normalizer: Normalizer): StateSpec[] {
  const specs: StateSpec[] = [
    { name: 'S', dtype: 'float32', shape: [dims.batch, dims.heads, dims.dk, dims.dv] },
  ];
  if (normalizer.kind === 'feature') {
    specs.push({ name: 'Z', dtype: 'float32', shape: [dims.batch, dims.heads, dims.dk] });
  } else if (normalizer.kind === 'count') {
    specs.push({ name: 'count', dtype: 'float32', shape: [1] });
  }
  return specs;
}

function stateFromSums(
  S: Value,
  fkSum: () => Value,
  count: () => Value,
  normalizer: Normalizer,
): StateValues {
  if (normalizer.kind === 'feature') return { S, Z: fkSum() };
  if (normalizer.kind === 'count') return { S, count: count() };
  return { S };
}

/**
 * Quadratic form: A = f(Q) f(K)^T (lower-triangular when causal), out = A V, normalized. It costs
 * O(n^2) like softmax, which is what training on short sequences wants; the chunked form is linear.
 */
export function kernelParallel(
  b: GraphBuilder,
  { fq, fk, v }: FeatureInputs,
  normalizer: Normalizer,
  causal: boolean,
): { out: Value; state?: StateValues } {
  let scores = b.matmul(fq, b.transposeLast2(fk));
  if (causal) scores = b.where(causalMask(b, fq.dim(2)), scores, 0);
  const numerator = b.matmul(scores, v);
  let out = numerator;
  if (normalizer.kind === 'feature') {
    out = b.div(numerator, b.add(b.reduceSum(scores, [-1], true), normalizer.eps));
  } else if (normalizer.kind === 'count') {
    out = b.div(numerator, causal ? runningCounts(b, fq.dim(2)) : tokenCount(b, fk.dim(2)));
  }
  if (!causal) return { out };
  const S = b.matmul(b.transposeLast2(fk), v);
  const state = stateFromSums(
    S,
    () => b.reduceSum(fk, [2]),
    () => tokenCount(b, fk.dim(2)),
    normalizer,
  );
  return { out, state };
}

/**
 * Causal chunked form, matmul-shaped: within a chunk the masked C x C quadratic form, across chunks
 * an exclusive cumulative sum over the chunk axis of the per-chunk f(K)^T V. Live memory is
 * O(n (dk + dv) + n C + (n / C) dk dv); nothing of size n dk dv is ever formed.
 */
export function kernelChunked(
  b: GraphBuilder,
  name: string,
  { fq, fk, v }: FeatureInputs,
  normalizer: Normalizer,
  chunkSize: number,
): { out: Value; state: StateValues } {
  const plan = planChunks(name, fq.dim(2), chunkSize);
  const Q = toChunks(b, fq, plan);
  const K = toChunks(b, fk, plan);
  const V = toChunks(b, v, plan);
  const intra = b.where(intraChunkMask(b, plan.size), b.matmul(Q, b.transposeLast2(K)), 0);
  const chunkKV = b.matmul(b.transposeLast2(K), V);
  const previousKV = b.cumSum(chunkKV, 2, { exclusive: true });
  const numerator = b.add(b.matmul(intra, V), b.matmul(Q, previousKV));
  const chunkKSum = b.reduceSum(K, [3]);
  let out: Value;
  if (normalizer.kind === 'feature') {
    const previousK = b.cumSum(chunkKSum, 2, { exclusive: true });
    const previousKColumn = b.reshape(previousK, [...previousK.shape, 1]);
    const denominator = b.add(
      b.add(b.reduceSum(intra, [-1], true), b.matmul(Q, previousKColumn)),
      normalizer.eps,
    );
    out = fromChunks(b, b.div(numerator, denominator), plan);
  } else if (normalizer.kind === 'count') {
    out = b.div(fromChunks(b, numerator, plan), runningCounts(b, plan.length));
  } else {
    out = fromChunks(b, numerator, plan);
  }
  const state = stateFromSums(
    b.reduceSum(chunkKV, [2]),
    () => b.reduceSum(chunkKSum, [2]),
    () => tokenCount(b, plan.length),
    normalizer,
  );
  return { out, state };
}

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
