import {
  type AnyMechanism,
  evaluate,
  GraphBuilder,
  InvalidArgumentError,
  type Tensor,
  Tensor as TensorClass,
  type Value,
} from '@constant-attention/core';

export interface ProbeOptions {
  /** Causal (a trained language model's matrices) or not (random q and k); default false. */
  readonly causal?: boolean;
  /** Merged over the mechanism's defaults, as a model's mechanismOptions are. */
  readonly mechanismOptions?: Readonly<Record<string, unknown>>;
  /** A gated mechanism's gate logits [1, 1, n, 1]; zeros when absent. */
  readonly gate?: Tensor;
}

/**
 * The [n_q, n_k] attention matrix P of one head (q, k [1, 1, n, d]) in float64: the mechanism's own
 * `attentionMatrix` where it has one, else its parallel form run on V = I (n_k one-hot value rows),
 * since out = P V = P for every mechanism whose output is linear in V. A log-space mechanism
 * (`logValues`) takes log V, so the probe does not apply and it is refused.
 */
export function probeAttentionMatrix(
  mechanism: AnyMechanism,
  q: Tensor,
  k: Tensor,
  probe: ProbeOptions = {},
): Float64Array {
  const n = k.shape[2]!;
  const b = new GraphBuilder();
  const qv = b.input('q', 'float32', q.shape);
  const kv = b.input('k', 'float32', k.shape);
  const options = { ...mechanism.defaultOptions, ...probe.mechanismOptions, causal: probe.causal ?? false };
  const feeds: Record<string, Tensor> = { q, k };
  let p: Value;
  if (mechanism.attentionMatrix) p = mechanism.attentionMatrix(b, qv, kv, options);
  else {
    if (mechanism.logValues)
      throw new InvalidArgumentError(
        `${mechanism.name} takes log V, so its matrix cannot be probed with V = I`,
      );
    const identity = new Float32Array(n * n);
    for (let i = 0; i < n; i++) identity[i * n + i] = 1;
    feeds.v = new TensorClass('float32', [1, 1, n, n], identity);
    const v = b.input('v', 'float32', [1, 1, n, n]);
    const inputs = {
      q: qv,
      k: kv,
      v,
      ...(mechanism.usesGate ? { gate: b.input('gate', 'float32', [1, 1, n, 1]) } : {}),
    };
    if (mechanism.usesGate) feeds.gate = probe.gate ?? TensorClass.full([1, 1, n, 1], 0);
    p = mechanism.parallel(b, inputs, options).out;
  }
  const out = evaluate(b.build({ p }), feeds).p!;
  return Float64Array.from(out.data as ArrayLike<number>, Number);
}
