import type { HostAttentionInputs } from '@constant-attention/core';
import { mulberry32, Tensor } from '@constant-attention/core';

export interface AttentionShape {
  readonly batch: number;
  readonly heads: number;
  readonly seqQ: number;
  readonly seqK: number;
  readonly dk: number;
  readonly dv: number;
}

const prng = mulberry32;

/** Values in [-scale, scale] stored as float32, so the backend and the float64 oracle see identical inputs. */
function randomTensor(next: () => number, shape: readonly number[], scale: number): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = (2 * next() - 1) * scale;
  return Tensor.float32(data, shape);
}

export function randomAttentionInputs(
  shape: AttentionShape,
  seed: number,
  options: { readonly withGate: boolean; readonly scale?: number },
): HostAttentionInputs {
  const next = prng(seed);
  const scale = options.scale ?? 2;
  const { batch, heads, seqQ, seqK, dk, dv } = shape;
  const q = randomTensor(next, [batch, heads, seqQ, dk], scale);
  const k = randomTensor(next, [batch, heads, seqK, dk], scale);
  const v = randomTensor(next, [batch, heads, seqK, dv], scale);
  if (!options.withGate) return { q, k, v };
  return { q, k, v, gate: randomTensor(next, [batch, heads, seqK, 1], scale) };
}

/** Tokens [start, end) of a [b, h, n, d] tensor. */
export function sliceSequence(t: Tensor, start: number, end: number): Tensor {
  const [b, h, n, d] = t.shape as [number, number, number, number];
  const length = end - start;
  const data = new Float64Array(b * h * length * d);
  for (let bh = 0; bh < b * h; bh++) {
    for (let i = 0; i < length; i++) {
      for (let c = 0; c < d; c++) data[(bh * length + i) * d + c] = t.data[(bh * n + start + i) * d + c]!;
    }
  }
  return Tensor.float64(data, [b, h, length, d]);
}

/** Joins [b, h, n1, d] and [b, h, n2, d] along the sequence axis. */
export function concatSequence(first: Tensor, second: Tensor): Tensor {
  const [b, h, n1, d] = first.shape as [number, number, number, number];
  const n2 = second.shape[2]!;
  const n = n1 + n2;
  const data = new Float64Array(b * h * n * d);
  for (let bh = 0; bh < b * h; bh++) {
    for (let i = 0; i < n; i++) {
      const [src, row, len] = i < n1 ? [first, i, n1] : [second, i - n1, n2];
      for (let c = 0; c < d; c++) data[(bh * n + i) * d + c] = src.data[(bh * len + row) * d + c]!;
    }
  }
  return Tensor.float64(data, [b, h, n, d]);
}

export function splitInputs(inputs: HostAttentionInputs, start: number, end: number): HostAttentionInputs {
  const part = (t: Tensor) => sliceSequence(t, start, end).toFloat32();
  const split = { q: part(inputs.q), k: part(inputs.k), v: part(inputs.v) };
  return inputs.gate ? { ...split, gate: part(inputs.gate) } : split;
}
