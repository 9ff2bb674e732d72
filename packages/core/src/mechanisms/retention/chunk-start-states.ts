import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { Dim } from '../../ir/shape.js';
import { causalMask } from '../common/causal-mask.js';
import type { ChunkPlan } from '../common/chunks.js';
import { decayPowers } from './decay.js';

/** x shifted `offset` chunks later along the chunk axis (axis 2), zeros entering at the front. */
function shiftChunks(b: GraphBuilder, x: Value, offset: number, count: number): Value {
  return b.slice(b.padAxis(x, 2, offset, 0), [2], [0], [count]);
}

/**
 * The state before each chunk c, [b, h, chunks, dk, dv]:
 *   P_c = gamma^(C c) S_0 + sum_{c' < c} gamma^(C (c - 1 - c')) own_c',
 * where own_c' is chunk c''s sum_j gamma^(C-1-j) k_j^T v_j. A Hillis-Steele scan over the chunk
 * axis: log2(chunks) steps of P += gamma^(C d) P shifted by d, d = 1, 2, 4, ... Every factor is a
 * power of gamma <= 1 (a cumulative sum rescaled by gamma^(-C c) would overflow on long inputs), and
 * the graph grows with log2(chunks), not with the number of chunks.
 */
export function chunkStartStates(
  b: GraphBuilder,
  own: Value,
  logGamma: Value,
  plan: ChunkPlan,
  initial?: Value,
): Value {
  const { count, size } = plan;
  if (typeof count !== 'number') return startsByMatrix(b, own, logGamma, count, size, initial);
  let starts = shiftChunks(b, own, 1, count);
  for (let offset = 1; offset < count; offset *= 2) {
    const factor = decayPowers(b, logGamma, b.scalar(size * offset));
    starts = b.add(starts, b.mul(shiftChunks(b, starts, offset, count), factor));
  }
  if (!initial) return starts;
  const exponents = b.constant(
    Array.from({ length: count }, (_, c) => size * c),
    [count, 1, 1],
  );
  const S0 = b.reshape(initial, [initial.dim(0), initial.dim(1), 1, initial.dim(2), initial.dim(3)]);
  return b.add(starts, b.mul(S0, decayPowers(b, logGamma, exponents)));
}

/**
 * The same P_c for a symbolic chunk count, where the scan's log2(chunks) steps are unknown when the
 * graph is built: one [chunks, chunks] matmul with the decay gamma^(C (c - 1 - c')) below the diagonal
 * (exponent clamped at 0 before exp, so the masked entries cannot overflow), and gamma^(C c) S_0.
 * O((n / C)^2) per head, against the dk dv of every chunk state: small for any C near dk.
 */
function startsByMatrix(
  b: GraphBuilder,
  own: Value,
  logGamma: Value,
  count: Dim,
  size: number,
  initial?: Value,
): Value {
  const [batch, heads, dk, dv] = [own.dim(0), own.dim(1), own.dim(3), own.dim(4)];
  const chunk = b.mul(b.iota(count, 'float32'), size);
  const gap = b.sub(b.sub(b.reshape(chunk, [count, 1]), b.reshape(chunk, [1, count])), size);
  const perHead = b.reshape(logGamma, [1, logGamma.dim(1), 1, 1]);
  const decay = b.where(causalMask(b, count, true), decayPowers(b, perHead, b.maximum(gap, 0)), 0);
  const flat = b.reshape(own, [batch, heads, count, (dk as number) * (dv as number)]);
  const starts = b.reshape(b.matmul(decay, flat), [batch, heads, count, dk, dv]);
  if (!initial) return starts;
  const S0 = b.reshape(initial, [initial.dim(0), initial.dim(1), 1, initial.dim(2), initial.dim(3)]);
  return b.add(starts, b.mul(S0, decayPowers(b, logGamma, b.reshape(chunk, [count, 1, 1]))));
}
