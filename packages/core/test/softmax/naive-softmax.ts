import type { Tensor } from '../../src/index.js';

/** Softmax attention with plain loops in float64, max-shifted per row: sum_j softmax_j(scale q_i.k_j) v_j. */
export function naiveSoftmaxAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: { readonly causal: boolean; readonly scale?: number },
): Float64Array {
  const [B, H, nq, dk] = q.shape as [number, number, number, number];
  const nk = k.shape[2]!;
  const dv = v.shape[3]!;
  const scale = options.scale ?? 1 / Math.sqrt(dk);
  const out = new Float64Array(B * H * nq * dv);
  for (let bh = 0; bh < B * H; bh++) {
    for (let i = 0; i < nq; i++) {
      const last = options.causal ? i : nk - 1;
      const logits: number[] = [];
      for (let j = 0; j <= last; j++) {
        let dot = 0;
        for (let x = 0; x < dk; x++) dot += q.data[(bh * nq + i) * dk + x]! * k.data[(bh * nk + j) * dk + x]!;
        logits.push(dot * scale);
      }
      const max = Math.max(...logits);
      const weights = logits.map((l) => Math.exp(l - max));
      const total = weights.reduce((a, w) => a + w, 0);
      for (let y = 0; y < dv; y++) {
        let acc = 0;
        weights.forEach((w, j) => {
          acc += w * v.data[(bh * nk + j) * dv + y]!;
        });
        out[(bh * nq + i) * dv + y] = acc / total;
      }
    }
  }
  return out;
}
