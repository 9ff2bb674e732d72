import type { GraphBuilder, Mechanism, StateValues, Value } from '../../src/index.js';
import { Tensor } from '../../src/index.js';

/**
 * Unnormalized causal linear attention, out_i = q_i sum_{j<=i} k_j^T v_j, with state S = sum k_j^T v_j.
 * Small enough to check by hand, so the form machinery (graphs, feeds, resident state) can be tested
 * apart from any real mechanism.
 */
export const toyMechanism: Mechanism<{ scale: number }> = {
  name: 'toy-linear',
  cost: { parallelTime: 'O(n^2 d)', stepTime: 'O(d^2)', stateSize: 'O(d^2)' },
  defaultOptions: { scale: 1 },
  parallel(b, { q, k, v }, { causal, scale }) {
    const scores = b.mul(b.matmul(q, b.transposeLast2(k)), scale);
    const masked = causal ? b.where(causalMask(b, q.dim(2)), scores, 0) : scores;
    const out = b.matmul(masked, v);
    return causal ? { out, state: { S: b.mul(b.matmul(b.transposeLast2(k), v), scale) } } : { out };
  },
  chunked(b, inputs, { scale }) {
    const { out, state } = this.parallel(b, inputs, { causal: true, scale });
    return { out, state: state as StateValues };
  },
  stateSpecs: ({ batch, heads, dk, dv }) => [{ name: 'S', dtype: 'float32', shape: [batch, heads, dk, dv] }],
  initialState: ({ batch, heads, dk, dv }) => ({ S: Tensor.zeros([batch, heads, dk, dv]) }),
  step(b, state, { q, k, v }, { scale }) {
    const S = b.add(state.S!, b.mul(b.matmul(b.transposeLast2(k), v), scale));
    return { out: b.matmul(q, S), state: { S } };
  },
};

function causalMask(b: GraphBuilder, n: number | string): Value {
  const i = b.iota(n);
  return b.lessEqual(b.reshape(i, [1, n]), b.reshape(i, [n, 1]));
}

/** Direct float64 loops for the toy: out and final S. */
export function toyOracle(q: Tensor, k: Tensor, v: Tensor, scale: number) {
  const [B, H, n, dk] = q.shape as [number, number, number, number];
  const dv = v.shape[3]!;
  const out = new Float64Array(B * H * n * dv);
  const S = new Float64Array(B * H * dk * dv);
  for (let bh = 0; bh < B * H; bh++) {
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < dk; c++) {
        for (let e = 0; e < dv; e++) {
          S[(bh * dk + c) * dv + e]! +=
            scale * k.data[(bh * n + i) * dk + c]! * v.data[(bh * n + i) * dv + e]!;
        }
      }
      for (let e = 0; e < dv; e++) {
        let sum = 0;
        for (let c = 0; c < dk; c++) sum += q.data[(bh * n + i) * dk + c]! * S[(bh * dk + c) * dv + e]!;
        out[(bh * n + i) * dv + e] = sum;
      }
    }
  }
  return { out, S };
}
