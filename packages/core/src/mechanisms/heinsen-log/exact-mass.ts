import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { Dim } from '../../ir/shape.js';

/**
 * The exact paths of log-mass.ts's GEMMs: the same log sums, each term formed elementwise in log space
 * and reduced by a max-shifted log-sum-exp, so no term is lost to an offset it does not reach, whatever
 * the spread of q, k and log V. They take the max-plus product's room ([I, J, ...] or [J, d_k, d_v]),
 * so they run over groups of dims, each group's intermediate about the size of the GEMM path's own
 * values (the chunked form's memory bound holds on either path; test/heinsen/memory-bound.test.ts).
 */

/** Dims per group so that [rows, g, cols]-sized terms stay near rows (d_k + d_v): at least 1, at most `dims`. */
function groupSize(dims: number, dk: number, dv: number, cols: Dim): number {
  if (typeof cols !== 'number') return 1;
  return Math.max(1, Math.min(dims, Math.floor((dk + dv) / Math.max(1, cols))));
}

/** [start, end) of consecutive groups of `size` over `dims`. */
function groups(dims: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < dims; start += size) out.push([start, Math.min(dims, start + size)]);
  return out;
}

const lastAxis = (b: GraphBuilder, x: Value, [start, end]: [number, number]) =>
  end - start === x.dim(-1) ? x : b.slice(x, [-1], [start], [end]);

/**
 * log N_iv = LSE_{j, d}(q_id + k_jd + logV_jv) for keys [..., J, d_k] every query [..., I, d_k] sees:
 * first s_ij = LSE_d(q_id + k_jd) [..., I, J], then LSE_j(s_ij + logV_jv), each over groups of dims.
 */
export function exactBlockLogN(b: GraphBuilder, q: Value, k: Value, logV: Value): Value {
  const lead = q.shape.slice(0, -2);
  const [rows, keys] = [q.dim(-2), k.dim(-2)];
  const [dk, dv] = [q.dim(-1) as number, logV.dim(-1) as number];
  const wider: Dim = typeof rows === 'number' && typeof keys === 'number' ? Math.max(rows, keys) : rows;
  let scores: Value | undefined;
  for (const range of groups(dk, groupSize(dk, dk, dv, wider))) {
    const [qg, kg] = [lastAxis(b, q, range), lastAxis(b, k, range)];
    const width = range[1] - range[0];
    const pairs = b.add(b.reshape(qg, [...lead, rows, 1, width]), b.reshape(kg, [...lead, 1, keys, width]));
    const part = b.logSumExp(pairs, [-1]);
    scores = scores ? b.logAddExp(scores, part) : part;
  }
  const columns = groups(dv, groupSize(dv, dk, dv, wider)).map((range) => {
    const vg = lastAxis(b, logV, range);
    const width = range[1] - range[0];
    const terms = b.add(
      b.reshape(scores!, [...lead, rows, keys, 1]),
      b.reshape(vg, [...lead, 1, keys, width]),
    );
    return b.logSumExp(terms, [-2]);
  });
  return columns.length === 1 ? columns[0]! : b.concat(columns, -1);
}

/** log N_iv = LSE_d(q_id + log H_S[d, v]) for queries [..., I, d_k] and a summarized log H_S [..., d_k, d_v]. */
export function exactStateLogN(b: GraphBuilder, q: Value, logHS: Value): Value {
  const [qLead, sLead] = [q.shape.slice(0, -2), logHS.shape.slice(0, -2)];
  const [dk, dv] = [q.dim(-1) as number, logHS.dim(-1) as number];
  let logN: Value | undefined;
  for (const [start, end] of groups(dk, groupSize(dk, dk, dv, dv))) {
    const width = end - start;
    const qg = lastAxis(b, q, [start, end]);
    const sg = width === dk ? logHS : b.slice(logHS, [-2], [start], [end]);
    const terms = b.add(
      b.reshape(qg, [...qLead, q.dim(-2), width, 1]),
      b.reshape(sg, [...sLead, 1, width, dv]),
    );
    const part = b.logSumExp(terms, [-2]);
    logN = logN ? b.logAddExp(logN, part) : part;
  }
  return logN!;
}

/** log H_S[d, v] = LSE_j(k_jd + logV_jv) over axis -2 of keys [..., J, d_k] and logV [..., J, d_v]. */
export function exactKeySums(b: GraphBuilder, k: Value, logV: Value): Value {
  const lead = k.shape.slice(0, -2);
  const keys = k.dim(-2);
  const [dk, dv] = [k.dim(-1) as number, logV.dim(-1) as number];
  const parts = groups(dk, groupSize(dk, dk, dv, dv)).map((range) => {
    const width = range[1] - range[0];
    const kg = lastAxis(b, k, range);
    const terms = b.add(b.reshape(kg, [...lead, keys, width, 1]), b.reshape(logV, [...lead, keys, 1, dv]));
    return b.logSumExp(terms, [-3]);
  });
  return parts.length === 1 ? parts[0]! : b.concat(parts, -2);
}
