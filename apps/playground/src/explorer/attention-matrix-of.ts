import {
  type AnyMechanism,
  buildParallelGraph,
  evaluate,
  GraphBuilder,
  type HostMatrix,
  splitMatrices,
  Tensor,
} from '@constant-attention/core';

export interface QkInput {
  /** [1, 1, n, d_k] */
  readonly q: Tensor;
  readonly k: Tensor;
  /** Gate logits [1, 1, n, 1], for mechanisms that gate. */
  readonly gate: Tensor;
  readonly causal: boolean;
}

function identity(n: number, logSpace: boolean): Tensor {
  const data = new Float32Array(n * n).fill(logSpace ? Number.NEGATIVE_INFINITY : 0);
  for (let i = 0; i < n; i++) data[i * n + i] = logSpace ? 0 : 1;
  return Tensor.float32(data, [1, 1, n, n]);
}

/**
 * The [n, n] matrix P with out = P V, in float64 on the reference interpreter. A mechanism's own
 * `attentionMatrix` hook when it has one; otherwise derived from its parallel form with V = the n x n
 * identity, which works because every mechanism is linear in V: out = P I = P. A mechanism whose v is
 * log V (`logValues`) gets log I (0 on the diagonal, -inf elsewhere) and returns log(P V), so P = exp(out).
 */
export function attentionMatrixOf(mechanism: AnyMechanism, input: QkInput): HostMatrix {
  const { q, k, causal } = input;
  const n = q.shape[2]!;
  const options = { ...mechanism.defaultOptions, causal };
  if (mechanism.attentionMatrix) {
    const b = new GraphBuilder();
    const p = mechanism.attentionMatrix(
      b,
      b.input('q', 'float32', q.shape),
      b.input('k', 'float32', k.shape),
      options,
    );
    return splitMatrices(evaluate(b.build({ p }), { q, k }).p!)[0]!;
  }
  const graph = buildParallelGraph(
    mechanism,
    { batch: 1, heads: 1, seqQ: n, seqK: n, dk: q.shape[3]!, dv: n },
    { causal },
  );
  const feeds: Record<string, Tensor> = { q, k, v: identity(n, mechanism.logValues === true) };
  if (mechanism.usesGate) feeds.gate = input.gate;
  const out = evaluate(graph, feeds).out!;
  const data = Float64Array.from(out.data, (x) => (mechanism.logValues ? Math.exp(x) : x));
  return splitMatrices(Tensor.float64(data, out.shape))[0]!;
}
