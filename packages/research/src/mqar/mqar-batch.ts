import { InvalidArgumentError, Tensor } from '@constant-attention/core';
import type { SeededRandom } from '@constant-attention/model';

export interface MqarShape {
  readonly vocab: number;
  readonly seq: number;
  readonly kvPairs: number;
  readonly batch: number;
}

export interface MqarBatch {
  /** int32 [batch, seq]: the pairs k1 v1 ... kN vN, then zeros with every key queried once. */
  readonly tokens: Tensor;
  /** int32 [batch, kvPairs]: flat indices (row * seq + position) of the query positions. */
  readonly rows: Tensor;
  /** int32 [batch, kvPairs]: the value paired with each query's key. */
  readonly values: Tensor;
}

export function checkMqarShape(shape: MqarShape): void {
  const { vocab, seq, kvPairs } = shape;
  for (const [name, v] of Object.entries(shape))
    if (!Number.isSafeInteger(v) || v < 1)
      throw new InvalidArgumentError(`mqar: ${name} must be a positive integer, got ${v}`);
  if (3 * kvPairs > seq)
    throw new InvalidArgumentError(
      `mqar: ${kvPairs} pairs and their queries need seq >= ${3 * kvPairs}, got ${seq}`,
    );
  if (Math.floor(vocab / 2) - 1 < kvPairs)
    throw new InvalidArgumentError(`mqar: vocab ${vocab} has fewer than ${kvPairs} distinct keys`);
}

/** k distinct integers from [from, to), by rejection (k is far below the range here). */
function distinct(random: SeededRandom, k: number, from: number, to: number): number[] {
  const picked = new Set<number>();
  while (picked.size < k) picked.add(from + random.int(to - from));
  return [...picked];
}

/**
 * Multi-query associative recall as Zoology (Arora et al. 2023) builds it: keys come from the lower half
 * of the vocab (token 0 excluded: it is the filler), values from the upper half, keys are distinct within
 * a sequence. The pairs fill the first 2N positions; each key then appears once more, as a query, at a
 * distinct uniform position after them, and the model must output its value there. Zoology places queries
 * with a power-law gap; uniform positions keep the task the same and the generator simpler.
 */
export function mqarBatch(shape: MqarShape, random: SeededRandom): MqarBatch {
  checkMqarShape(shape);
  const { vocab, seq, kvPairs: n, batch } = shape;
  const half = Math.floor(vocab / 2);
  const tokens = new Int32Array(batch * seq);
  const rows = new Int32Array(batch * n);
  const values = new Int32Array(batch * n);
  for (let r = 0; r < batch; r++) {
    const keys = distinct(random, n, 1, half);
    const vals = keys.map(() => half + random.int(vocab - half));
    for (let i = 0; i < n; i++) {
      tokens[r * seq + 2 * i] = keys[i]!;
      tokens[r * seq + 2 * i + 1] = vals[i]!;
    }
    // Positions come out in draw order, so queries follow no fixed order a model could count on.
    const positions = distinct(random, n, 2 * n, seq);
    for (let i = 0; i < n; i++) {
      tokens[r * seq + positions[i]!] = keys[i]!;
      rows[r * n + i] = r * seq + positions[i]!;
      values[r * n + i] = vals[i]!;
    }
  }
  return {
    tokens: new Tensor('int32', [batch, seq], tokens),
    rows: new Tensor('int32', [batch, n], rows),
    values: new Tensor('int32', [batch, n], values),
  };
}
