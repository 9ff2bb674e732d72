import { Tensor } from '../../src/index.js';

/** x [rows, in] @ w [in, out] + bias, plain loops in float64. */
export function project(x: ArrayLike<number>, rows: number, w: Tensor, bias?: Tensor): Float64Array {
  const [inSize, outSize] = w.shape as [number, number];
  const y = new Float64Array(rows * outSize);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outSize; o++) {
      let acc = bias ? bias.data[o]! : 0;
      for (let i = 0; i < inSize; i++) acc += x[r * inSize + i]! * w.data[i * outSize + o]!;
      y[r * outSize + o] = acc;
    }
  }
  return y;
}

/** [batch, seq, heads * d] (flat) -> Tensor [batch, heads, seq, d]. */
export function toHeads(y: Float64Array, batch: number, seq: number, heads: number): Tensor {
  const d = y.length / (batch * seq * heads);
  const out = new Float64Array(y.length);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      for (let t = 0; t < seq; t++) {
        for (let x = 0; x < d; x++)
          out[((b * heads + h) * seq + t) * d + x] = y[(b * seq + t) * heads * d + h * d + x]!;
      }
    }
  }
  return Tensor.float64(out, [batch, heads, seq, d]);
}

/** [batch, heads, seq, d] (flat) -> [batch * seq, heads * d] (flat). */
export function fromHeads(
  o: ArrayLike<number>,
  batch: number,
  heads: number,
  seq: number,
  d: number,
): Float64Array {
  const out = new Float64Array(batch * heads * seq * d);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      for (let t = 0; t < seq; t++) {
        for (let x = 0; x < d; x++)
          out[(b * seq + t) * heads * d + h * d + x] = o[((b * heads + h) * seq + t) * d + x]!;
      }
    }
  }
  return out;
}

export interface NaiveParams {
  readonly wq: Tensor;
  readonly wk: Tensor;
  readonly wv: Tensor;
  readonly wo: Tensor;
  readonly bq: Tensor;
  readonly bk: Tensor;
  readonly bv: Tensor;
  readonly bo: Tensor;
  readonly wg: Tensor;
  readonly bg: Tensor;
}

/**
 * Multi-head attention in plain float64 loops: project, split heads, run `perHead` on
 * [batch, heads, seq, d] tensors, merge heads, project out. Returns [batch, seq, dModel] flat.
 */
export function naiveMultiHead(
  x: Tensor,
  p: NaiveParams,
  heads: number,
  perHead: (q: Tensor, k: Tensor, v: Tensor, gate: Tensor) => Float64Array,
): Float64Array {
  const [batch, seq] = x.shape as [number, number, number];
  const rows = batch * seq;
  const q = toHeads(project(x.data, rows, p.wq, p.bq), batch, seq, heads);
  const k = toHeads(project(x.data, rows, p.wk, p.bk), batch, seq, heads);
  const v = toHeads(project(x.data, rows, p.wv, p.bv), batch, seq, heads);
  const gate = toHeads(project(x.data, rows, p.wg, p.bg), batch, seq, heads);
  const dv = v.shape[3]!;
  const merged = fromHeads(perHead(q, k, v, gate), batch, heads, seq, dv);
  return project(merged, rows, p.wo, p.bo);
}
