import {
  evaluate,
  GraphBuilder,
  type SoftmaxOptions,
  softmaxAttention,
  stackTokens,
  type Tensor,
  tokenAt,
} from '../../src/index.js';

/**
 * Runs softmaxAttention.step token by token with one graph per step whose cache length is concrete.
 * (run-forms' runRecurrent declares the cache with a symbolic 'past' dim; see the todo in forms.test.ts.)
 */
export function runSoftmaxSteps(
  inputs: { readonly q: Tensor; readonly k: Tensor; readonly v: Tensor },
  options: SoftmaxOptions,
  initial?: Record<string, Tensor>,
): { out: Tensor; state: Record<string, Tensor> } {
  const [batch, heads, n, dk] = inputs.q.shape as [number, number, number, number];
  const dv = inputs.v.shape[3]!;
  let state = initial ?? softmaxAttention.initialState({ batch, heads, dk, dv }, options);
  const outs: Tensor[] = [];
  for (let t = 0; t < n; t++) {
    const b = new GraphBuilder();
    const past = state.key!.shape[2]!;
    const token = {
      q: b.input('q', 'float32', [batch, heads, 1, dk]),
      k: b.input('k', 'float32', [batch, heads, 1, dk]),
      v: b.input('v', 'float32', [batch, heads, 1, dv]),
    };
    const cache = {
      key: b.input('past.key', 'float32', [batch, heads, past, dk]),
      value: b.input('past.value', 'float32', [batch, heads, past, dv]),
    };
    const result = softmaxAttention.step(b, cache, token, options);
    const graph = b.build({ out: result.out, key: result.state.key!, value: result.state.value! });
    const got = evaluate(graph, {
      q: tokenAt(inputs.q, t),
      k: tokenAt(inputs.k, t),
      v: tokenAt(inputs.v, t),
      'past.key': state.key!,
      'past.value': state.value!,
    });
    outs.push(got.out!);
    state = { key: got.key!, value: got.value! };
  }
  return { out: stackTokens(outs), state };
}
