import { type Dim, InvalidArgumentError } from '@constant-attention/core';
import { float, int, ints } from '../onnx-emitter.js';
import type { LoweringRule } from './rule.js';

/** ORT's contrib operator set, where MultiHeadAttention lives (opset 1 of com.microsoft). */
const CONTRIB_DOMAIN = 'com.microsoft';

/**
 * The composite as ORT's fused com.microsoft.MultiHeadAttention: the n_q x n_k scores are computed and
 * normalized in tiles inside one kernel instead of as graph tensors. MHA takes [b, n, h * d], so q, k
 * and v are transposed in and the result out (O(n d) each, against the kernel's O(n^2 d)).
 * - `unidirectional` masks keys after the query, aligned at the top left, which is core's causal
 *   (the composite only allows causal with n_q = n_k).
 * - MHA reads a scale of 0 as "unset" (1/sqrt(dk)); a zero scale is applied to q instead.
 * Only in device profiles whose ORT build has the kernel (passes/fused-attention.ts).
 */
export const scaledDotProductAttention: LoweringRule<'ScaledDotProductAttention'> = (ctx) => {
  const em = ctx.emitter;
  const [q, k, v] = ctx.inputs as [string, string, string];
  const [heads, dk] = [ctx.inputInfo[0]!.shape[1]!, ctx.inputInfo[0]!.shape[3]!];
  const dv = ctx.inputInfo[2]!.shape[3]!;
  if (typeof heads !== 'number') {
    throw new InvalidArgumentError(
      `backend-ort: fused attention needs a concrete head count (MultiHeadAttention's num_heads), got '${heads}'`,
    );
  }
  const width = (d: Dim) => (typeof d === 'number' ? heads * d : -1);
  const toRows = (x: string, d: Dim) =>
    em.node('Reshape', [
      em.node('Transpose', [x], { perm: ints([0, 2, 1, 3]) }),
      em.int64s([0, 0, width(d)]),
    ]);
  const { scale, causal } = ctx.attrs;
  const query = scale === 0 ? em.node('Mul', [q, em.constant('float32', [], [0])]) : q;
  const rows = em.domainNode(
    CONTRIB_DOMAIN,
    1,
    'MultiHeadAttention',
    [toRows(query, dk), toRows(k, dk), toRows(v, dv)],
    { num_heads: int(heads), scale: float(scale === 0 ? 1 : scale), unidirectional: int(causal ? 1 : 0) },
  );
  const split = em.node('Reshape', [rows, em.int64s([0, 0, heads, typeof dv === 'number' ? dv : -1])]);
  return em.node('Transpose', [split], { perm: ints([0, 2, 1, 3]) });
};
